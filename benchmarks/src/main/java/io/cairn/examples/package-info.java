/**
 * Runnable examples of embedding Cairn: {@link io.cairn.examples.WordCountExample} counts words per key in the
 * off-heap backend and checks the counts against a plain {@code HashMap}.
 */
package io.cairn.examples;

/**
 * Chronicle Map, an off-heap hash map, behind Cairn's backend SPI as the peer {@code chronicle-map}: a raw
 * {@code Long} to {@code Long} map with no state semantics, for the value-state benchmark only.
 */
package io.cairn.peers.chronicle;

/**
 * JMH benchmarks of keyed state, in the shape of Apache Flink's state benchmarks, and the tool that turns their
 * JSON results into a Markdown table ({@link io.cairn.benchmarks.ResultsTable}).
 *
 * <p>All inputs are computed at trial setup into primitive arrays ({@link io.cairn.benchmarks.StateBenchmarkData});
 * the backend under test is named by the {@code backend} parameter and found by
 * {@link io.cairn.backend.StateBackendLoader} ({@link io.cairn.benchmarks.BenchmarkBackends}). Run them with
 * {@code benchmarks/run.sh}.
 */
package io.cairn.benchmarks;

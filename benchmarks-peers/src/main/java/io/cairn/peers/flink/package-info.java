/**
 * Apache Flink's own keyed state backends behind Cairn's backend SPI, so that Cairn's benchmark suites run on
 * them unchanged: {@code flink-hashmap} ({@code HashMapStateBackend}) and {@code flink-rocksdb}
 * ({@code EmbeddedRocksDBStateBackend}), found by {@link io.cairn.backend.StateBackendLoader} through the
 * factories registered in {@code META-INF/services}. Snapshots and restores, rescaled ones too, go through Flink's
 * own snapshot and restore path ({@link io.cairn.peers.flink.FlinkKeyedStateBackend}).
 */
package io.cairn.peers.flink;

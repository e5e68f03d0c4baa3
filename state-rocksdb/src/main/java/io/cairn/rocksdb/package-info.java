/**
 * The RocksDB keyed state backend ({@code state.backend.type: rocksdb}): keyed state in RocksDB, one column family
 * per state, bounded in memory by the backend's budget, with full snapshots in Cairn's shared stream format. The
 * layout and the design choices are described in this module's {@code README.md}.
 */
package io.cairn.rocksdb;

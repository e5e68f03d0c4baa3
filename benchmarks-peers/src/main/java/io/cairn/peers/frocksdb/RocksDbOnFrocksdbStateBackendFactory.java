package io.cairn.peers.frocksdb;

import java.util.Map;

import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;
import io.cairn.rocksdb.RocksDbStateBackendFactory;

/**
 * {@value #NAME}: Cairn's RocksDB backend ({@code state.backend.type: rocksdb}, the same classes and options) on
 * the RocksDB build Apache Flink's {@code EmbeddedRocksDBStateBackend} uses, {@code com.ververica:frocksdbjni},
 * the only RocksDB on the peers' class path. Configured exactly as {@code rocksdb}: every key of the configuration
 * means what it means there.
 *
 * <p>The peers' jar registers this name only; Cairn's jar registers {@code rocksdb} (on rocksdbjni). So a row of
 * the results names its engine.
 */
public final class RocksDbOnFrocksdbStateBackendFactory implements StateBackendFactory
{
    /** The name the backend is selected by: {@code -p backend=rocksdb-frocksdbjni}. */
    public static final String NAME = "rocksdb-frocksdbjni";

    private final RocksDbStateBackendFactory rocksDb = new RocksDbStateBackendFactory();

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        return rocksDb.createFromConfig(config);
    }
}

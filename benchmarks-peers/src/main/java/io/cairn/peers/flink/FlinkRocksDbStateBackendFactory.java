package io.cairn.peers.flink;

import java.util.List;
import java.util.Map;

import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.rocksdb.CompressionType;

/**
 * The peer {@value #NAME}: Apache Flink's {@code EmbeddedRocksDBStateBackend}, state serialized into an embedded
 * RocksDB (Flink's own build of it, frocksdbjni), behind Cairn's backend SPI for the benchmarks.
 *
 * <p>Flink's defaults, but for two settings: every level is compressed with LZ4 ({@code
 * state.backend.rocksdb.compression.per.level}, Snappy by default), the compression Cairn uses; and checkpoints
 * are incremental ({@code EmbeddedRocksDBStateBackend(true)}; off by default in Flink, on in Cairn's RocksDB
 * backend): a checkpoint uploads only the SST files no confirmed checkpoint holds. Savepoints are whole. The memory
 * budget of the benchmark becomes the task's managed memory, from which Flink sizes RocksDB's block cache and
 * write buffers; files go to the task's temporary directory (under {@code java.io.tmpdir}).
 */
public final class FlinkRocksDbStateBackendFactory implements StateBackendFactory
{
    /** The name the peer is selected by: {@code -p backend=flink-rocksdb}. */
    public static final String NAME = "flink-rocksdb";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        final Configuration flinkConfig = new Configuration();
        flinkConfig.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(CompressionType.LZ4_COMPRESSION));
        final EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend(true)
            .configure(flinkConfig, FlinkRocksDbStateBackendFactory.class.getClassLoader());
        return new FlinkStateBackend(NAME, backend);
    }
}

package io.cairn.peers.flink;

import java.util.Map;

import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;

/**
 * The peer {@value #NAME}: Apache Flink's {@code HashMapStateBackend}, state as Java objects on the heap, with
 * Flink's defaults (copy-on-write state maps), behind Cairn's backend SPI for the benchmarks.
 */
public final class FlinkHashMapStateBackendFactory implements StateBackendFactory
{
    /** The name the peer is selected by: {@code -p backend=flink-hashmap}. */
    public static final String NAME = "flink-hashmap";

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        return new FlinkStateBackend(NAME, new HashMapStateBackend());
    }
}

package io.cairn.offheap;

import java.util.Map;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;

/** Registers {@link OffHeapStateBackend} with {@link io.cairn.backend.StateBackendLoader} under {@code offheap}. */
public final class OffHeapStateBackendFactory implements StateBackendFactory
{
    @Override
    public String name()
    {
        return OffHeapStateBackend.NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        return new OffHeapStateBackend(IncrementalCheckpointSettings.fromConfig(config, true));
    }
}

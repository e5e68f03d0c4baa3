package io.cairn.offheap;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;

/**
 * The off-heap state backend, Cairn's default ({@code state.backend.type: offheap}). Each keyed backend it creates
 * keeps its state in off-heap memory bounded by the parameters' memory budget. Checkpoints are incremental unless
 * {@value IncrementalCheckpointSettings#INCREMENTAL} is {@code false} (see {@link IncrementalCheckpointSettings});
 * savepoints are always whole.
 */
public final class OffHeapStateBackend implements StateBackend
{
    /** The name that selects this backend. */
    public static final String NAME = "offheap";

    private final IncrementalCheckpointSettings incrementalSettings;

    /** A backend with incremental checkpoints and their default bounds. */
    public OffHeapStateBackend()
    {
        this(IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS);
    }

    /**
     * @param incrementalSettings whether checkpoints are incremental, and the bounds of their chains.
     */
    public OffHeapStateBackend(final IncrementalCheckpointSettings incrementalSettings)
    {
        if (incrementalSettings == null)
        {
            throw new IllegalArgumentException("incrementalSettings=null; expected IncrementalCheckpointSettings");
        }
        this.incrementalSettings = incrementalSettings;
    }

    /** @return whether checkpoints are incremental, and the bounds of their chains. */
    public IncrementalCheckpointSettings getIncrementalSettings()
    {
        return incrementalSettings;
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public <K> KeyedStateBackend<K> createKeyedStateBackend(final KeyedStateBackendParameters<K> parameters)
    {
        if (parameters == null)
        {
            throw new IllegalArgumentException("parameters=null; expected KeyedStateBackendParameters");
        }
        return new OffHeapKeyedStateBackend<>(parameters, incrementalSettings);
    }

    @Override
    public String toString()
    {
        return "OffHeapStateBackend{" + incrementalSettings + "}";
    }
}

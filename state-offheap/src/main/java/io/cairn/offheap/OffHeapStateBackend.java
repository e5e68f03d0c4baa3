package io.cairn.offheap;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;

/**
 * The off-heap state backend, Cairn's default ({@code state.backend.type: offheap}). Each keyed backend it creates
 * keeps its state in off-heap memory bounded by the parameters' memory budget.
 */
public final class OffHeapStateBackend implements StateBackend
{
    /** The name that selects this backend. */
    public static final String NAME = "offheap";

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
        return new OffHeapKeyedStateBackend<>(parameters);
    }

    @Override
    public String toString()
    {
        return "OffHeapStateBackend";
    }
}

package io.cairn.offheap;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.KeyedStateBackendSnapshotContractTest;

/** The snapshot and restore contract, run against the off-heap backend. */
class OffHeapSnapshotTest extends KeyedStateBackendSnapshotContractTest
{
    @Override
    protected <K> KeyedStateBackend<K> createBackend(final KeyedStateBackendParameters<K> parameters)
    {
        return new OffHeapStateBackend().createKeyedStateBackend(parameters);
    }
}

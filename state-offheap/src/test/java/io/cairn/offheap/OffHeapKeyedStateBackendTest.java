package io.cairn.offheap;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendContractTest;
import io.cairn.backend.KeyedStateBackendParameters;

/** The keyed-backend contract, run against the off-heap backend. */
class OffHeapKeyedStateBackendTest extends KeyedStateBackendContractTest
{
    @Override
    protected <K> KeyedStateBackend<K> createBackend(final KeyedStateBackendParameters<K> parameters)
    {
        return new OffHeapStateBackend().createKeyedStateBackend(parameters);
    }
}

package io.cairn.rocksdb;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.KeyedStateBackendSnapshotContractTest;

/**
 * The snapshot and restore contract, run against the RocksDB backend with incremental checkpoints (its default):
 * the files of RocksDB checkpoints, restored at the same and at other parallelisms.
 */
class RocksDbIncrementalSnapshotTest extends KeyedStateBackendSnapshotContractTest
{
    @Override
    protected <K> KeyedStateBackend<K> createBackend(final KeyedStateBackendParameters<K> parameters)
    {
        return TestDirectories.backend().createKeyedStateBackend(parameters);
    }
}

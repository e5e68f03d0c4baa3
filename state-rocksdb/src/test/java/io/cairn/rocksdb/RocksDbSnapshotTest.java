package io.cairn.rocksdb;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.KeyedStateBackendSnapshotContractTest;

/** The snapshot and restore contract, run against the RocksDB backend with whole checkpoints (the stream format). */
class RocksDbSnapshotTest extends KeyedStateBackendSnapshotContractTest
{
    @Override
    protected <K> KeyedStateBackend<K> createBackend(final KeyedStateBackendParameters<K> parameters)
    {
        return new RocksDbStateBackend(TestDirectories.localDirectory(), IncrementalCheckpointSettings.FULL)
            .createKeyedStateBackend(parameters);
    }
}

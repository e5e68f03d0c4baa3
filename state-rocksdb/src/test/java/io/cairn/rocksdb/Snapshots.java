package io.cairn.rocksdb;

import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Snapshots taken to the end on the test's thread: the synchronous part, then the asynchronous one. */
final class Snapshots
{
    private Snapshots()
    {
    }

    /**
     * @return the handle of snapshot {@code id} (its timestamp too), asserted not null: the backend has state.
     * @throws Exception if the snapshot fails.
     */
    static KeyedStateHandle take(
        final KeyedStateBackend<?> backend,
        final long id,
        final CheckpointStreamFactory streams,
        final CheckpointOptions options) throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(id, id, streams, options);
        future.run();
        final KeyedStateHandle handle = future.get().getJobManagerOwnedSnapshot();
        assertNotNull(handle, "snapshot " + id + " of " + backend.getKeyGroupRange());
        return handle;
    }
}

package io.cairn.peers.flink;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import org.apache.flink.runtime.state.SharedStateRegistry;

/**
 * The asynchronous part of a Flink keyed backend's snapshot, as Cairn's SPI returns it: running, cancelling and
 * waiting go straight to Flink's future (cancelling releases the copy-on-write view Flink's synchronous part took);
 * the result's handle is wrapped in a {@link FlinkSnapshotHandle}.
 *
 * <p>The handle's shared state is registered with the backend's {@link SharedStateRegistry} first, as Flink's
 * checkpoint coordinator does when a checkpoint completes: an incremental RocksDB checkpoint refers to files an
 * earlier one uploaded by placeholders, which the registry replaces with those files' handles, so that the handle
 * can be restored.
 */
final class FlinkSnapshotFuture implements RunnableFuture<SnapshotResult<KeyedStateHandle>>
{
    private final RunnableFuture<org.apache.flink.runtime.state.SnapshotResult<
        org.apache.flink.runtime.state.KeyedStateHandle>> flinkFuture;
    private final SharedStateRegistry sharedStateRegistry;
    private final long checkpointId;
    private boolean registered;

    /**
     * @param flinkFuture         what Flink's {@code snapshot(...)} returned.
     * @param sharedStateRegistry the registry of the backend's earlier snapshots.
     * @param checkpointId        the snapshot's checkpoint id.
     */
    FlinkSnapshotFuture(
        final RunnableFuture<org.apache.flink.runtime.state.SnapshotResult<
            org.apache.flink.runtime.state.KeyedStateHandle>> flinkFuture,
        final SharedStateRegistry sharedStateRegistry,
        final long checkpointId)
    {
        this.flinkFuture = flinkFuture;
        this.sharedStateRegistry = sharedStateRegistry;
        this.checkpointId = checkpointId;
    }

    @Override
    public void run()
    {
        flinkFuture.run();
    }

    @Override
    public boolean cancel(final boolean mayInterruptIfRunning)
    {
        return flinkFuture.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled()
    {
        return flinkFuture.isCancelled();
    }

    @Override
    public boolean isDone()
    {
        return flinkFuture.isDone();
    }

    @Override
    public SnapshotResult<KeyedStateHandle> get() throws InterruptedException, ExecutionException
    {
        return toCairn(flinkFuture.get());
    }

    @Override
    public SnapshotResult<KeyedStateHandle> get(final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException
    {
        return toCairn(flinkFuture.get(timeout, unit));
    }

    private SnapshotResult<KeyedStateHandle> toCairn(
        final org.apache.flink.runtime.state.SnapshotResult<org.apache.flink.runtime.state.KeyedStateHandle> result)
    {
        final org.apache.flink.runtime.state.KeyedStateHandle handle = result.getJobManagerOwnedSnapshot();
        if (handle != null && !registered)
        {
            handle.registerSharedStates(sharedStateRegistry, checkpointId);
            registered = true;
        }
        return handle == null ? SnapshotResult.empty() : SnapshotResult.of(new FlinkSnapshotHandle(handle));
    }
}

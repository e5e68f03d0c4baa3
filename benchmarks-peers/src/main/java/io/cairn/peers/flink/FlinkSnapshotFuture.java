package io.cairn.peers.flink;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;

/**
 * The asynchronous part of a Flink keyed backend's snapshot, as Cairn's SPI returns it: running, cancelling and
 * waiting go straight to Flink's future (cancelling releases the copy-on-write view Flink's synchronous part took);
 * the result's handle is wrapped in a {@link FlinkSnapshotHandle}.
 */
final class FlinkSnapshotFuture implements RunnableFuture<SnapshotResult<KeyedStateHandle>>
{
    private final RunnableFuture<org.apache.flink.runtime.state.SnapshotResult<
        org.apache.flink.runtime.state.KeyedStateHandle>> flinkFuture;

    /**
     * @param flinkFuture what Flink's {@code snapshot(...)} returned.
     */
    FlinkSnapshotFuture(final RunnableFuture<org.apache.flink.runtime.state.SnapshotResult<
        org.apache.flink.runtime.state.KeyedStateHandle>> flinkFuture)
    {
        this.flinkFuture = flinkFuture;
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

    private static SnapshotResult<KeyedStateHandle> toCairn(
        final org.apache.flink.runtime.state.SnapshotResult<org.apache.flink.runtime.state.KeyedStateHandle> result)
    {
        final org.apache.flink.runtime.state.KeyedStateHandle handle = result.getJobManagerOwnedSnapshot();
        return handle == null ? SnapshotResult.empty() : SnapshotResult.of(new FlinkSnapshotHandle(handle));
    }
}

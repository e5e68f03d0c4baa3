package io.cairn.snapshot;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The asynchronous part of a snapshot, as a backend returns it from {@link Snapshotable#snapshot}: it writes the
 * captured view once, and releases the view exactly once, whatever happens:
 * <ul>
 *     <li>after the write, whether it succeeded or failed;</li>
 *     <li>at once, if the task is cancelled before it starts (the write then never runs);</li>
 *     <li>never while the write runs: a cancel during the write interrupts it, and the release follows the
 *     write's end, so the view's memory is never freed under a reader.</li>
 * </ul>
 * A result that completes after a successful cancel is discarded, so a cancelled snapshot leaves no file.
 *
 * @param <H> the handle type.
 */
public final class AsyncSnapshotTask<H extends StateHandle> extends FutureTask<SnapshotResult<H>>
{
    private static final int NOT_STARTED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;

    private final AtomicInteger state;
    private final Runnable release;

    /**
     * @param write   writes the view and returns its handle.
     * @param release releases the view; called exactly once, from whichever thread ends the task.
     */
    public AsyncSnapshotTask(final Callable<SnapshotResult<H>> write, final Runnable release)
    {
        this(new AtomicInteger(NOT_STARTED), write, release);
    }

    private AsyncSnapshotTask(
        final AtomicInteger state, final Callable<SnapshotResult<H>> write, final Runnable release)
    {
        super(() ->
        {
            if (!state.compareAndSet(NOT_STARTED, RUNNING))
            {
                throw new CancellationException("snapshot was cancelled before it started");
            }
            try
            {
                return write.call();
            }
            finally
            {
                state.set(DONE);
                release.run();
            }
        });
        this.state = state;
        this.release = release;
    }

    @Override
    protected void done()
    {
        if (state.compareAndSet(NOT_STARTED, DONE))
        {
            release.run();
        }
    }

    @Override
    protected void set(final SnapshotResult<H> result)
    {
        super.set(result);
        if (isCancelled() && result != null)
        {
            try
            {
                result.discardState();
            }
            catch (final IOException ex)
            {
                setException(ex);
            }
        }
    }
}

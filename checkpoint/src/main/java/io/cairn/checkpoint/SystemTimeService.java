package io.cairn.checkpoint;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Wall-clock time and a single daemon timer thread; close it when done. */
public final class SystemTimeService implements TimeService, AutoCloseable
{
    private final ScheduledThreadPoolExecutor timer;

    /** Starts the timer thread. */
    public SystemTimeService()
    {
        timer = new ScheduledThreadPoolExecutor(1, (runnable) ->
        {
            final Thread thread = new Thread(runnable, "cairn-checkpoint-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long currentTimeMillis()
    {
        return System.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delayMillis)
    {
        final ScheduledFuture<?> future = timer.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable scheduleAtFixedRate(final Runnable task, final long initialDelayMillis, final long periodMillis)
    {
        final ScheduledFuture<?> future =
            timer.scheduleAtFixedRate(task, initialDelayMillis, periodMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** Stops the timer thread; tasks not yet run are dropped. */
    @Override
    public void close()
    {
        timer.shutdownNow();
    }
}

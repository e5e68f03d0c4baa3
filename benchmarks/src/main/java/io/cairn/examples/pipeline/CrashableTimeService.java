package io.cairn.examples.pipeline;

import io.cairn.checkpoint.SystemTimeService;
import io.cairn.checkpoint.TimeService;

/**
 * The coordinator's clock for the main job: a {@link SystemTimeService} whose timer can die as with a crashed
 * process. After {@link #crash()} returns no timer task (a periodic trigger, a checkpoint's expiry) is running
 * or will ever run again, so a dead coordinator cannot touch the checkpoint directory that its successor opens.
 * Thread-safe.
 */
final class CrashableTimeService implements TimeService, AutoCloseable
{
    private final SystemTimeService delegate = new SystemTimeService();
    private final Object lock = new Object();
    private boolean dead;

    @Override
    public long currentTimeMillis()
    {
        return delegate.currentTimeMillis();
    }

    @Override
    public Cancellable schedule(final Runnable task, final long delayMillis)
    {
        return delegate.schedule(() -> runUnlessDead(task), delayMillis);
    }

    @Override
    public Cancellable scheduleAtFixedRate(final Runnable task, final long initialDelayMillis, final long periodMillis)
    {
        return delegate.scheduleAtFixedRate(() -> runUnlessDead(task), initialDelayMillis, periodMillis);
    }

    private void runUnlessDead(final Runnable task)
    {
        synchronized (lock)
        {
            if (!dead)
            {
                task.run();
            }
        }
    }

    /** Kills the timer: waits for a task in progress, then runs none again. Idempotent. */
    void crash()
    {
        synchronized (lock)
        {
            dead = true;
        }
        delegate.close();
    }

    /** Stops the timer thread, as {@link #crash()} does. */
    @Override
    public void close()
    {
        crash();
    }
}

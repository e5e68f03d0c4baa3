package io.cairn.checkpoint;

import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when {@link #advance} is called, running the tasks that fall due in time order on the
 * calling thread: for deterministic tests and simulations of the coordinator. Thread-safe.
 */
public final class ManualTimeService implements TimeService
{
    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long sequence;

    /**
     * @param startMillis the clock's initial time.
     */
    public ManualTimeService(final long startMillis)
    {
        this.now = startMillis;
    }

    @Override
    public synchronized long currentTimeMillis()
    {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(final Runnable task, final long delayMillis)
    {
        return add(task, now + Math.max(0, delayMillis), 0);
    }

    @Override
    public synchronized Cancellable scheduleAtFixedRate(
        final Runnable task, final long initialDelayMillis, final long periodMillis)
    {
        if (periodMillis <= 0)
        {
            throw new IllegalArgumentException("periodMillis=" + periodMillis + "; expected > 0");
        }
        return add(task, now + Math.max(0, initialDelayMillis), periodMillis);
    }

    /**
     * Moves the clock forward, running every task due on the way, in order of due time.
     *
     * @param millis how far, {@code >= 0}.
     */
    public void advance(final long millis)
    {
        if (millis < 0)
        {
            throw new IllegalArgumentException("millis=" + millis + "; expected >= 0");
        }
        final long target;
        synchronized (this)
        {
            target = now + millis;
        }
        while (true)
        {
            final Task due;
            synchronized (this)
            {
                due = nextDue(target);
                if (due == null)
                {
                    now = target;
                    return;
                }
                now = Math.max(now, due.dueMillis);
                if (due.periodMillis > 0)
                {
                    due.dueMillis += due.periodMillis;
                }
                else
                {
                    tasks.remove(due);
                }
            }
            due.task.run();
        }
    }

    /** @return the number of tasks scheduled and not cancelled (periodic ones count once). */
    public synchronized int scheduledTaskCount()
    {
        return tasks.size();
    }

    private Task nextDue(final long target)
    {
        Task next = null;
        for (final Task task : tasks)
        {
            if (task.dueMillis <= target &&
                (next == null || task.dueMillis < next.dueMillis ||
                (task.dueMillis == next.dueMillis && task.order < next.order)))
            {
                next = task;
            }
        }
        return next;
    }

    private Cancellable add(final Runnable runnable, final long dueMillis, final long periodMillis)
    {
        final Task task = new Task(runnable, dueMillis, periodMillis, sequence++);
        tasks.add(task);
        return () ->
        {
            synchronized (ManualTimeService.this)
            {
                tasks.remove(task);
            }
        };
    }

    private static final class Task
    {
        private final Runnable task;
        private final long periodMillis;
        private final long order;
        private long dueMillis;

        Task(final Runnable task, final long dueMillis, final long periodMillis, final long order)
        {
            this.task = task;
            this.dueMillis = dueMillis;
            this.periodMillis = periodMillis;
            this.order = order;
        }
    }
}

package io.cairn.checkpoint;

import java.util.concurrent.atomic.AtomicLong;

/** A {@link CheckpointIdCounter} in memory, starting at 1; lock-free. */
public final class StandaloneCheckpointIdCounter implements CheckpointIdCounter
{
    private final AtomicLong next = new AtomicLong(1);

    @Override
    public long getAndIncrement()
    {
        return next.getAndIncrement();
    }

    @Override
    public long get()
    {
        return next.get();
    }

    @Override
    public void advanceTo(final long nextId)
    {
        next.accumulateAndGet(nextId, Math::max);
    }
}

package io.cairn.examples.pipeline;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the subtasks of one phase of the main job share: whether they may stop at their stop position yet (before
 * the crash: once a checkpoint has completed), how many have arrived there, and whether the phase was aborted
 * because a subtask failed. A subtask that arrives waits, still taking checkpoints, until all have: then they stop
 * together, at one moment, as the subtasks of a crashed process do. Thread-safe.
 */
final class PhaseControl
{
    private final int parties;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile boolean mayStop;
    private volatile boolean aborted;

    /**
     * @param parties the number of subtasks.
     * @param mayStop whether the subtasks may stop at their stop position from the start.
     */
    PhaseControl(final int parties, final boolean mayStop)
    {
        this.parties = parties;
        this.mayStop = mayStop;
    }

    /** Lets the subtasks stop at their stop position. */
    void allowStop()
    {
        mayStop = true;
    }

    /** @return whether the subtasks may stop at their stop position. */
    boolean mayStop()
    {
        return mayStop;
    }

    /** Notes that one more subtask has arrived at its stop position; call it once per subtask. */
    void arrive()
    {
        arrived.incrementAndGet();
    }

    /** @return whether every subtask has arrived at its stop position: they may all stop now. */
    boolean allArrived()
    {
        return arrived.get() >= parties;
    }

    /** Tells every subtask to stop now: one of them failed. */
    void abort()
    {
        aborted = true;
    }

    /** @return whether the phase was aborted. */
    boolean isAborted()
    {
        return aborted;
    }
}

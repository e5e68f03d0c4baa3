package io.cairn.benchmarks;

import java.util.concurrent.CompletableFuture;

import io.cairn.checkpoint.AcknowledgeCheckpoint;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.DeclineCheckpoint;

/**
 * Cairn's {@link CheckpointCoordinator} behind one global lock: the baseline {@link CoordinatorBenchmark} compares
 * the lock-free coordinator with. For benchmarks only.
 *
 * <p>Every entry point it forwards (trigger, acknowledge, decline) holds the same monitor for the whole call and
 * runs the unchanged lock-free coordinator inside it: same logic, plus the lock. This is the design of Apache
 * Flink's {@code CheckpointCoordinator}, which serialises triggers, acknowledgements and declines on a single
 * {@code lock} object. The lock is held for everything the forwarded call does, including the finalisation that
 * the last acknowledgement of a checkpoint runs (writing and fsyncing the metadata, updating the store, deleting
 * the subsumed checkpoint), so while one thread finalises, every other acknowledgement waits. Which of that work
 * Flink's coordinator does under its lock has changed between its versions; this wrapper is the simple case where
 * all of it is.
 */
final class LockedCheckpointCoordinator implements CoordinatorEntryPoints
{
    private final Object lock = new Object();
    private final CheckpointCoordinator coordinator;

    /**
     * @param coordinator the coordinator to guard; call it only through this wrapper afterwards.
     */
    LockedCheckpointCoordinator(final CheckpointCoordinator coordinator)
    {
        if (coordinator == null)
        {
            throw new IllegalArgumentException("coordinator=null; expected a CheckpointCoordinator");
        }
        this.coordinator = coordinator;
    }

    @Override
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(final boolean isPeriodic)
    {
        synchronized (lock)
        {
            return coordinator.triggerCheckpoint(isPeriodic);
        }
    }

    @Override
    public boolean receiveAcknowledgeMessage(final AcknowledgeCheckpoint message, final String location)
    {
        synchronized (lock)
        {
            return coordinator.receiveAcknowledgeMessage(message, location);
        }
    }

    @Override
    public boolean receiveDeclineMessage(final DeclineCheckpoint message, final String location)
    {
        synchronized (lock)
        {
            return coordinator.receiveDeclineMessage(message, location);
        }
    }

    /** @return the coordinator inside. */
    CheckpointCoordinator delegate()
    {
        return coordinator;
    }
}

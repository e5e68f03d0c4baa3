package io.cairn.benchmarks;

import java.util.concurrent.CompletableFuture;

import io.cairn.checkpoint.AcknowledgeCheckpoint;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.DeclineCheckpoint;

/**
 * The entry points of a checkpoint coordinator that {@link CoordinatorBenchmark} drives, so that one harness calls
 * either variant: the lock-free {@link CheckpointCoordinator} itself ({@link #lockFree}) or the same coordinator
 * behind one lock ({@link LockedCheckpointCoordinator}). Each method does what the coordinator's method of the same
 * name does.
 */
interface CoordinatorEntryPoints
{
    /**
     * @param isPeriodic true for a periodic trigger.
     * @return completes with the checkpoint, or fails.
     * @see CheckpointCoordinator#triggerCheckpoint(boolean)
     */
    CompletableFuture<CompletedCheckpoint> triggerCheckpoint(boolean isPeriodic);

    /**
     * @param message  the acknowledgement.
     * @param location where it came from, or null.
     * @return true if it was taken.
     * @see CheckpointCoordinator#receiveAcknowledgeMessage(AcknowledgeCheckpoint, String)
     */
    boolean receiveAcknowledgeMessage(AcknowledgeCheckpoint message, String location);

    /**
     * @param message  the decline.
     * @param location where it came from, or null.
     * @return true if it aborted a pending checkpoint.
     * @see CheckpointCoordinator#receiveDeclineMessage(DeclineCheckpoint, String)
     */
    boolean receiveDeclineMessage(DeclineCheckpoint message, String location);

    /**
     * @param coordinator the coordinator.
     * @return its entry points, called directly: no lock beyond what the coordinator itself does.
     */
    static CoordinatorEntryPoints lockFree(final CheckpointCoordinator coordinator)
    {
        return new CoordinatorEntryPoints()
        {
            @Override
            public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(final boolean isPeriodic)
            {
                return coordinator.triggerCheckpoint(isPeriodic);
            }

            @Override
            public boolean receiveAcknowledgeMessage(final AcknowledgeCheckpoint message, final String location)
            {
                return coordinator.receiveAcknowledgeMessage(message, location);
            }

            @Override
            public boolean receiveDeclineMessage(final DeclineCheckpoint message, final String location)
            {
                return coordinator.receiveDeclineMessage(message, location);
            }
        };
    }
}

package io.cairn.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.CheckpointedStateScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.cairn.checkpoint.CoordinatorFiles.fileOf;
import static io.cairn.checkpoint.CoordinatorFiles.filesOf;
import static io.cairn.checkpoint.CoordinatorFiles.missing;
import static io.cairn.checkpoint.CoordinatorFixture.completed;
import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.pendingId;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Acknowledgements the coordinator must refuse: duplicates, late ones, ones for checkpoints it never triggered and
 * ones from subtasks it does not have. A refused acknowledgement is answered false and its state is discarded,
 * unless it is the very state a checkpoint holds; nothing of the sort ever throws.
 */
class CheckpointCoordinatorAcknowledgementTest
{
    @TempDir
    Path directory;

    @Test
    void shouldRefuseADuplicateAcknowledgementWithOtherStateAndDiscardThatState()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final TaskStateSnapshot accepted = fixture.acknowledge(coordinator, 0, id);
        final AcknowledgeCheckpoint duplicate = fixture.participant(0).acknowledgement(id);

        assertFalse(coordinator.receiveAcknowledgeMessage(duplicate, null));

        assertFalse(Files.exists(fileOf(duplicate.getSubtaskState())), "the duplicate's state is discarded");
        assertTrue(Files.exists(fileOf(accepted)), "the accepted state is kept");
        assertFalse(future.isDone(), "a duplicate does not count as another subtask's acknowledgement");
        final TaskStateSnapshot other = fixture.acknowledge(coordinator, 1, id);
        assertEquals(List.of(accepted, other), completed(future).getTaskStates());
        assertTrue(Files.exists(fileOf(accepted)));
    }

    @Test
    void shouldKeepTheAcceptedStateWhenTheSameAcknowledgementArrivesAgain()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final AcknowledgeCheckpoint ack = fixture.participant(0).acknowledgement(id);
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null));

        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null), "pending: the repeat is refused");
        assertTrue(Files.exists(fileOf(ack.getSubtaskState())), "pending: the accepted state is kept");

        fixture.acknowledge(coordinator, 1, id);
        final CompletedCheckpoint checkpoint = completed(future);
        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null), "completed: the repeat is refused");
        assertEquals(List.of(), missing(filesOf(checkpoint)), "completed: the retained checkpoint keeps its state");
    }

    @Test
    void shouldRefuseAcknowledgementsOfUnknownCheckpointsWithoutThrowing()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final long id = fixture.completeCheckpoint(coordinator).getCheckpointId();
        final TaskStateSnapshot stray = fixture.participant(0).writeState(id, CheckpointedStateScope.SHARED);

        for (final long unknown : new long[] {id + 1, 999, -1, Long.MAX_VALUE, Long.MIN_VALUE})
        {
            for (final int subtask : new int[] {0, 1, 2, -1, Integer.MAX_VALUE, Integer.MIN_VALUE})
            {
                assertFalse(coordinator.receiveAcknowledgeMessage(
                    new AcknowledgeCheckpoint(unknown, subtask, stray, CheckpointMetrics.none()), null),
                    "checkpoint " + unknown + ", subtask " + subtask);
                assertFalse(coordinator.receiveDeclineMessage(new DeclineCheckpoint(unknown, subtask, null), null));
            }
        }
        assertFalse(Files.exists(fileOf(stray)), "the state of an acknowledgement nobody wants is discarded");
        assertEquals(1, coordinator.getNumberOfRetainedSuccessfulCheckpoints());
    }

    @Test
    void shouldRefuseAcknowledgementsFromSubtasksOutOfRangeWithoutThrowing()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final TaskStateSnapshot accepted = fixture.acknowledge(coordinator, 0, id);

        for (final int subtask : new int[] {2, 7, -1, Integer.MAX_VALUE, Integer.MIN_VALUE})
        {
            final TaskStateSnapshot stray = fixture.participant(1).writeState(id);
            assertFalse(coordinator.receiveAcknowledgeMessage(
                new AcknowledgeCheckpoint(id, subtask, stray, CheckpointMetrics.none()), null), "subtask " + subtask);
            assertFalse(Files.exists(fileOf(stray)), "the stray state is discarded, subtask " + subtask);
        }

        assertFalse(future.isDone());
        final TaskStateSnapshot other = fixture.acknowledge(coordinator, 1, id);
        assertEquals(List.of(accepted, other), completed(future).getTaskStates());
    }

    @Test
    void shouldStillCompleteAPendingCheckpointAfterDiscardingTheOnlyFileInItsDirectory()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final TaskStateSnapshot stray = fixture.participant(1).writeState(id);

        assertFalse(coordinator.receiveAcknowledgeMessage(
            new AcknowledgeCheckpoint(id, 7, stray, CheckpointMetrics.none()), null));

        assertFalse(Files.exists(fileOf(stray)));
        assertTrue(Files.isDirectory(fixture.checkpointDirectory(id)), "the pending checkpoint's directory stays");
        fixture.acknowledgeAll(coordinator, id);
        assertEquals(id, completed(future).getCheckpointId());
    }

    @Test
    void shouldRefuseANegativeSubtaskIndexForARetainedCheckpointWithoutThrowing()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final long id = fixture.completeCheckpoint(coordinator).getCheckpointId();
        final TaskStateSnapshot stray = fixture.participant(0).writeState(id, CheckpointedStateScope.SHARED);

        final boolean taken = assertDoesNotThrow(() -> coordinator.receiveAcknowledgeMessage(
            new AcknowledgeCheckpoint(id, -1, stray, CheckpointMetrics.none()), null));

        assertFalse(taken);
    }

    @Test
    void shouldKeepTheAcceptedStateWhenTheSameAcknowledgementArrivesWhileTheCheckpointIsFinalized()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final RecordingCompletedCheckpointStore store =
            new RecordingCompletedCheckpointStore(new StandaloneCompletedCheckpointStore(1));
        final CheckpointCoordinator coordinator =
            fixture.start(configuration(), builder -> builder.completedCheckpointStore(store));
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final AcknowledgeCheckpoint ack = fixture.participant(0).acknowledgement(id);
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null));
        // The repeat arrives from another thread while the last acknowledgement's thread finalizes; the store's
        // add is a point in that window.
        store.beforeAdd(checkpoint -> coordinator.receiveAcknowledgeMessage(ack, null));

        fixture.acknowledge(coordinator, 1, id);

        final CompletedCheckpoint checkpoint = completed(future);
        assertEquals(List.of(), missing(filesOf(checkpoint)), "files of the completed checkpoint " + id);
    }

    @Test
    void shouldKeepTheStateOfASavepointWhenItsAcknowledgementArrivesAgain()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final long id = pendingId(coordinator, future);
        final AcknowledgeCheckpoint ack = fixture.participant(0).acknowledgement(id);
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null));
        fixture.acknowledge(coordinator, 1, id);
        final CompletedCheckpoint savepoint = completed(future);

        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null));

        assertEquals(List.of(), missing(filesOf(savepoint)), "files of savepoint " + id);
    }

    @Test
    void shouldKeepTheStateOfACheckpointKeptAtShutdownWhenItsAcknowledgementArrivesAgain()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final AcknowledgeCheckpoint ack = fixture.participant(0).acknowledgement(id);
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null));
        fixture.acknowledge(coordinator, 1, id);
        final CompletedCheckpoint checkpoint = completed(future);
        coordinator.shutdown(JobStatus.SUSPENDED);
        assertEquals(List.of(), missing(filesOf(checkpoint)), "a suspended job keeps its checkpoints");

        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null));

        assertEquals(List.of(), missing(filesOf(checkpoint)), "files of checkpoint " + id + " kept for the resume");
    }

    @Test
    void shouldKeepTheStateOfASavepointWhenItsAcknowledgementArrivesAgainManyCheckpointsLater()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final AcknowledgeCheckpoint ack = fixture.participant(0).acknowledgement(pendingId(coordinator, future));
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null));
        final CompletedCheckpoint savepoint = completed(future);
        for (int i = 0; i < 20; i++)
        {
            fixture.completeCheckpoint(coordinator);
        }

        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null));

        assertEquals(List.of(), missing(filesOf(savepoint)), "files of savepoint " + savepoint.getCheckpointId());
    }

    @Test
    void shouldKeepTheStateOfASavepointWhenItsAcknowledgementReachesARestartedCoordinator()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final AcknowledgeCheckpoint ack = fixture.participant(0).acknowledgement(pendingId(coordinator, future));
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null));
        final CompletedCheckpoint savepoint = completed(future);

        final CheckpointCoordinator next = fixture.restarted().start(configuration());
        assertFalse(next.receiveAcknowledgeMessage(ack, null));

        assertEquals(List.of(), missing(filesOf(savepoint)), "files of savepoint " + savepoint.getCheckpointId());
    }
}

package io.cairn.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.CheckpointedStateScope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.cairn.checkpoint.CoordinatorFiles.fileOf;
import static io.cairn.checkpoint.CoordinatorFiles.filesOf;
import static io.cairn.checkpoint.CoordinatorFiles.missing;
import static io.cairn.checkpoint.CoordinatorFiles.present;
import static io.cairn.checkpoint.CoordinatorFixture.completed;
import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.failure;
import static io.cairn.checkpoint.CoordinatorFixture.pendingId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's rules for the life of one checkpoint: ids, the limit of concurrent checkpoints, the minimum
 * pause, expiry, declines, completion and subsumption. Each test drives a {@link ManualTimeService} and
 * {@link FakeParticipant}s by hand; the files the participants write show what was kept and what was deleted.
 */
class CheckpointCoordinatorTest
{
    @TempDir
    Path directory;

    @Test
    void shouldHandOutStrictlyIncreasingIds()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setMaxConcurrentCheckpoints(5).setCheckpointTimeout(100));

        fixture.completeCheckpoint(coordinator);
        final long declined = pendingId(coordinator, coordinator.triggerCheckpoint(false));
        coordinator.receiveDeclineMessage(new DeclineCheckpoint(declined, 1, null), null);
        coordinator.triggerCheckpoint(false);
        coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        fixture.time().advance(100);
        fixture.completeSavepoint(coordinator);
        fixture.completeCheckpoint(coordinator);

        final List<Long> ids = fixture.participant(0).triggered();
        assertEquals(6, ids.size(), "triggered: " + ids);
        for (int i = 1; i < ids.size(); i++)
        {
            assertTrue(ids.get(i) > ids.get(i - 1), "ids must strictly increase: " + ids);
        }
        assertEquals(ids, fixture.participant(1).triggered(), "every subtask sees the same ids");
    }

    @Test
    void shouldHandOutIdsAboveEveryCompletedCheckpointAfterARestart()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        long highest = 0;
        for (int i = 0; i < 3; i++)
        {
            highest = fixture.completeCheckpoint(coordinator).getCheckpointId();
        }

        final CoordinatorFixture restarted = fixture.restarted();
        final CheckpointCoordinator next = restarted.start(configuration().setNumberOfRetainedCheckpoints(2));
        final long id = pendingId(next, next.triggerCheckpoint(false));

        assertTrue(id > highest, "id " + id + " after a restart; expected > " + highest);
    }

    @Test
    void shouldHandOutIdsAboveACheckpointDirectoryThatACrashLeftIncomplete()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        fixture.completeCheckpoint(coordinator);
        final long pending = pendingId(coordinator, coordinator.triggerCheckpoint(false));
        fixture.acknowledge(coordinator, 0, pending);
        assertTrue(Files.isDirectory(fixture.checkpointDirectory(pending)), "chk-" + pending + " exists at the crash");

        final CoordinatorFixture restarted = fixture.restarted();
        final CheckpointCoordinator next = restarted.start(configuration());
        final long id = pendingId(next, next.triggerCheckpoint(false));

        assertTrue(id > pending, "id " + id + " after a crash that left chk-" + pending + "; expected > " + pending);
    }

    @Test
    void shouldNotHandOutTheIdOfASavepointAgainAfterARestart()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        fixture.completeCheckpoint(coordinator);
        final long savepoint = fixture.completeSavepoint(coordinator).getCheckpointId();

        final CheckpointCoordinator next = fixture.restarted().start(configuration());
        final long id = pendingId(next, next.triggerCheckpoint(false));

        assertTrue(id > savepoint, "id " + id + " after a restart; expected > savepoint " + savepoint);
    }

    @Test
    void shouldNotHandOutTheIdOfASavepointPendingAtACrashAgain()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        fixture.completeCheckpoint(coordinator);
        final long savepoint = pendingId(coordinator, coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT));
        fixture.acknowledge(coordinator, 0, savepoint);
        assertEquals(List.of(savepoint), coordinator.getPendingCheckpointIds());

        final CheckpointCoordinator next = fixture.restarted().start(configuration());
        final long id = pendingId(next, next.triggerCheckpoint(false));

        assertTrue(id > savepoint, "id " + id + " after a crash; expected > pending savepoint " + savepoint);
    }

    @Test
    void shouldRejectTriggersBeyondTheMaximumOfConcurrentCheckpoints()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setMaxConcurrentCheckpoints(2));
        final CompletableFuture<CompletedCheckpoint> first = coordinator.triggerCheckpoint(false);
        final long firstId = pendingId(coordinator, first);
        coordinator.triggerCheckpoint(false);

        final CompletableFuture<CompletedCheckpoint> third = coordinator.triggerCheckpoint(false);

        assertEquals(CheckpointFailureReason.TOO_MANY_CONCURRENT_CHECKPOINTS, failure(third).getReason());
        assertEquals(2, coordinator.getNumberOfPendingCheckpoints());
        assertEquals(2, fixture.participant(0).triggered().size(), "a rejected trigger reaches no subtask");

        fixture.acknowledgeAll(coordinator, firstId);
        completed(first);
        assertFalse(coordinator.triggerCheckpoint(false).isDone(), "a slot is free again once one completed");
        assertEquals(2, coordinator.getNumberOfPendingCheckpoints());
    }

    @Test
    void shouldForceASavepointPastTheMaximumOfConcurrentCheckpoints()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setMaxConcurrentCheckpoints(1));
        final CompletableFuture<CompletedCheckpoint> checkpoint = coordinator.triggerCheckpoint(false);
        final long checkpointId = pendingId(coordinator, checkpoint);
        assertEquals(CheckpointFailureReason.TOO_MANY_CONCURRENT_CHECKPOINTS,
            failure(coordinator.triggerCheckpoint(false)).getReason());

        final CompletableFuture<CompletedCheckpoint> savepoint =
            coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final long savepointId = pendingId(coordinator, savepoint);

        assertEquals(List.of(checkpointId, savepointId), coordinator.getPendingCheckpointIds());
        assertEquals(CheckpointType.SAVEPOINT,
            fixture.participant(1).trigger(savepointId).options().getCheckpointType());
        fixture.acknowledgeAll(coordinator, savepointId);
        assertTrue(completed(savepoint).getProperties().isSavepoint());
        fixture.acknowledgeAll(coordinator, checkpointId);
        assertEquals(checkpointId, completed(checkpoint).getCheckpointId());
    }

    @Test
    void shouldRespectTheMinimumPauseBetweenPeriodicCheckpoints()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setCheckpointInterval(100).setMinPauseBetweenCheckpoints(250));
        coordinator.startCheckpointScheduler();
        fixture.time().advance(100);
        final List<Long> first = fixture.participant(0).triggered();
        assertEquals(1, first.size(), "the first periodic trigger, at 100 ms");
        fixture.time().advance(50);
        fixture.acknowledgeAll(coordinator, first.get(0));
        final long completedAt = fixture.time().currentTimeMillis();

        fixture.time().advance(249);
        assertEquals(first, fixture.participant(0).triggered(), "no periodic trigger within the pause");

        fixture.time().advance(1);
        final List<Long> ids = fixture.participant(0).triggered();
        assertEquals(2, ids.size(), "the periodic trigger right after the pause: " + ids);
        final long triggeredAt = fixture.participant(0).trigger(ids.get(1)).metaData().getTimestamp();
        assertTrue(triggeredAt - completedAt >= 250, "triggered at " + triggeredAt + ", completed at " + completedAt);
        coordinator.stopCheckpointScheduler();
    }

    @Test
    void shouldNotHoldNonPeriodicTriggersToTheMinimumPause()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setMinPauseBetweenCheckpoints(60_000));
        fixture.completeCheckpoint(coordinator);

        final CompletableFuture<CompletedCheckpoint> next = coordinator.triggerCheckpoint(false);

        assertFalse(next.isDone(), "a non-periodic trigger right after a completion is pending, not rejected");
        assertEquals(1, coordinator.getNumberOfPendingCheckpoints());
    }

    @Test
    void shouldExpireACheckpointNotAcknowledgedByEverySubtaskWithinTheTimeout()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 3);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setCheckpointTimeout(1_000));
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final List<Path> acked = List.of(
            fileOf(fixture.acknowledge(coordinator, 0, id)), fileOf(fixture.acknowledge(coordinator, 1, id)));
        final AcknowledgeCheckpoint late = fixture.participant(2).acknowledgement(id);

        fixture.time().advance(999);
        assertFalse(future.isDone(), "still pending 1 ms before the timeout");
        assertEquals(List.of(), missing(acked));

        fixture.time().advance(1);
        assertEquals(CheckpointFailureReason.CHECKPOINT_EXPIRED, failure(future).getReason());
        assertFalse(Files.exists(fixture.checkpointDirectory(id)), "the expired checkpoint's directory is deleted");
        assertEquals(List.of(), present(acked), "the acknowledged subtasks' files are deleted");
        for (final FakeParticipant participant : fixture.participants())
        {
            assertEquals(List.of(id), participant.aborted(), participant + " is told of the abort");
            assertEquals(List.of(), participant.completed());
        }
        assertEquals(0, coordinator.getNumberOfPendingCheckpoints());
        assertFalse(coordinator.receiveAcknowledgeMessage(late, null), "a late acknowledgement is refused");
        assertEquals(0, coordinator.getNumberOfRetainedSuccessfulCheckpoints());
    }

    @Test
    void shouldNeverCompleteADeclinedCheckpointAndDiscardItsState()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 3);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final Path acked = fileOf(fixture.acknowledge(coordinator, 0, id));
        // Shared state lives outside the checkpoint's directory: only discarding the late acknowledgement removes it.
        final TaskStateSnapshot lateState = fixture.participant(2).writeState(id, CheckpointedStateScope.SHARED);

        assertTrue(coordinator.receiveDeclineMessage(new DeclineCheckpoint(id, 1, new IllegalStateException("no")),
            "subtask-1-host"));

        final CheckpointException failure = failure(future);
        assertEquals(CheckpointFailureReason.CHECKPOINT_DECLINED, failure.getReason());
        assertTrue(failure.getMessage().contains("subtask 1"), failure.getMessage());
        assertFalse(Files.exists(acked), "the accepted state of a declined checkpoint is discarded");
        assertFalse(Files.exists(fixture.checkpointDirectory(id)));
        assertEquals(List.of(id), fixture.participant(0).aborted());

        assertFalse(coordinator.receiveAcknowledgeMessage(
            new AcknowledgeCheckpoint(id, 2, lateState, CheckpointMetrics.none()), null));
        assertFalse(Files.exists(fileOf(lateState)), "a late acknowledgement's state is discarded");
        assertFalse(coordinator.receiveDeclineMessage(new DeclineCheckpoint(id, 2, null), null),
            "a second decline finds nothing to abort");
        assertEquals(0, coordinator.getNumberOfRetainedSuccessfulCheckpoints());
        assertEquals(List.of(), fixture.participant(2).completed());
    }

    @Test
    void shouldNotCompleteBeforeEverySubtaskAcknowledged()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 3);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final List<TaskStateSnapshot> states = new ArrayList<>();
        states.add(fixture.acknowledge(coordinator, 0, id));
        states.add(fixture.acknowledge(coordinator, 1, id));

        assertFalse(future.isDone(), "two of three acknowledged");
        assertFalse(Files.exists(fixture.metadataFile(id)));
        assertEquals(0, coordinator.getNumberOfRetainedSuccessfulCheckpoints());
        assertEquals(List.of(), fixture.participant(0).completed());

        states.add(fixture.acknowledge(coordinator, 2, id));
        final CompletedCheckpoint checkpoint = completed(future);
        assertEquals(id, checkpoint.getCheckpointId());
        assertEquals(states, checkpoint.getTaskStates(), "exactly the acknowledged state, by subtask");
        assertEquals(List.of(id), fixture.participant(2).completed());
        assertEquals(0, coordinator.getNumberOfPendingCheckpoints());
    }

    @Test
    void shouldWriteTheMetadataBeforeTheFutureCompletes() throws Exception
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        final AtomicBoolean metadataSeen = new AtomicBoolean();
        final CompletableFuture<Void> seen = future.thenAccept(
            checkpoint -> metadataSeen.set(Files.isRegularFile(fixture.metadataFile(checkpoint.getCheckpointId()))));

        final List<TaskStateSnapshot> states = fixture.acknowledgeAll(coordinator, id);

        seen.join();
        assertTrue(metadataSeen.get(), "_metadata exists when the future's callbacks run");
        final CheckpointMetadata metadata = CheckpointMetadataSerializer.read(fixture.checkpointDirectory(id));
        assertEquals(id, metadata.getCheckpointId());
        assertEquals(states, metadata.getTaskStates());
    }

    @Test
    void shouldSubsumeOlderPendingCheckpointsButNotSavepointsWhenANewerOneCompletes()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setMaxConcurrentCheckpoints(3));
        final CompletableFuture<CompletedCheckpoint> older = coordinator.triggerCheckpoint(false);
        final long olderId = pendingId(coordinator, older);
        final Path olderFile = fileOf(fixture.acknowledge(coordinator, 0, olderId));
        final CompletableFuture<CompletedCheckpoint> savepoint =
            coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final long savepointId = pendingId(coordinator, savepoint);
        final Path savepointFile = fileOf(fixture.acknowledge(coordinator, 0, savepointId));
        final CompletableFuture<CompletedCheckpoint> newer = coordinator.triggerCheckpoint(false);
        final long newerId = pendingId(coordinator, newer);
        final AcknowledgeCheckpoint lateForOlder = fixture.participant(1).acknowledgement(olderId);

        fixture.acknowledgeAll(coordinator, newerId);

        completed(newer);
        assertEquals(CheckpointFailureReason.CHECKPOINT_SUBSUMED, failure(older).getReason());
        assertFalse(Files.exists(olderFile), "the subsumed checkpoint's state is discarded");
        assertFalse(Files.exists(fixture.checkpointDirectory(olderId)));
        assertEquals(List.of(olderId), fixture.participant(1).aborted(), "only the subsumed checkpoint is aborted");
        assertFalse(coordinator.receiveAcknowledgeMessage(lateForOlder, null));

        assertFalse(savepoint.isDone(), "the older savepoint is still pending");
        assertTrue(Files.exists(savepointFile));
        fixture.acknowledge(coordinator, 1, savepointId);
        final CompletedCheckpoint completedSavepoint = completed(savepoint);
        assertTrue(Files.isRegularFile(completedSavepoint.getDirectory()
            .resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)));
        assertEquals(List.of(), missing(filesOf(completedSavepoint)));
    }
}

package io.cairn.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.cairn.checkpoint.CoordinatorFixture.completed;
import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.failure;
import static io.cairn.checkpoint.CoordinatorFixture.pendingId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failed checkpoints as the job sees them: the count of consecutive failures and the listener that hears when it
 * exceeds the tolerance, and the statistics of completed and failed checkpoints.
 */
class CheckpointCoordinatorFailureTest
{
    private static final int TOLERABLE = 2;

    @TempDir
    Path directory;

    @Test
    void shouldTellTheFailureListenerOnceWhenMoreConsecutiveFailuresThanToleratedHappen()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final RecordingFailureListener listener = new RecordingFailureListener();
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setTolerableCheckpointFailureNumber(TOLERABLE).setCheckpointTimeout(100),
            builder -> builder.failureListener(listener));
        final List<Long> failed = new ArrayList<>();
        failed.add(decline(coordinator));
        failed.add(expire(fixture, coordinator));
        assertEquals(List.of(), listener.calls(), "two failures are tolerated");

        failed.add(decline(coordinator));

        assertEquals(1, listener.calls().size());
        final RecordingFailureListener.Call call = listener.calls().get(0);
        assertEquals(TOLERABLE + 1, call.consecutiveFailures());
        assertEquals(failed, ids(call.causes()), "the causes, oldest first");
        assertEquals(List.of(CheckpointFailureReason.CHECKPOINT_DECLINED, CheckpointFailureReason.CHECKPOINT_EXPIRED,
            CheckpointFailureReason.CHECKPOINT_DECLINED), reasons(call.causes()));

        decline(coordinator);
        expire(fixture, coordinator);
        assertEquals(1, listener.calls().size(), "told once, not at every further failure");
        assertEquals(TOLERABLE + 3, coordinator.getNumberOfConsecutiveFailures());
    }

    @Test
    void shouldResetTheConsecutiveFailuresWhenACheckpointCompletes()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final RecordingFailureListener listener = new RecordingFailureListener();
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setTolerableCheckpointFailureNumber(TOLERABLE), builder -> builder.failureListener(listener));
        decline(coordinator);
        decline(coordinator);

        fixture.completeCheckpoint(coordinator);

        assertEquals(0, coordinator.getNumberOfConsecutiveFailures());
        final List<Long> failed = List.of(decline(coordinator), decline(coordinator));
        assertEquals(List.of(), listener.calls(), "the count started again from the success");
        final long third = decline(coordinator);
        assertEquals(1, listener.calls().size());
        assertEquals(List.of(failed.get(0), failed.get(1), third), ids(listener.calls().get(0).causes()));
    }

    @Test
    void shouldNotCountRejectedTriggersNorSubsumedCheckpointsAsFailures()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final RecordingFailureListener listener = new RecordingFailureListener();
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setTolerableCheckpointFailureNumber(0).setMaxConcurrentCheckpoints(2)
            .setCheckpointInterval(10).setMinPauseBetweenCheckpoints(1_000),
            builder -> builder.failureListener(listener));
        final CompletableFuture<CompletedCheckpoint> older = coordinator.triggerCheckpoint(false);
        final CompletableFuture<CompletedCheckpoint> newer = coordinator.triggerCheckpoint(false);
        final long newerId = pendingId(coordinator, newer);
        for (int i = 0; i < 10; i++)
        {
            assertEquals(CheckpointFailureReason.TOO_MANY_CONCURRENT_CHECKPOINTS,
                failure(coordinator.triggerCheckpoint(false)).getReason());
        }
        fixture.acknowledgeAll(coordinator, newerId);
        assertEquals(CheckpointFailureReason.CHECKPOINT_SUBSUMED, failure(older).getReason());
        coordinator.startCheckpointScheduler();
        fixture.time().advance(500);

        assertEquals(newerId, completed(newer).getCheckpointId());
        assertEquals(2, fixture.participant(0).triggered().size(), "the periodic triggers were held by the pause");
        assertEquals(List.of(), listener.calls());
        assertEquals(0, coordinator.getNumberOfConsecutiveFailures());
        coordinator.stopCheckpointScheduler();
    }

    @Test
    void shouldLeaveNoDirectoryBehindWhenAMasterHookFailsTheTrigger()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration(),
            builder -> builder.addMasterHook(new FailingHook()));

        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);

        assertEquals(CheckpointFailureReason.TRIGGER_CHECKPOINT_FAILURE, failure(future).getReason());
        assertEquals(List.of(), fixture.participant(0).triggered());
        assertEquals(Set.of(), CoordinatorFiles.checkpointDirectoryNames(fixture.checkpointsDirectory()));
    }

    @Test
    void shouldReportTheCountsAndPercentilesOfCompletedAndFailedCheckpoints()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setCheckpointTimeout(1_000).setNumberOfRetainedCheckpoints(3));
        final List<CompletedCheckpoint> completed = new ArrayList<>();
        for (int i = 1; i <= 3; i++)
        {
            completed.add(completeIn(fixture, coordinator, 10L * i, 1_000_000L * i, 2_000_000L * i));
        }
        decline(coordinator);
        expire(fixture, coordinator);
        coordinator.triggerCheckpoint(false);

        final CheckpointStatsSnapshot stats = coordinator.getCheckpointStatsSnapshot();

        assertEquals(6, stats.getTriggered());
        assertEquals(3, stats.getCompleted());
        assertEquals(2, stats.getFailed());
        assertEquals(1, stats.getInProgress());
        assertDistribution(stats.getEndToEndMillis(), 10, 20, 30);
        assertDistribution(stats.getSyncMicros(), 1_000, 2_000, 3_000);
        assertDistribution(stats.getAsyncMicros(), 2_000, 4_000, 6_000);
        assertEquals(3, stats.getStateBytes().getCount());
        assertEquals(completed.get(2).getSize(), stats.getStateBytes().getMax());
        final List<Long> recent = new ArrayList<>();
        stats.getRecent().forEach(checkpoint -> recent.add(checkpoint.getCheckpointId()));
        assertEquals(ids(completed), recent);
        assertEquals(30, stats.getRecent().get(2).getEndToEndDurationMillis());
        assertEquals(2, stats.getRecent().get(2).getNumberOfSubtasks());
        assertTrue(Files.isRegularFile(fixture.metadataFile(completed.get(2).getCheckpointId())));
    }

    private static void assertDistribution(
        final CheckpointStatsSnapshot.Distribution distribution, final long low, final long median, final long high)
    {
        assertEquals(3, distribution.getCount(), distribution.toString());
        assertClose(median, distribution.getP50(), distribution);
        assertClose(high, distribution.getP99(), distribution);
        assertClose(high, distribution.getMax(), distribution);
        assertTrue(low < distribution.getP50(), distribution.toString());
    }

    /** The histograms keep 3 significant digits: a value comes back as the top of its bucket, within 0.1%. */
    private static void assertClose(
        final long expected, final long actual, final CheckpointStatsSnapshot.Distribution distribution)
    {
        assertTrue(actual >= expected && actual - expected <= expected / 1000,
            "expected " + expected + " within 0.1%, got " + actual + ": " + distribution);
    }

    /** Completes a checkpoint that takes {@code millis}; subtask i reports i+1 halves of the given durations. */
    private static CompletedCheckpoint completeIn(
        final CoordinatorFixture fixture, final CheckpointCoordinator coordinator, final long millis,
        final long syncNanos, final long asyncNanos)
    {
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        fixture.time().advance(millis);
        for (final FakeParticipant participant : fixture.participants())
        {
            final int share = participant.getSubtaskIndex() + 1;
            assertTrue(coordinator.receiveAcknowledgeMessage(new AcknowledgeCheckpoint(id,
                participant.getSubtaskIndex(), participant.writeState(id),
                new CheckpointMetrics(syncNanos * share / 2, asyncNanos * share / 2, 0)), null));
        }
        return completed(future);
    }

    private static long decline(final CheckpointCoordinator coordinator)
    {
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        assertTrue(coordinator.receiveDeclineMessage(new DeclineCheckpoint(id, 0, new IllegalStateException()), null));
        assertEquals(CheckpointFailureReason.CHECKPOINT_DECLINED, failure(future).getReason());
        return id;
    }

    private static long expire(final CoordinatorFixture fixture, final CheckpointCoordinator coordinator)
    {
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        final long id = pendingId(coordinator, future);
        fixture.time().advance(coordinator.getCheckpointTimeout());
        assertEquals(CheckpointFailureReason.CHECKPOINT_EXPIRED, failure(future).getReason());
        return id;
    }

    private static List<Long> ids(final List<?> checkpoints)
    {
        final List<Long> ids = new ArrayList<>();
        for (final Object checkpoint : checkpoints)
        {
            ids.add(checkpoint instanceof CheckpointException ? ((CheckpointException)checkpoint).getCheckpointId() :
                ((CompletedCheckpoint)checkpoint).getCheckpointId());
        }
        return ids;
    }

    private static List<CheckpointFailureReason> reasons(final List<CheckpointException> failures)
    {
        final List<CheckpointFailureReason> reasons = new ArrayList<>();
        failures.forEach(failure -> reasons.add(failure.getReason()));
        return reasons;
    }

    /** A master hook whose state can never be had. */
    private static final class FailingHook implements MasterTriggerRestoreHook
    {
        @Override
        public String getIdentifier()
        {
            return "failing";
        }

        @Override
        public CompletableFuture<byte[]> triggerCheckpoint(final long checkpointId, final long timestamp)
        {
            return CompletableFuture.failedFuture(new IllegalStateException("the source is unreachable"));
        }

        @Override
        public void restoreCheckpoint(final long checkpointId, final byte[] state)
        {
        }
    }
}

package io.cairn.checkpoint;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.CheckpointType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.cairn.checkpoint.CoordinatorFiles.checkpointDirectoryNames;
import static io.cairn.checkpoint.CoordinatorFiles.filesOf;
import static io.cairn.checkpoint.CoordinatorFiles.missing;
import static io.cairn.checkpoint.CoordinatorFiles.present;
import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.failure;
import static io.cairn.checkpoint.CoordinatorFixture.pendingId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the coordinator keeps: the newest N checkpoints while it runs, every savepoint always, and, when the job
 * ends, what each checkpoint's retention policy says for the way it ended.
 */
class CheckpointCoordinatorRetentionTest
{
    @TempDir
    Path directory;

    @Test
    void shouldRetainTheNewestCheckpointsAndDeleteTheDirectoriesOfOlderOnes()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(3));
        final List<CompletedCheckpoint> checkpoints = new ArrayList<>();
        for (int i = 0; i < 6; i++)
        {
            checkpoints.add(fixture.completeCheckpoint(coordinator));
        }

        final List<Long> retainedIds = new ArrayList<>();
        coordinator.getCheckpointStore().getAllCheckpoints().forEach(c -> retainedIds.add(c.getCheckpointId()));
        assertEquals(ids(checkpoints.subList(3, 6)), retainedIds);
        assertEquals(names(checkpoints.subList(3, 6)), checkpointDirectoryNames(fixture.checkpointsDirectory()));
        for (final CompletedCheckpoint checkpoint : checkpoints.subList(0, 3))
        {
            assertEquals(List.of(), present(filesOf(checkpoint)), "files of subsumed " + checkpoint);
        }
        for (final CompletedCheckpoint checkpoint : checkpoints.subList(3, 6))
        {
            assertEquals(List.of(), missing(filesOf(checkpoint)), "files of retained " + checkpoint);
            assertTrue(Files.isRegularFile(fixture.metadataFile(checkpoint.getCheckpointId())));
        }
    }

    @Test
    void shouldNeverSubsumeNorDeleteASavepointByRetention()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(1));
        fixture.completeCheckpoint(coordinator);
        final CompletedCheckpoint savepoint = fixture.completeSavepoint(coordinator);
        final CompletedCheckpoint latest = fixture.completeCheckpoint(coordinator);
        fixture.completeCheckpoint(coordinator);
        final CompletedCheckpoint newest = fixture.completeCheckpoint(coordinator);

        assertTrue(savepoint.getDirectory().startsWith(fixture.savepointsDirectory()), savepoint.toString());
        assertTrue(Files.isRegularFile(
            savepoint.getDirectory().resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)));
        assertEquals(List.of(), missing(filesOf(savepoint)), "the savepoint's files");
        assertFalse(savepoint.isDiscarded());
        assertEquals(List.of(newest.getCheckpointId()), ids(coordinator.getCheckpointStore().getAllCheckpoints()));
        assertEquals(List.of(), present(filesOf(latest)), "an older checkpoint is deleted by retention");
    }

    /** @return every (policy, job status) pair with whether the checkpoints are kept, as the policies document. */
    static Stream<Arguments> shutdownCases()
    {
        return Stream.of(
            Arguments.of(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION, JobStatus.FINISHED, false),
            Arguments.of(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION, JobStatus.CANCELED, false),
            Arguments.of(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION, JobStatus.FAILED, false),
            Arguments.of(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION, JobStatus.SUSPENDED, true),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION, JobStatus.FINISHED, false),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION, JobStatus.CANCELED, true),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION, JobStatus.FAILED, true),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION, JobStatus.SUSPENDED, true),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_FAILURE, JobStatus.FINISHED, false),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_FAILURE, JobStatus.CANCELED, false),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_FAILURE, JobStatus.FAILED, true),
            Arguments.of(CheckpointRetentionPolicy.RETAIN_ON_FAILURE, JobStatus.SUSPENDED, true));
    }

    @ParameterizedTest(name = "{0} when {1}: kept={2}")
    @MethodSource("shutdownCases")
    void shouldDiscardOnShutdownWhatTheRetentionPolicySaysAndAbortPendingCheckpoints(
        final CheckpointRetentionPolicy policy, final JobStatus status, final boolean kept)
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setRetentionPolicy(policy).setNumberOfRetainedCheckpoints(2).setMaxConcurrentCheckpoints(2));
        final List<CompletedCheckpoint> checkpoints =
            List.of(fixture.completeCheckpoint(coordinator), fixture.completeCheckpoint(coordinator));
        final CompletedCheckpoint savepoint = fixture.completeSavepoint(coordinator);
        final CompletableFuture<CompletedCheckpoint> pending = coordinator.triggerCheckpoint(false);
        final long pendingId = pendingId(coordinator, pending);
        fixture.acknowledge(coordinator, 0, pendingId);
        final CompletableFuture<CompletedCheckpoint> pendingSavepoint =
            coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final long pendingSavepointId = pendingId(coordinator, pendingSavepoint);

        coordinator.shutdown(status);

        for (final CompletedCheckpoint checkpoint : checkpoints)
        {
            if (kept)
            {
                assertEquals(List.of(), missing(filesOf(checkpoint)), policy + ", " + status + ": " + checkpoint);
                assertTrue(Files.isRegularFile(fixture.metadataFile(checkpoint.getCheckpointId())));
            }
            else
            {
                assertEquals(List.of(), present(filesOf(checkpoint)), policy + ", " + status + ": " + checkpoint);
                assertFalse(Files.exists(fixture.checkpointDirectory(checkpoint.getCheckpointId())));
            }
        }
        assertEquals(List.of(), missing(filesOf(savepoint)), "a savepoint is always kept");
        assertEquals(CheckpointFailureReason.COORDINATOR_SHUTDOWN, failure(pending).getReason());
        assertEquals(CheckpointFailureReason.COORDINATOR_SHUTDOWN, failure(pendingSavepoint).getReason());
        assertFalse(Files.exists(fixture.checkpointDirectory(pendingId)), "a pending checkpoint's directory");
        assertEquals(List.of(pendingId, pendingSavepointId), fixture.participant(1).aborted());
        assertEquals(0, coordinator.getNumberOfPendingCheckpoints());
    }

    @Test
    void shouldRefuseEveryTriggerAfterShutdown()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setCheckpointInterval(100));
        coordinator.startCheckpointScheduler();
        coordinator.shutdown(JobStatus.CANCELED);

        assertEquals(CheckpointFailureReason.COORDINATOR_SHUTDOWN, failure(coordinator.triggerCheckpoint(false))
            .getReason());
        assertEquals(CheckpointFailureReason.COORDINATOR_SHUTDOWN, failure(coordinator.triggerCheckpoint(true))
            .getReason());
        assertEquals(CheckpointFailureReason.COORDINATOR_SHUTDOWN,
            failure(coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT)).getReason());
        assertEquals(CheckpointFailureReason.COORDINATOR_SHUTDOWN,
            failure(coordinator.triggerSavepoint(directory.resolve("elsewhere").toString(),
                SavepointFormatType.CANONICAL)).getReason());
        assertThrows(IllegalStateException.class, coordinator::startCheckpointScheduler);
        fixture.time().advance(1_000);
        assertEquals(List.of(), fixture.participant(0).triggered(), "the periodic trigger stopped too");
        assertFalse(coordinator.isPeriodicCheckpointingStarted());
        coordinator.shutdown(JobStatus.FAILED);
    }

    private static List<Long> ids(final List<CompletedCheckpoint> checkpoints)
    {
        final List<Long> ids = new ArrayList<>();
        checkpoints.forEach(checkpoint -> ids.add(checkpoint.getCheckpointId()));
        return ids;
    }

    private static Set<String> names(final List<CompletedCheckpoint> checkpoints)
    {
        final Set<String> names = new TreeSet<>();
        checkpoints.forEach(checkpoint -> names.add("chk-" + checkpoint.getCheckpointId()));
        return names;
    }
}

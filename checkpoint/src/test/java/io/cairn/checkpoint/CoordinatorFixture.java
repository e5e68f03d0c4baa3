package io.cairn.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.UnaryOperator;

import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.snapshot.CheckpointType;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One job's coordinator under test: filesystem storage in a temporary directory (savepoints under
 * {@code <base>/savepoints}), a {@link ManualTimeService}, the direct I/O executor and {@link FakeParticipant}s.
 * {@link #restarted()} models a crash: a new process on the same directory, with a new clock and new subtasks.
 */
final class CoordinatorFixture
{
    static final String JOB_ID = "job-1";
    static final int MAX_PARALLELISM = 128;

    private final Path base;
    private final int parallelism;
    private final ManualTimeService time;
    private final List<FakeParticipant> participants;

    /**
     * @param base        the checkpoint base directory.
     * @param parallelism how many subtasks.
     */
    CoordinatorFixture(final Path base, final int parallelism)
    {
        this(base, parallelism, 0);
    }

    private CoordinatorFixture(final Path base, final int parallelism, final long startMillis)
    {
        this.base = base;
        this.parallelism = parallelism;
        this.time = new ManualTimeService(startMillis);
        this.participants = FakeParticipant.create(parallelism, MAX_PARALLELISM);
    }

    /** @return a configuration builder with the test's max parallelism and otherwise the defaults. */
    static CheckpointCoordinatorConfiguration.Builder configuration()
    {
        return CheckpointCoordinatorConfiguration.builder().setMaxParallelism(MAX_PARALLELISM);
    }

    /** @return the same directory after a crash: a new clock (at the old time) and new subtasks. */
    CoordinatorFixture restarted()
    {
        return new CoordinatorFixture(base, parallelism, time.currentTimeMillis());
    }

    /** @return the storage (a new instance each call, as a new process would make). */
    FileSystemCheckpointStorage storage()
    {
        return FileSystemCheckpointStorage.builder(base, JOB_ID).defaultSavepointDirectory(savepointsDirectory())
            .build();
    }

    /**
     * @param configuration the configuration.
     * @return a coordinator with the fixture's storage, clock and participants.
     */
    CheckpointCoordinator start(final CheckpointCoordinatorConfiguration.Builder configuration)
    {
        return start(configuration, builder -> builder);
    }

    /**
     * @param configuration the configuration.
     * @param customizer    changes to the builder (store, hooks, listener, recovery mode).
     * @return a coordinator with the fixture's storage, clock and participants.
     */
    CheckpointCoordinator start(
        final CheckpointCoordinatorConfiguration.Builder configuration,
        final UnaryOperator<CheckpointCoordinatorBuilder> customizer)
    {
        return customizer.apply(CheckpointCoordinator.builder(JOB_ID, storage())
            .configuration(configuration.build())
            .timeService(time)
            .participants(participants))
            .build();
    }

    /** @return the clock. */
    ManualTimeService time()
    {
        return time;
    }

    /** @return the subtasks, by index. */
    List<FakeParticipant> participants()
    {
        return participants;
    }

    /**
     * @param subtaskIndex a subtask.
     * @return its participant.
     */
    FakeParticipant participant(final int subtaskIndex)
    {
        return participants.get(subtaskIndex);
    }

    /** @return the job's checkpoints directory. */
    Path checkpointsDirectory()
    {
        return base.resolve(JOB_ID);
    }

    /**
     * @param checkpointId a checkpoint.
     * @return its {@code chk-<id>} directory.
     */
    Path checkpointDirectory(final long checkpointId)
    {
        return checkpointsDirectory().resolve("chk-" + checkpointId);
    }

    /**
     * @param checkpointId a checkpoint.
     * @return its {@code chk-<id>/_metadata} file.
     */
    Path metadataFile(final long checkpointId)
    {
        return checkpointDirectory(checkpointId).resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME);
    }

    /** @return the default savepoint directory. */
    Path savepointsDirectory()
    {
        return base.resolve("savepoints");
    }

    /**
     * Every subtask writes its state and acknowledges.
     *
     * @param coordinator  the coordinator.
     * @param checkpointId the checkpoint.
     * @return the states acknowledged, by subtask index.
     */
    List<TaskStateSnapshot> acknowledgeAll(final CheckpointCoordinator coordinator, final long checkpointId)
    {
        final List<TaskStateSnapshot> states = new ArrayList<>();
        for (final FakeParticipant participant : participants)
        {
            states.add(acknowledge(coordinator, participant.getSubtaskIndex(), checkpointId));
        }
        return states;
    }

    /**
     * One subtask writes its state and acknowledges; the acknowledgement must be taken.
     *
     * @param coordinator  the coordinator.
     * @param subtaskIndex the subtask.
     * @param checkpointId the checkpoint.
     * @return the state acknowledged.
     */
    TaskStateSnapshot acknowledge(
        final CheckpointCoordinator coordinator, final int subtaskIndex, final long checkpointId)
    {
        final AcknowledgeCheckpoint ack = participant(subtaskIndex).acknowledgement(checkpointId);
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null), "acknowledgement taken: " + ack);
        return ack.getSubtaskState();
    }

    /**
     * Triggers a checkpoint and acknowledges it from every subtask.
     *
     * @param coordinator the coordinator.
     * @return the completed checkpoint.
     */
    CompletedCheckpoint completeCheckpoint(final CheckpointCoordinator coordinator)
    {
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        acknowledgeAll(coordinator, pendingId(coordinator, future));
        return completed(future);
    }

    /**
     * Triggers a savepoint in the default savepoint directory and acknowledges it from every subtask.
     *
     * @param coordinator the coordinator.
     * @return the completed savepoint.
     */
    CompletedCheckpoint completeSavepoint(final CheckpointCoordinator coordinator)
    {
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        acknowledgeAll(coordinator, pendingId(coordinator, future));
        return completed(future);
    }

    /**
     * @param coordinator a coordinator.
     * @param future      the future of a checkpoint just triggered.
     * @return the id of that checkpoint, the newest pending one.
     */
    static long pendingId(final CheckpointCoordinator coordinator, final CompletableFuture<CompletedCheckpoint> future)
    {
        assertFalse(future.isDone(), () -> "expected a pending checkpoint, but the trigger ended: " + future);
        final List<Long> pending = coordinator.getPendingCheckpointIds();
        return pending.get(pending.size() - 1);
    }

    /**
     * @param future a checkpoint's future.
     * @return the checkpoint, which must have completed.
     */
    static CompletedCheckpoint completed(final CompletableFuture<CompletedCheckpoint> future)
    {
        assertTrue(future.isDone(), "the checkpoint completed");
        return future.join();
    }

    /**
     * @param future a checkpoint's future.
     * @return why it failed; it must have failed with a {@link CheckpointException}.
     */
    static CheckpointException failure(final CompletableFuture<CompletedCheckpoint> future)
    {
        assertTrue(future.isCompletedExceptionally(), () -> "expected a failed checkpoint: " + future);
        try
        {
            future.join();
        }
        catch (final CompletionException ex)
        {
            return assertInstanceOf(CheckpointException.class, ex.getCause());
        }
        return fail("unreachable");
    }
}

package io.cairn.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.cairn.checkpoint.AcknowledgeCheckpoint;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.CheckpointIdCounter;
import io.cairn.checkpoint.CheckpointMetrics;
import io.cairn.checkpoint.CheckpointParticipant;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.ManualTimeService;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;

/**
 * One job's checkpoint coordinator set up for {@link CoordinatorBenchmark}: the real {@link CheckpointCoordinator}
 * with its file-system storage, called directly ({@code lockfree}) or through {@link LockedCheckpointCoordinator}
 * ({@code locked}).
 *
 * <ul>
 *     <li>Storage: a fresh directory under {@code /dev/shm} where it exists (tmpfs, so the metadata's fsyncs are
 *     cheap and the benchmark measures coordination, not a disk), else under the temporary directory; deleted by
 *     {@link #close()}.</li>
 *     <li>Clock: a {@link ManualTimeService} that never advances, so no timer thread runs and nothing expires.</li>
 *     <li>Participants: fakes that do nothing when triggered; the benchmark threads send their acknowledgements,
 *     each with {@link TaskStateSnapshot#empty()}.</li>
 *     <li>Configuration: up to {@value #MAX_CONCURRENT_CHECKPOINTS} concurrent checkpoints, one retained, I/O
 *     (discarding a subsumed checkpoint) on the calling thread, which is the coordinator's default.</li>
 * </ul>
 */
final class CoordinatorBenchmarkSupport implements AutoCloseable
{
    /** The lock-free coordinator, called directly. */
    static final String LOCK_FREE = "lockfree";

    /** The same coordinator behind one lock. */
    static final String LOCKED = "locked";

    /** Checkpoints that may be pending at once: enough for two acknowledging threads that run ahead. */
    static final int MAX_CONCURRENT_CHECKPOINTS = 8;

    private static final String JOB_ID = "coordinator-benchmark";
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final Path directory;
    private final CheckpointCoordinator coordinator;
    private final CoordinatorEntryPoints entryPoints;
    private final RecordingIdCounter idCounter = new RecordingIdCounter();
    private final int participants;

    /**
     * @param variant      {@value #LOCK_FREE} or {@value #LOCKED}.
     * @param participants the number of subtasks, {@code >= 1}.
     * @throws UncheckedIOException if the storage directory cannot be created.
     */
    CoordinatorBenchmarkSupport(final String variant, final int participants)
    {
        if (!LOCK_FREE.equals(variant) && !LOCKED.equals(variant))
        {
            throw new IllegalArgumentException("coordinator=" + variant + "; expected " + LOCK_FREE + " or " + LOCKED);
        }
        if (participants < 1)
        {
            throw new IllegalArgumentException("participants=" + participants + "; expected >= 1");
        }
        this.participants = participants;
        this.directory = createDirectory();
        final List<CheckpointParticipant> subtasks = new ArrayList<>(participants);
        for (int i = 0; i < participants; i++)
        {
            subtasks.add(new IdleParticipant(i));
        }
        this.coordinator = CheckpointCoordinator.builder(JOB_ID, new FileSystemCheckpointStorage(directory, JOB_ID))
            .configuration(CheckpointCoordinatorConfiguration.builder()
                .setMaxConcurrentCheckpoints(MAX_CONCURRENT_CHECKPOINTS)
                .setMaxParallelism(BenchmarkBackends.NUMBER_OF_KEY_GROUPS)
                .build())
            .checkpointIdCounter(idCounter)
            .timeService(new ManualTimeService(0))
            .participants(subtasks)
            .build();
        this.entryPoints = LOCKED.equals(variant) ?
            new LockedCheckpointCoordinator(coordinator) : CoordinatorEntryPoints.lockFree(coordinator);
    }

    /** @return the coordinator's entry points, as the variant calls them. */
    CoordinatorEntryPoints entryPoints()
    {
        return entryPoints;
    }

    /** @return the number of subtasks. */
    int participants()
    {
        return participants;
    }

    /**
     * Triggers a checkpoint. Call it from one thread at a time, so that {@link #lastTriggeredId()} is its id.
     *
     * @return the checkpoint's future.
     * @throws IllegalStateException if the coordinator refused the trigger.
     */
    CompletableFuture<CompletedCheckpoint> trigger()
    {
        final CompletableFuture<CompletedCheckpoint> future = entryPoints.triggerCheckpoint(false);
        if (future.isCompletedExceptionally())
        {
            throw new IllegalStateException("the coordinator refused a trigger: " + future.handle((c, e) -> e).join());
        }
        return future;
    }

    /** @return the id of the last checkpoint triggered. */
    long lastTriggeredId()
    {
        return idCounter.lastIssued();
    }

    /**
     * Acknowledges a checkpoint for one subtask, with empty state.
     *
     * @param checkpointId the checkpoint.
     * @param subtaskIndex the subtask.
     * @return true if the coordinator took the acknowledgement.
     */
    boolean acknowledge(final long checkpointId, final int subtaskIndex)
    {
        return entryPoints.receiveAcknowledgeMessage(new AcknowledgeCheckpoint(
            checkpointId, subtaskIndex, TaskStateSnapshot.empty(), CheckpointMetrics.none()), null);
    }

    /** Shuts the coordinator down and deletes its directory. */
    @Override
    public void close()
    {
        try
        {
            coordinator.shutdown();
        }
        finally
        {
            deleteRecursively(directory);
        }
    }

    private static Path createDirectory()
    {
        try
        {
            final String prefix = "cairn-coordinator-benchmark-";
            return Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY) ?
                Files.createTempDirectory(SHARED_MEMORY, prefix) : Files.createTempDirectory(prefix);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the coordinator benchmark's storage directory", ex);
        }
    }

    private static void deleteRecursively(final Path root)
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            final List<Path> deepestFirst = new ArrayList<>();
            paths.sorted(Comparator.reverseOrder()).forEach(deepestFirst::add);
            for (final Path path : deepestFirst)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the coordinator benchmark's directory " + root, ex);
        }
    }

    /** A subtask that does nothing when triggered or notified; the benchmark acknowledges for it. */
    private static final class IdleParticipant implements CheckpointParticipant
    {
        private final int subtaskIndex;

        IdleParticipant(final int subtaskIndex)
        {
            this.subtaskIndex = subtaskIndex;
        }

        @Override
        public int getSubtaskIndex()
        {
            return subtaskIndex;
        }

        @Override
        public void triggerCheckpoint(
            final CheckpointMetaData metaData, final CheckpointOptions options, final CheckpointStreamFactory factory)
        {
        }

        @Override
        public void notifyCheckpointComplete(final long checkpointId)
        {
        }

        @Override
        public void notifyCheckpointAborted(final long checkpointId)
        {
        }

        @Override
        public void restoreState(
            final long checkpointId,
            final KeyGroupRange keyGroupRange,
            final List<KeyedStateHandle> keyedState,
            final List<OperatorStateHandle> operatorState)
        {
            throw new UnsupportedOperationException("the coordinator benchmark never restores");
        }
    }

    /** Hands out ids from 1 like the coordinator's default counter, and remembers the last one. */
    private static final class RecordingIdCounter implements CheckpointIdCounter
    {
        private final AtomicLong next = new AtomicLong(1);
        private volatile long lastIssued = -1;

        @Override
        public long getAndIncrement()
        {
            final long id = next.getAndIncrement();
            lastIssued = id;
            return id;
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

        long lastIssued()
        {
            return lastIssued;
        }
    }
}

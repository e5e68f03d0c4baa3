package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract of every {@link CompletedCheckpointStore}, run against each implementation by a subclass. */
abstract class AbstractCompletedCheckpointStoreTest
{
    static final String JOB_ID = "job-1";

    /**
     * What each way of ending a job keeps, by retention policy, as {@link CompletedCheckpoint} decides it: a failed
     * job keeps checkpoints retained on cancellation too (Flink's meaning of the policy).
     */
    private static final Map<JobStatus, Set<CheckpointRetentionPolicy>> KEPT_ON_SHUTDOWN = Map.of(
        JobStatus.FINISHED, Set.of(),
        JobStatus.CANCELED, Set.of(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION),
        JobStatus.FAILED,
        Set.of(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION, CheckpointRetentionPolicy.RETAIN_ON_FAILURE),
        JobStatus.SUSPENDED, Set.of(CheckpointRetentionPolicy.values()));

    @TempDir
    Path base;

    /** @return a new, empty store of the job {@link #JOB_ID}, whose checkpoints live in {@link #jobDirectory()}. */
    abstract CompletedCheckpointStore createStore(int maxRetained) throws IOException;

    Path jobDirectory()
    {
        return base.resolve(JOB_ID);
    }

    @Test
    void shouldHoldNothingWhenNew() throws IOException
    {
        final CompletedCheckpointStore store = createStore(3);

        assertNull(store.getLatestCheckpoint());
        assertEquals(List.of(), store.getAllCheckpoints());
        assertEquals(0, store.getNumberOfRetainedCheckpoints());
        assertEquals(3, store.getMaxNumberOfRetainedCheckpoints());
    }

    @Test
    void shouldRetainTheNewestAndReturnTheSubsumedOldestFirst() throws IOException
    {
        final CompletedCheckpointStore store = createStore(2);
        final CompletedCheckpoint first = inMemory(1);
        final CompletedCheckpoint second = inMemory(2);
        final CompletedCheckpoint third = inMemory(3);

        assertEquals(List.of(), store.addCheckpointAndSubsumeOldest(first));
        assertEquals(List.of(), store.addCheckpointAndSubsumeOldest(second));
        assertEquals(List.of(first), store.addCheckpointAndSubsumeOldest(third));

        assertEquals(List.of(second, third), store.getAllCheckpoints());
        assertSame(third, store.getLatestCheckpoint());
        assertEquals(2, store.getNumberOfRetainedCheckpoints());
    }

    @Test
    void shouldKeepTheHighestIdsWhateverTheOrderOfAdds() throws IOException
    {
        final CompletedCheckpointStore store = createStore(2);
        final CompletedCheckpoint seven = inMemory(7);
        final CompletedCheckpoint five = inMemory(5);
        final CompletedCheckpoint six = inMemory(6);
        final CompletedCheckpoint three = inMemory(3);

        store.addCheckpointAndSubsumeOldest(seven);
        store.addCheckpointAndSubsumeOldest(five);

        assertSame(seven, store.getLatestCheckpoint());
        assertEquals(List.of(five), store.addCheckpointAndSubsumeOldest(six));
        assertEquals(List.of(three), store.addCheckpointAndSubsumeOldest(three), "an older one is subsumed at once");
        assertEquals(List.of(six, seven), store.getAllCheckpoints());
    }

    @Test
    void shouldRefuseSavepoints() throws IOException
    {
        final CompletedCheckpointStore store = createStore(2);
        final CompletedCheckpoint savepoint = new CompletedCheckpoint(JOB_ID, 4, 0, 0,
            CheckpointProperties.forSavepoint(false), null, List.of(), List.of(), MetadataRoundTripTest.stats(4));

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> store.addCheckpointAndSubsumeOldest(savepoint));

        assertTrue(ex.getMessage().contains("savepoint"), ex.getMessage());
        assertEquals(0, store.getNumberOfRetainedCheckpoints());
    }

    @Test
    void shouldRefuseAnIdAlreadyInTheStore() throws IOException
    {
        final CompletedCheckpointStore store = createStore(2);
        final CompletedCheckpoint first = inMemory(4);
        store.addCheckpointAndSubsumeOldest(first);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> store.addCheckpointAndSubsumeOldest(inMemory(4)));

        assertTrue(ex.getMessage().startsWith("checkpointId=4; "), ex.getMessage());
        assertEquals(List.of(first), store.getAllCheckpoints());
    }

    @Test
    void shouldRetainExactlyTheNewestUnderConcurrentAdds() throws Exception
    {
        final Random random = new Random(42);
        for (final int maxRetained : new int[]{1, 3, 10})
        {
            for (int round = 0; round < 20; round++)
            {
                addConcurrently(createStore(maxRetained), maxRetained, 8, 400, random.nextLong());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(JobStatus.class)
    void shouldDiscardOnShutdownAsTheRetentionPolicySays(final JobStatus jobStatus) throws IOException
    {
        final CompletedCheckpointStore store = createStore(5);
        final Map<CheckpointRetentionPolicy, CompletedCheckpoint> checkpoints = Map.of(
            CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION,
            writeCheckpoint(jobDirectory(), 1, CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION),
            CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION,
            writeCheckpoint(jobDirectory(), 2, CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION),
            CheckpointRetentionPolicy.RETAIN_ON_FAILURE,
            writeCheckpoint(jobDirectory(), 3, CheckpointRetentionPolicy.RETAIN_ON_FAILURE));
        for (final CompletedCheckpoint checkpoint : checkpoints.values())
        {
            store.addCheckpointAndSubsumeOldest(checkpoint);
        }

        store.shutdown(jobStatus);

        final Set<CheckpointRetentionPolicy> kept = KEPT_ON_SHUTDOWN.get(jobStatus);
        for (final Map.Entry<CheckpointRetentionPolicy, CompletedCheckpoint> entry : checkpoints.entrySet())
        {
            final boolean shouldExist = kept.contains(entry.getKey());
            final String what = jobStatus + ", " + entry.getKey();
            assertEquals(shouldExist, Files.exists(entry.getValue().getDirectory()), what);
            assertEquals(!shouldExist, entry.getValue().isDiscarded(), what);
        }
        assertEquals(0, store.getNumberOfRetainedCheckpoints());
        assertNull(store.getLatestCheckpoint());
    }

    @Test
    void shouldRefuseAddsAfterShutdown() throws IOException
    {
        final CompletedCheckpointStore store = createStore(2);
        store.shutdown(JobStatus.FINISHED);

        assertThrows(IllegalStateException.class, () -> store.addCheckpointAndSubsumeOldest(inMemory(1)));
    }

    static CompletedCheckpoint inMemory(final long checkpointId)
    {
        return new CompletedCheckpoint(JOB_ID, checkpointId, checkpointId, checkpointId + 1,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION), null,
            List.of(), List.of(), MetadataRoundTripTest.stats(checkpointId));
    }

    /**
     * Writes a completed checkpoint as the coordinator does: its exclusive state file in {@code chk-<id>/}, an
     * operator stream per shared file (created if missing), then its metadata.
     */
    static CompletedCheckpoint writeCheckpoint(
        final Path jobDirectory, final long checkpointId, final CheckpointRetentionPolicy policy,
        final Path... sharedFiles) throws IOException
    {
        final Path directory = Files.createDirectories(jobDirectory.resolve("chk-" + checkpointId));
        final Path state = Files.write(directory.resolve("state"), new byte[]{(byte)checkpointId});
        final List<OperatorStateHandle> operator = new ArrayList<>();
        for (final Path shared : sharedFiles)
        {
            if (!Files.exists(shared))
            {
                Files.createDirectories(shared.getParent());
                Files.write(shared, new byte[]{1, 2, 3});
            }
            operator.add(new OperatorStateHandle(new FileStateHandle(shared, 3),
                Map.of("s", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 1))));
        }
        final List<KeyedStateHandle> keyed =
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 127), new FileStateHandle(state, 1)));
        final CheckpointMetadata metadata = new CheckpointMetadata(JOB_ID, checkpointId, checkpointId,
            checkpointId + 1, CheckpointProperties.forCheckpoint(policy),
            List.of(new TaskStateSnapshot(keyed, operator)), List.of(), MetadataRoundTripTest.stats(checkpointId));
        CheckpointMetadataSerializer.write(metadata, directory);
        return metadata.toCompletedCheckpoint(directory);
    }

    static List<Long> ids(final List<CompletedCheckpoint> checkpoints)
    {
        return checkpoints.stream().map(CompletedCheckpoint::getCheckpointId).collect(Collectors.toList());
    }

    private static void addConcurrently(
        final CompletedCheckpointStore store,
        final int maxRetained,
        final int threads,
        final int count,
        final long seed) throws InterruptedException
    {
        final List<Long> order = LongStream.range(0, count).boxed().collect(Collectors.toList());
        Collections.shuffle(order, new Random(seed));
        final Queue<CompletedCheckpoint> subsumed = new ConcurrentLinkedQueue<>();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            final int first = t;
            final Thread worker = new Thread(() ->
            {
                try
                {
                    start.await();
                    for (int i = first; i < count; i += threads)
                    {
                        subsumed.addAll(store.addCheckpointAndSubsumeOldest(inMemory(order.get(i))));
                    }
                }
                catch (final Throwable ex)
                {
                    failures.add(ex);
                }
            }, "adder-" + t);
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertEquals(List.of(), List.copyOf(failures));
        final List<Long> newest = LongStream.range(count - maxRetained, count).boxed().collect(Collectors.toList());
        assertEquals(newest, ids(store.getAllCheckpoints()), "seed " + seed);
        assertEquals(count - 1, store.getLatestCheckpoint().getCheckpointId());
        final Set<Long> subsumedIds = new HashSet<>(ids(List.copyOf(subsumed)));
        assertEquals(count - maxRetained, subsumed.size(), "seed " + seed);
        assertEquals(subsumed.size(), subsumedIds.size(), "each checkpoint subsumed once, seed " + seed);
        subsumedIds.addAll(newest);
        assertEquals(count, subsumedIds.size(), "every checkpoint retained or subsumed, seed " + seed);
    }
}

package io.cairn.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.offheap.OffHeapStateBackend;
import io.cairn.operator.DefaultOperatorStateBackend;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator with real subtasks: off-heap keyed backends and operator backends on their own threads,
 * filesystem storage; checkpoint, crash (no clean shutdown), restore at a higher parallelism.
 */
class CheckpointEndToEndTest
{
    private static final int MAX_PARALLELISM = 128;
    private static final LongValueStateDescriptor COUNT = new LongValueStateDescriptor("count");
    private static final ListStateDescriptor<Long> OFFSETS = new ListStateDescriptor<>("offsets", LongCodec.INSTANCE);

    @TempDir
    Path directory;

    private final List<ExecutorService> threads = new ArrayList<>();

    @AfterEach
    void stopThreads()
    {
        threads.forEach(ExecutorService::shutdownNow);
    }

    @Test
    void shouldRestoreTheLatestCheckpointAtAnotherParallelism() throws Exception
    {
        final List<SubtaskCheckpointAgent> writers = agents(2);
        final CheckpointCoordinator coordinator = coordinator(writers);
        for (final SubtaskCheckpointAgent agent : writers)
        {
            onSubtask(agent, () -> write(agent, 2, 1000));
        }
        final CompletedCheckpoint first = coordinator.triggerCheckpoint(false).get(30, TimeUnit.SECONDS);
        for (final SubtaskCheckpointAgent agent : writers)
        {
            onSubtask(agent, () -> write(agent, 2, 1000));
        }
        final CompletedCheckpoint second = coordinator.triggerCheckpoint(false).get(30, TimeUnit.SECONDS);
        assertTrue(second.getCheckpointId() > first.getCheckpointId());
        assertEquals(1, coordinator.getNumberOfRetainedSuccessfulCheckpoints());
        for (final SubtaskCheckpointAgent agent : writers)
        {
            onSubtask(agent, () -> write(agent, 2, 1000));
        }
        // Crash: no shutdown; a new coordinator on the same directory finds the latest checkpoint by itself.
        final List<SubtaskCheckpointAgent> readers = agents(3);
        final CheckpointCoordinator restarted = coordinator(readers);
        assertTrue(restarted.restoreLatestCheckpointedStateToAll(readers, true));
        long total = 0;
        long offsets = 0;
        for (final SubtaskCheckpointAgent agent : readers)
        {
            final long[] counts = onSubtask(agent, () -> read(agent, 1000));
            total += counts[0];
            offsets += counts[1];
        }
        assertEquals(1000 * 2, total, "every key counted twice, as at the second checkpoint");
        assertEquals(2 * 2, offsets, "two offsets per old subtask, spread over the new ones");
        assertTrue(restarted.triggerCheckpoint(false).get(30, TimeUnit.SECONDS).getCheckpointId() >
            second.getCheckpointId());
        restarted.shutdown(JobStatus.FINISHED);
    }

    private CheckpointCoordinator coordinator(final List<SubtaskCheckpointAgent> agents)
    {
        return CheckpointCoordinator.builder("job", new FileSystemCheckpointStorage(directory, "job"))
            .configuration(CheckpointCoordinatorConfiguration.builder().setMaxParallelism(MAX_PARALLELISM).build())
            .participants(agents)
            .timeService(new ManualTimeService(1_000))
            .build();
    }

    private List<SubtaskCheckpointAgent> agents(final int parallelism)
    {
        final ExecutorService async = Executors.newFixedThreadPool(2);
        threads.add(async);
        final List<SubtaskCheckpointAgent> agents = new ArrayList<>();
        for (int i = 0; i < parallelism; i++)
        {
            final ExecutorService subtask = Executors.newSingleThreadExecutor();
            threads.add(subtask);
            final int index = i;
            agents.add(new SubtaskCheckpointAgent(i, subtask, async,
                () -> new OffHeapStateBackend().createKeyedStateBackend(
                    KeyedStateBackendParameters.builder(LongCodec.INSTANCE).numberOfKeyGroups(MAX_PARALLELISM)
                        .keyGroupRange(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                            MAX_PARALLELISM, parallelism, index))
                        .memoryBudgetBytes(16L << 20).build()),
                DefaultOperatorStateBackend::new));
        }
        return agents;
    }

    @SuppressWarnings("unchecked")
    private static void write(final SubtaskCheckpointAgent agent, final int parallelism, final long keys)
        throws Exception
    {
        final KeyedStateBackend<Long> backend = (KeyedStateBackend<Long>)agent.keyedStateBackend();
        final LongValueState count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        for (long key = 0; key < keys; key++)
        {
            final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM);
            if (backend.getKeyGroupRange().contains(keyGroup))
            {
                backend.setCurrentKey(key);
                count.updateLong(count.getLong(0) + 1);
            }
        }
        final ListState<Long> offsets = agent.operatorStateBackend().getListState(OFFSETS);
        offsets.update(List.of(agent.getSubtaskIndex() * 100L, agent.getSubtaskIndex() * 100L + 1));
    }

    @SuppressWarnings("unchecked")
    private static long[] read(final SubtaskCheckpointAgent agent, final long keys) throws Exception
    {
        final KeyedStateBackend<Long> backend = (KeyedStateBackend<Long>)agent.keyedStateBackend();
        final LongValueState count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        long total = 0;
        for (long key = 0; key < keys; key++)
        {
            final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM);
            if (backend.getKeyGroupRange().contains(keyGroup))
            {
                backend.setCurrentKey(key);
                total += count.getLong(0);
            }
        }
        return new long[] { total, agent.operatorStateBackend().getListState(OFFSETS).get().size() };
    }

    /**
     * Runs work on a subtask's state from the test thread: safe here because the test waits for each checkpoint
     * to complete before touching the state again, so the subtask's thread is idle meanwhile.
     */
    private static <T> T onSubtask(final SubtaskCheckpointAgent agent, final java.util.concurrent.Callable<T> work)
        throws Exception
    {
        return work.call();
    }

    private static void onSubtask(final SubtaskCheckpointAgent agent, final ThrowingRunnable work) throws Exception
    {
        work.run();
    }

    @FunctionalInterface
    private interface ThrowingRunnable
    {
        void run() throws Exception;
    }
}

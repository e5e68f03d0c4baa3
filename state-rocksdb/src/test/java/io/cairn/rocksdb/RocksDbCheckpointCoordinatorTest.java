package io.cairn.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.JobStatus;
import io.cairn.checkpoint.SharedStateRegistry;
import io.cairn.checkpoint.SubtaskCheckpointAgent;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental checkpoints of RocksDB backends through a checkpoint coordinator on filesystem storage: the shared
 * SST files of retained checkpoints stay, those no retained checkpoint references any more (compacted away, then
 * subsumed) are deleted, and a coordinator started again on the directory finds the same files and restores them
 * at another parallelism.
 */
class RocksDbCheckpointCoordinatorTest
{
    private static final int MAX_PARALLELISM = 64;
    private static final int KEYS = 2000;
    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", LongCodec.INSTANCE);

    @TempDir
    Path directory;

    private final List<ExecutorService> threads = new ArrayList<>();
    private final Map<SubtaskCheckpointAgent, ExecutorService> subtaskThreads = new HashMap<>();
    private final List<KeyedStateBackend<?>> opened = new ArrayList<>();

    @AfterEach
    void stop()
    {
        threads.forEach(ExecutorService::shutdownNow);
        opened.forEach(KeyedStateBackend::close);
    }

    @Test
    void shouldKeepTheFilesOfRetainedCheckpointsAndDeleteTheRest() throws Exception
    {
        final List<SubtaskCheckpointAgent> writers = agents(2);
        final CheckpointCoordinator coordinator = coordinator(writers);
        final Set<StreamStateHandle> everySst = new HashSet<>();
        for (int round = 1; round <= 6; round++)
        {
            for (final SubtaskCheckpointAgent agent : writers)
            {
                final boolean compact = round % 3 == 0;
                onSubtask(agent, () -> count(agent, compact));
            }
            final CompletedCheckpoint checkpoint = coordinator.triggerCheckpoint(false).get(60, TimeUnit.SECONDS);
            for (final TaskStateSnapshot state : checkpoint.getTaskStates())
            {
                everySst.addAll(assertInstanceOf(IncrementalSstStateHandle.class, state.getKeyedState().get(0))
                    .getSharedStreams());
            }
            checkOnlyRetainedFiles(coordinator);
        }
        final Set<StreamStateHandle> retained = sharedStreams(coordinator.getCheckpointStore().getAllCheckpoints());
        final Set<StreamStateHandle> deleted = new HashSet<>(everySst);
        deleted.removeAll(retained);
        assertFalse(deleted.isEmpty(), "compactions made SST files obsolete, and their checkpoints were subsumed");
        for (final StreamStateHandle sst : deleted)
        {
            assertFalse(Files.exists(((FileStateHandle)sst).getFilePath()), sst.describe());
        }

        // Crash: no shutdown. A new coordinator on the directory restores at another parallelism.
        final List<SubtaskCheckpointAgent> readers = agents(3);
        final CheckpointCoordinator restarted = coordinator(readers);
        assertEquals(retained, sharedStreams(restarted.getCheckpointStore().getAllCheckpoints()));
        checkOnlyRetainedFiles(restarted);
        assertTrue(restarted.restoreLatestCheckpointedStateToAll(readers, true));
        long total = 0;
        for (final SubtaskCheckpointAgent agent : readers)
        {
            total += onSubtask(agent, () -> sum(agent));
        }
        assertEquals(6L * KEYS, total, "every key counted in each of the six rounds");
        for (final SubtaskCheckpointAgent agent : readers)
        {
            onSubtask(agent, () -> count(agent, false));
        }
        restarted.triggerCheckpoint(false).get(60, TimeUnit.SECONDS);
        checkOnlyRetainedFiles(restarted);
        restarted.shutdown(JobStatus.FINISHED);
    }

    /**
     * Checks that the registry counts each SST file once per retained checkpoint listing it, that every file a
     * retained checkpoint references exists, and that the shared directory holds those SST files and no other.
     * The coordinator's I/O runs on the completing thread, so its cleanup is over by the time a checkpoint's future
     * completes.
     */
    private static void checkOnlyRetainedFiles(final CheckpointCoordinator coordinator) throws IOException
    {
        final List<CompletedCheckpoint> retained = coordinator.getCheckpointStore().getAllCheckpoints();
        final Map<StreamStateHandle, Integer> counts = new HashMap<>();
        for (final CompletedCheckpoint checkpoint : retained)
        {
            for (final StreamStateHandle stream : sharedStreams(List.of(checkpoint)))
            {
                counts.merge(stream, 1, Integer::sum);
            }
            for (final TaskStateSnapshot state : checkpoint.getTaskStates())
            {
                for (final KeyedStateHandle handle : state.getKeyedState())
                {
                    final IncrementalSstStateHandle sst = (IncrementalSstStateHandle)handle;
                    for (final StreamStateHandle stream : sst.getExclusiveStreams())
                    {
                        // An empty file (the write-ahead log, which writes skip) is kept inline.
                        if (stream instanceof FileStateHandle)
                        {
                            final Path file = ((FileStateHandle)stream).getFilePath();
                            assertTrue(Files.exists(file), file.toString());
                            assertTrue(file.startsWith(checkpoint.getDirectory()), file.toString());
                        }
                        else
                        {
                            assertEquals(0, stream.getStateSize(), stream.describe());
                        }
                    }
                }
            }
        }
        final SharedStateRegistry registry = coordinator.getSharedStateRegistry();
        assertEquals(counts, registry.getReferenceCounts());
        final Set<Path> referenced = counts.keySet().stream().map((stream) -> ((FileStateHandle)stream).getFilePath())
            .collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(registry.getSharedStateDirectory()))
        {
            assertEquals(referenced, files.collect(Collectors.toSet()));
        }
    }

    private static Set<StreamStateHandle> sharedStreams(final List<CompletedCheckpoint> checkpoints)
    {
        final Set<StreamStateHandle> streams = new HashSet<>();
        for (final CompletedCheckpoint checkpoint : checkpoints)
        {
            for (final TaskStateSnapshot state : checkpoint.getTaskStates())
            {
                for (final KeyedStateHandle handle : state.getKeyedState())
                {
                    streams.addAll(((IncrementalSstStateHandle)handle).getSharedStreams());
                }
            }
        }
        return streams;
    }

    private CheckpointCoordinator coordinator(final List<SubtaskCheckpointAgent> agents)
    {
        return CheckpointCoordinator.builder("job", new FileSystemCheckpointStorage(directory, "job"))
            .configuration(CheckpointCoordinatorConfiguration.builder().setMaxParallelism(MAX_PARALLELISM)
                .setNumberOfRetainedCheckpoints(2).build())
            .participants(agents)
            .ioExecutor(Runnable::run)
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
            final SubtaskCheckpointAgent agent = new SubtaskCheckpointAgent(i, subtask, async, () ->
            {
                final KeyedStateBackend<Long> backend = TestDirectories.backend().createKeyedStateBackend(
                    KeyedStateBackendParameters.builder(LongCodec.INSTANCE).numberOfKeyGroups(MAX_PARALLELISM)
                        .keyGroupRange(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                            MAX_PARALLELISM, parallelism, index))
                        .memoryBudgetBytes(16L << 20).build());
                opened.add(backend);
                return backend;
            }, null);
            subtaskThreads.put(agent, subtask);
            agents.add(agent);
        }
        return agents;
    }

    /** Adds one to the count of every key the subtask owns; compacts its database after, if asked. */
    @SuppressWarnings("unchecked")
    private static Void count(final SubtaskCheckpointAgent agent, final boolean compact)
    {
        final KeyedStateBackend<Long> backend = (KeyedStateBackend<Long>)agent.keyedStateBackend();
        final ValueState<Long> count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        for (long key = 0; key < KEYS; key++)
        {
            if (backend.getKeyGroupRange().contains(
                KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM)))
            {
                backend.setCurrentKey(key);
                final Long value = count.value();
                count.update(value == null ? 1 : value + 1);
            }
        }
        if (compact)
        {
            ((RocksDbKeyedStateBackend<Long>)backend).instance().compactAll();
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static long sum(final SubtaskCheckpointAgent agent)
    {
        final KeyedStateBackend<Long> backend = (KeyedStateBackend<Long>)agent.keyedStateBackend();
        final ValueState<Long> count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        long total = 0;
        for (long key = 0; key < KEYS; key++)
        {
            if (backend.getKeyGroupRange().contains(
                KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM)))
            {
                backend.setCurrentKey(key);
                final Long value = count.value();
                total += value == null ? 0 : value;
            }
        }
        return total;
    }

    /** Runs work on the subtask's own thread, where its backend is driven, and waits for it. */
    private <T> T onSubtask(final SubtaskCheckpointAgent agent, final Callable<T> work) throws Exception
    {
        return subtaskThreads.get(agent).submit(work).get(60, TimeUnit.SECONDS);
    }
}

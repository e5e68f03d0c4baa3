package io.cairn.offheap;

import java.util.List;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What is particular to the off-heap backend's copy-on-write snapshots: memory kept and given back. */
class OffHeapCopyOnWriteTest
{
    private static final LongValueStateDescriptor COUNT = new LongValueStateDescriptor("count");
    private static final int KEYS = 20_000;

    @Test
    void shouldKeepOverwrittenRecordsOnlyUntilTheSnapshotIsWritten() throws Exception
    {
        try (OffHeapKeyedStateBackend<Long> backend = newBackend())
        {
            final LongValueState count = state(backend);
            writeAll(backend, count, 1);
            final long baseline = backend.getAllocatedMemory();

            final RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = snapshot(backend);
            assertEquals(1, backend.getPendingSnapshotCount());
            writeAll(backend, count, 2);
            final long whileShared = backend.getAllocatedMemory();
            assertTrue(whileShared > baseline + KEYS * 16L,
                "writes after the snapshot go to copies: baseline=" + baseline + " whileShared=" + whileShared);

            snapshot.run();
            assertEquals(0, backend.getPendingSnapshotCount());
            final long afterRelease = backend.getAllocatedMemory();
            assertTrue(afterRelease <= baseline + baseline / 4,
                "the copies' originals are freed: baseline=" + baseline + " afterRelease=" + afterRelease);

            writeAll(backend, count, 3);
            assertEquals(afterRelease, backend.getAllocatedMemory(), "with no snapshot, writes go in place");
        }
    }

    @Test
    void shouldReleaseTheViewOfACancelledSnapshot() throws Exception
    {
        try (OffHeapKeyedStateBackend<Long> backend = newBackend())
        {
            final LongValueState count = state(backend);
            writeAll(backend, count, 1);
            final long baseline = backend.getAllocatedMemory();
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = snapshot(backend);
            writeAll(backend, count, 2);
            snapshot.cancel(false);
            assertEquals(0, backend.getPendingSnapshotCount());
            assertTrue(backend.getAllocatedMemory() <= baseline + baseline / 4);
        }
    }

    @Test
    void shouldFinishASnapshotAfterTheBackendIsClosed() throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot;
        try (OffHeapKeyedStateBackend<Long> backend = newBackend())
        {
            final LongValueState count = state(backend);
            writeAll(backend, count, 5);
            snapshot = snapshot(backend);
        }
        snapshot.run();
        try (OffHeapKeyedStateBackend<Long> restored = newBackend())
        {
            restored.restore(List.of(snapshot.get().getJobManagerOwnedSnapshot()));
            final LongValueState count = state(restored);
            for (long key = 0; key < KEYS; key += 997)
            {
                restored.setCurrentKey(key);
                assertEquals(key * 5, count.getLong(-1));
            }
        }
    }

    @Test
    void shouldNotShowAppendsMadeAfterTheSnapshotToIt() throws Exception
    {
        final ListStateDescriptor<Long> events = new ListStateDescriptor<>("events", LongCodec.INSTANCE);
        try (OffHeapKeyedStateBackend<Long> backend = newBackend())
        {
            final ListState<Long> list =
                backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, events);
            backend.setCurrentKey(1L);
            list.addAll(List.of(1L, 2L));
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = snapshot(backend);
            list.add(3L);
            list.addAll(List.of(4L, 5L));
            snapshot.run();
            list.update(List.of(9L));
            try (OffHeapKeyedStateBackend<Long> restored = newBackend())
            {
                restored.restore(List.of(snapshot.get().getJobManagerOwnedSnapshot()));
                restored.setCurrentKey(1L);
                assertEquals(List.of(1L, 2L),
                    restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, events).get());
            }
            assertEquals(List.of(9L), list.get());
        }
    }

    private static OffHeapKeyedStateBackend<Long> newBackend()
    {
        return new OffHeapKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).memoryBudgetBytes(64L << 20).build());
    }

    private static LongValueState state(final OffHeapKeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
    }

    private static void writeAll(final OffHeapKeyedStateBackend<Long> backend, final LongValueState count, final long m)
    {
        for (long key = 0; key < KEYS; key++)
        {
            backend.setCurrentKey(key);
            count.updateLong(key * m);
        }
    }

    private static RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
        final OffHeapKeyedStateBackend<Long> backend)
    {
        return backend.snapshot(1, 1, new MemoryCheckpointStreamFactory("cow"), CheckpointOptions.forCheckpoint());
    }
}

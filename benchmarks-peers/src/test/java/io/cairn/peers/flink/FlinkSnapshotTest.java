package io.cairn.peers.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlinkSnapshotTest
{
    private static final int KEY_GROUPS = 128;
    private static final int KEYS = 2_000;
    private static final LongValueStateDescriptor COUNT = new LongValueStateDescriptor("count");
    private static final ValueStateDescriptor<byte[]> BYTES =
        new ValueStateDescriptor<>("bytes", ByteArrayCodec.INSTANCE);

    @ParameterizedTest
    @ValueSource(strings = { FlinkHashMapStateBackendFactory.NAME, FlinkRocksDbStateBackendFactory.NAME })
    void shouldRestoreEveryKeyFromFlinksOwnSnapshot(final String name) throws Exception
    {
        final StateBackend stateBackend = load(name);
        final SnapshotResult<KeyedStateHandle> result;
        try (KeyedStateBackend<Long> source = openLong(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            final LongValueState count = count(source);
            for (long key = 0; key < KEYS; key++)
            {
                source.setCurrentKey(key);
                count.updateLong(key * 3);
            }
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = source.snapshot(
                1, 1, new MemoryCheckpointStreamFactory("test"), CheckpointOptions.forCheckpoint());
            // Written after the synchronous part: not in the snapshot.
            source.setCurrentKey(0L);
            count.updateLong(-1);
            future.run();
            result = future.get();
        }
        final KeyedStateHandle handle = result.getJobManagerOwnedSnapshot();
        assertInstanceOf(FlinkSnapshotHandle.class, handle);
        assertEquals(KeyGroupRange.of(0, KEY_GROUPS - 1), handle.getKeyGroupRange());
        assertTrue(result.getStateSize() > 0, result.toString());

        try (KeyedStateBackend<Long> target = openLong(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            target.restore(List.of(handle));
            final LongValueState count = count(target);
            for (long key = 0; key < KEYS; key++)
            {
                target.setCurrentKey(key);
                assertEquals(key * 3, count.getLong(-2), "key " + key);
            }
            assertEquals(KEYS, target.getKeys(COUNT.getName(), VoidNamespace.INSTANCE).count());
            assertThrows(IllegalStateException.class, () -> target.restore(List.of(handle)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { FlinkHashMapStateBackendFactory.NAME, FlinkRocksDbStateBackendFactory.NAME })
    void shouldRestoreASavepointAndACheckpointTakenAfterAConfirmedOne(final String name) throws Exception
    {
        final StateBackend stateBackend = load(name);
        final MemoryCheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("test");
        final KeyedStateHandle checkpoint;
        final KeyedStateHandle savepoint;
        try (KeyedStateBackend<Long> source = openLong(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            final LongValueState count = count(source);
            for (long key = 0; key < KEYS; key++)
            {
                source.setCurrentKey(key);
                count.updateLong(key * 3);
            }
            snapshot(source, 1, streams, CheckpointOptions.forCheckpoint());
            source.notifyCheckpointComplete(1);
            for (long key = 0; key < KEYS; key += 100)
            {
                source.setCurrentKey(key);
                count.updateLong(key * 5);
            }
            checkpoint = snapshot(source, 2, streams, CheckpointOptions.forCheckpoint());
            source.notifyCheckpointComplete(2);
            savepoint = snapshot(source, 3, streams, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        }
        final org.apache.flink.runtime.state.KeyedStateHandle flinkCheckpoint =
            ((FlinkSnapshotHandle)checkpoint).flinkHandle();
        final org.apache.flink.runtime.state.KeyedStateHandle flinkSavepoint =
            ((FlinkSnapshotHandle)savepoint).flinkHandle();
        if (FlinkRocksDbStateBackendFactory.NAME.equals(name))
        {
            // Incremental: the second checkpoint shares the first one's files and uploads only what changed.
            assertInstanceOf(IncrementalRemoteKeyedStateHandle.class, flinkCheckpoint);
            assertTrue(flinkCheckpoint.getCheckpointedSize() < flinkCheckpoint.getStateSize(),
                flinkCheckpoint.toString());
        }
        assertInstanceOf(KeyGroupsStateHandle.class, flinkSavepoint);

        for (final KeyedStateHandle handle : List.of(checkpoint, savepoint))
        {
            try (KeyedStateBackend<Long> target = openLong(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
            {
                target.restore(List.of(handle));
                final LongValueState count = count(target);
                for (long key = 0; key < KEYS; key++)
                {
                    target.setCurrentKey(key);
                    assertEquals(key % 100 == 0 ? key * 5 : key * 3, count.getLong(-2), "key " + key);
                }
            }
        }
    }

    private static KeyedStateHandle snapshot(
        final KeyedStateBackend<Long> backend,
        final long checkpointId,
        final MemoryCheckpointStreamFactory streams,
        final CheckpointOptions options) throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
            backend.snapshot(checkpointId, checkpointId, streams, options);
        future.run();
        return future.get().getJobManagerOwnedSnapshot();
    }

    @Test
    void shouldRestoreOnlyTheKeyGroupsOfTheNewSubtaskWhenRescaled() throws Exception
    {
        final StateBackend stateBackend = load(FlinkHashMapStateBackendFactory.NAME);
        final List<byte[]> keys = new ArrayList<>();
        final List<KeyedStateHandle> oldHandles = new ArrayList<>();
        // Two old subtasks, 0..63 and 64..127; each key in the key group of its content.
        for (int subtask = 0; subtask < 2; subtask++)
        {
            final KeyGroupRange range =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(KEY_GROUPS, 2, subtask);
            try (KeyedStateBackend<byte[]> old = openBytes(stateBackend, range))
            {
                final ValueState<byte[]> state =
                    old.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, BYTES);
                for (int k = 0; k < KEYS; k++)
                {
                    final byte[] key = { (byte)(k >>> 8), (byte)k, 7 };
                    final int keyGroup = keyGroup(key);
                    if (range.contains(keyGroup))
                    {
                        old.setCurrentKeyAndKeyGroup(key, keyGroup);
                        state.update(new byte[] { (byte)k });
                        keys.add(key);
                    }
                }
                final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = old.snapshot(
                    1, 1, new MemoryCheckpointStreamFactory("old"), CheckpointOptions.forCheckpoint());
                future.run();
                oldHandles.add(future.get().getJobManagerOwnedSnapshot());
            }
        }
        assertEquals(KEYS, keys.size());

        // Scale in to one subtask of 0..31 (a smaller range than either old one), then out to 0..127.
        for (final KeyGroupRange newRange : List.of(KeyGroupRange.of(0, 31), KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            try (KeyedStateBackend<byte[]> restored = openBytes(stateBackend, newRange))
            {
                restored.restore(oldHandles);
                final ValueState<byte[]> state =
                    restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, BYTES);
                final long expected = keys.stream().filter(key -> newRange.contains(keyGroup(key))).count();
                final List<byte[]> restoredKeys = new ArrayList<>();
                restored.getKeys(BYTES.getName(), VoidNamespace.INSTANCE).forEach(restoredKeys::add);
                assertEquals(expected, restoredKeys.size(), newRange.toString());
                for (final byte[] key : restoredKeys)
                {
                    final int keyGroup = keyGroup(key);
                    assertTrue(newRange.contains(keyGroup), newRange + " holds key group " + keyGroup);
                    // Flink's heap backend finds a byte[] key only through the array it holds.
                    restored.setCurrentKeyAndKeyGroup(key, keyGroup);
                    assertArrayEquals(new byte[] { key[1] }, state.value());
                }
            }
        }
    }

    @Test
    void shouldCancelASnapshotAndRejectWhatIsNotAdapted() throws Exception
    {
        final StateBackend stateBackend = load(FlinkHashMapStateBackendFactory.NAME);
        try (KeyedStateBackend<Long> backend = openLong(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            backend.setCurrentKey(1L);
            count(backend).updateLong(1);
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(
                1, 1, new MemoryCheckpointStreamFactory("cancelled"), CheckpointOptions.forCheckpoint());
            assertTrue(future.cancel(false));
            assertTrue(future.isCancelled());

            final CheckpointStreamFactory other = scope -> null;
            final UnsupportedOperationException factory = assertThrows(UnsupportedOperationException.class,
                () -> backend.snapshot(2, 2, other, CheckpointOptions.forCheckpoint()));
            assertTrue(factory.getMessage().startsWith("streamFactory="), factory.getMessage());
        }
        try (KeyedStateBackend<Long> empty = openLong(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            final KeyedStateHandle foreign = new KeyedStateHandle()
            {
                private static final long serialVersionUID = 1L;

                @Override
                public KeyGroupRange getKeyGroupRange()
                {
                    return KeyGroupRange.of(0, KEY_GROUPS - 1);
                }

                @Override
                public KeyedStateHandle getIntersection(final KeyGroupRange keyGroupRange)
                {
                    return this;
                }

                @Override
                public void discardState()
                {
                }

                @Override
                public long getStateSize()
                {
                    return 0;
                }
            };
            assertThrows(IllegalArgumentException.class, () -> empty.restore(List.of(foreign)));
            empty.setCurrentKey(1L);
            assertNull(count(empty).value());
        }
    }

    private static int keyGroup(final byte[] key)
    {
        return KeyGroupRangeAssignment.assignToKeyGroup(ByteArrayCodec.INSTANCE.hashCode(key), KEY_GROUPS);
    }

    private static LongValueState count(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
    }

    private static StateBackend load(final String name)
    {
        return StateBackendLoader.loadStateBackendFromConfig(Map.of(StateBackendLoader.STATE_BACKEND_TYPE, name));
    }

    private static KeyedStateBackend<Long> openLong(final StateBackend backend, final KeyGroupRange range)
    {
        return backend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(KEY_GROUPS)
            .keyGroupRange(range)
            .memoryBudgetBytes(64L << 20)
            .build());
    }

    private static KeyedStateBackend<byte[]> openBytes(final StateBackend backend, final KeyGroupRange range)
    {
        return backend.createKeyedStateBackend(KeyedStateBackendParameters.builder(ByteArrayCodec.INSTANCE)
            .numberOfKeyGroups(KEY_GROUPS)
            .keyGroupRange(range)
            .memoryBudgetBytes(64L << 20)
            .build());
    }
}

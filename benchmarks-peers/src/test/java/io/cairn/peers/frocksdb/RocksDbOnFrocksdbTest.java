package io.cairn.peers.frocksdb;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.rocksdb.RocksDbStateBackend;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cairn's RocksDB backend on Flink's build of RocksDB: what the benchmarks' {@code rocksdb-frocksdbjni} rows
 * measure must be the backend working, on that engine. (state-rocksdb's own tests and the property tests run on it
 * too, with {@code -P frocksdbjni}.)
 */
class RocksDbOnFrocksdbTest
{
    private static final int KEY_GROUPS = 128;
    private static final int KEYS = 2_000;
    private static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongCodec.INSTANCE);
    private static final MapStateDescriptor<Long, Long> MAP =
        new MapStateDescriptor<>("map", LongCodec.INSTANCE, LongCodec.INSTANCE);
    private static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", LongCodec.INSTANCE);

    @Test
    void shouldBeCairnsBackendOnFlinksBuildOfRocksDb()
    {
        assertInstanceOf(RocksDbStateBackend.class, load());
        final String engine = RocksDB.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertTrue(engine.contains("frocksdbjni"), engine);
        final IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
            () -> StateBackendLoader.loadStateBackendFromConfig(
                Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb-frocksdb")));
        assertTrue(unknown.getMessage().contains("rocksdb-frocksdb"), unknown.getMessage());
    }

    @Test
    void shouldRestoreAnIncrementalCheckpointAndASavepointAtHalfTheKeyGroups() throws Exception
    {
        final StateBackend stateBackend = load();
        final MemoryCheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("frocksdbjni");
        final KeyedStateHandle checkpoint;
        final KeyedStateHandle savepoint;
        try (KeyedStateBackend<Long> source = open(stateBackend, KeyGroupRange.of(0, KEY_GROUPS - 1)))
        {
            for (long key = 0; key < KEYS; key++)
            {
                write(source, key, key * 3);
            }
            snapshot(source, 1, streams, CheckpointOptions.forCheckpoint());
            source.notifyCheckpointComplete(1);
            for (long key = 0; key < KEYS; key += 100)
            {
                write(source, key, key * 5);
            }
            source.setCurrentKey(7L);
            value(source).clear();
            checkpoint = snapshot(source, 2, streams, CheckpointOptions.forCheckpoint());
            savepoint = snapshot(source, 3, streams, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        }
        final IncrementalSstStateHandle incremental = assertInstanceOf(IncrementalSstStateHandle.class, checkpoint);
        assertTrue(incremental.getCheckpointedSize() < incremental.getStateSize(), incremental.toString());

        final KeyGroupRange half = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(KEY_GROUPS, 2, 1);
        for (final KeyedStateHandle handle : List.of(checkpoint, savepoint))
        {
            try (KeyedStateBackend<Long> target = open(stateBackend, half))
            {
                target.restore(List.of(handle));
                int owned = 0;
                for (long key = 0; key < KEYS; key++)
                {
                    if (!half.contains(KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), KEY_GROUPS)))
                    {
                        continue;
                    }
                    owned++;
                    target.setCurrentKey(key);
                    final long expected = key % 100 == 0 ? key * 5 : key * 3;
                    assertEquals(key == 7 ? null : expected, value(target).value(), "key " + key);
                    assertEquals(expected, map(target).get(key), "key " + key);
                    final Iterator<Map.Entry<Long, Long>> entries = map(target).iterator();
                    assertEquals(Map.entry(key, expected), entries.next(), "key " + key);
                    assertFalse(entries.hasNext(), "key " + key);
                    final List<Long> list = new ArrayList<>();
                    list(target).get().forEach(list::add);
                    assertEquals(key % 100 == 0 ? List.of(key * 3, key * 5) : List.of(key * 3), list, "key " + key);
                }
                final long keysWithValue = target.getKeys(VALUE.getName(), VoidNamespace.INSTANCE).count();
                assertEquals(half.contains(KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(7L), KEY_GROUPS)) ?
                    owned - 1 : owned, keysWithValue, handle.toString());
                target.setCurrentKey(KEYS + 1L);
                assertNull(value(target).value());
            }
        }
    }

    private static void write(final KeyedStateBackend<Long> backend, final long key, final long value)
    {
        backend.setCurrentKey(key);
        value(backend).update(value);
        map(backend).put(key, value);
        list(backend).add(value);
    }

    private static ValueState<Long> value(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, VALUE);
    }

    private static MapState<Long, Long> map(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, MAP);
    }

    private static ListState<Long> list(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, LIST);
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

    private static StateBackend load()
    {
        return StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, RocksDbOnFrocksdbStateBackendFactory.NAME));
    }

    private static KeyedStateBackend<Long> open(final StateBackend backend, final KeyGroupRange range)
    {
        return backend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(KEY_GROUPS)
            .keyGroupRange(range)
            .memoryBudgetBytes(64L << 20)
            .build());
    }
}

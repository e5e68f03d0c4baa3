package io.cairn.rocksdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.format.StateStreamReader;
import io.cairn.format.StreamEntry;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.offheap.OffHeapStateBackend;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.state.StateType;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A savepoint is the same stream whichever backend wrote it: one taken on the off-heap backend restores on the
 * RocksDB backend and the other way round, at the same or another parallelism, and state keeps moving through
 * further writes, savepoints and rescales without drifting from a plain model.
 */
class SavepointPortabilityTest
{
    private static final int MAX_PARALLELISM = 128;
    private static final long KEYS = 500;
    private static final CheckpointOptions SAVEPOINT = new CheckpointOptions(CheckpointType.SAVEPOINT, "portable");

    private final StateBackend offHeap = new OffHeapStateBackend();
    private final StateBackend rocksDb = TestDirectories.backend();
    private final List<KeyedStateBackend<?>> opened = new ArrayList<>();
    private long savepointId;

    @AfterEach
    void closeBackends()
    {
        opened.forEach(KeyedStateBackend::close);
    }

    @Test
    void shouldMoveOffHeapSavepointThroughRocksDbAndBackAcrossRescalesMatchingTheModel() throws Exception
    {
        moveAcrossBackends(offHeap, rocksDb, offHeap, 1, 2, 3);
    }

    @Test
    void shouldMoveRocksDbSavepointThroughOffHeapAndBackAcrossRescalesMatchingTheModel() throws Exception
    {
        moveAcrossBackends(rocksDb, offHeap, rocksDb, 3, 2, 1);
    }

    @Test
    void shouldWriteTheSameEntriesAsTheOffHeapBackend() throws Exception
    {
        final PortableState offHeapWrites = new PortableState();
        final PortableState rocksDbWrites = new PortableState();
        final KeyedStateBackend<Long> offHeapBackend = open(offHeap, 2, 1);
        final KeyedStateBackend<Long> rocksDbBackend = open(rocksDb, 2, 1);
        for (int round = 0; round < 4; round++)
        {
            for (long key = 0; key < KEYS; key++)
            {
                if (PortableState.owns(offHeapBackend, key))
                {
                    offHeapWrites.write(offHeapBackend, key, round);
                    rocksDbWrites.write(rocksDbBackend, key, round);
                }
            }
        }

        final KeyGroupsStateHandle fromOffHeap = (KeyGroupsStateHandle)savepoint(offHeapBackend);
        final KeyGroupsStateHandle fromRocksDb = (KeyGroupsStateHandle)savepoint(rocksDbBackend);

        assertEquals(fromOffHeap.getKeyGroupRange(), fromRocksDb.getKeyGroupRange());
        try (StateStreamReader a = StateStreamReader.open(fromOffHeap.getDelegate());
            StateStreamReader b = StateStreamReader.open(fromRocksDb.getDelegate()))
        {
            assertEquals(a.meta().states(), b.meta().states());
            assertEquals(a.meta().keyCodec(), b.meta().keyCodec());
            assertEquals(a.meta().keyGroupRange(), b.meta().keyGroupRange());
            assertEquals(List.of(toBoxed(a.partitions())), List.of(toBoxed(b.partitions())));
            for (final int keyGroup : a.partitions())
            {
                assertEquals(entries(a, keyGroup), entries(b, keyGroup), "key group " + keyGroup);
            }
        }
    }

    /**
     * Writes on {@code first} at parallelism {@code p1}, savepoints, restores on {@code second} at {@code p2},
     * writes more, savepoints, and restores on {@code third} at {@code p3}; compares with the model at each stage.
     */
    private void moveAcrossBackends(
        final StateBackend first, final StateBackend second, final StateBackend third,
        final int p1, final int p2, final int p3) throws Exception
    {
        final PortableState state = new PortableState();
        final List<KeyedStateHandle> firstSavepoint = new ArrayList<>();
        for (int i = 0; i < p1; i++)
        {
            final KeyedStateBackend<Long> backend = open(first, p1, i);
            writeRounds(state, backend, 0, 2);
            assertEquals(state.expectedOwnedBy(backend, KEYS), PortableState.dump(backend, KEYS));
            firstSavepoint.add(savepoint(backend));
        }

        final List<KeyedStateHandle> secondSavepoint = new ArrayList<>();
        for (int i = 0; i < p2; i++)
        {
            final KeyedStateBackend<Long> backend = open(second, p2, i);
            backend.restore(firstSavepoint);
            assertEquals(state.expectedOwnedBy(backend, KEYS), PortableState.dump(backend, KEYS),
                "after the first restore, subtask " + i + " of " + p2);
            writeRounds(state, backend, 2, 5);
            secondSavepoint.add(savepoint(backend));
        }

        final Map<String, Object> union = new TreeMap<>();
        for (int i = 0; i < p3; i++)
        {
            final KeyedStateBackend<Long> backend = open(third, p3, i);
            backend.restore(secondSavepoint);
            final Map<String, Object> part = PortableState.dump(backend, KEYS);
            assertEquals(state.expectedOwnedBy(backend, KEYS), part, "after the second restore, subtask " + i);
            for (final Map.Entry<String, Object> entry : part.entrySet())
            {
                assertNull(union.put(entry.getKey(), entry.getValue()), "restored twice: " + entry.getKey());
            }
        }
        assertEquals(state.expected(), union);
        assertTrue(union.size() > KEYS * 5, "too little state to say much: " + union.size());
    }

    private static void writeRounds(
        final PortableState state, final KeyedStateBackend<Long> backend, final int fromRound, final int toRound)
    {
        for (int round = fromRound; round < toRound; round++)
        {
            for (long key = 0; key < KEYS; key++)
            {
                if (PortableState.owns(backend, key))
                {
                    state.write(backend, key, round);
                }
            }
        }
    }

    private KeyedStateBackend<Long> open(final StateBackend backend, final int parallelism, final int index)
    {
        final KeyGroupRange range =
            KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, index);
        final KeyedStateBackend<Long> keyed = backend.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                .numberOfKeyGroups(MAX_PARALLELISM)
                .keyGroupRange(range)
                .memoryBudgetBytes(16L << 20)
                .build());
        opened.add(keyed);
        return keyed;
    }

    private KeyedStateHandle savepoint(final KeyedStateBackend<Long> backend) throws Exception
    {
        final long id = ++savepointId;
        return Snapshots.take(backend, id, new MemoryCheckpointStreamFactory("savepoint-" + id), SAVEPOINT);
    }

    /**
     * The entries of a key group as comparable strings, sorted: the order of keys and of map entries is the
     * backend's, but the elements of a list are numbered in their order, which every backend must keep.
     */
    private static List<String> entries(final StateStreamReader reader, final int keyGroup) throws IOException
    {
        final List<String> entries = new ArrayList<>();
        final Map<String, Integer> listPositions = new HashMap<>();
        reader.readPartition(keyGroup, (entry) ->
        {
            final String owner = entry.stateIndex() + "|" + hex(entry.buffer(), entry.keyOffset(), entry.keyLength()) +
                "|" + hex(entry.buffer(), entry.namespaceOffset(), entry.namespaceLength());
            final boolean list = reader.meta().states().get(entry.stateIndex()).type() == StateType.LIST;
            final String position = list ? "|#" + listPositions.merge(owner, 1, Integer::sum) : "";
            entries.add(owner + "|" + userKey(entry) + "|" +
                hex(entry.buffer(), entry.valueOffset(), entry.valueLength()) + position);
        });
        entries.sort(null);
        return entries;
    }

    private static String userKey(final StreamEntry entry)
    {
        return entry.userKeyOffset() < 0 ? "-" : hex(entry.buffer(), entry.userKeyOffset(), entry.userKeyLength());
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final StringBuilder sb = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            sb.append(String.format("%02x", buffer.getByte(offset + i)));
        }
        return sb.toString();
    }

    private static Integer[] toBoxed(final int[] values)
    {
        final Integer[] boxed = new Integer[values.length];
        for (int i = 0; i < values.length; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }
}

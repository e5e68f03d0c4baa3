package io.cairn.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.StateStreamReader;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.snapshot.UploadedFile;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Incremental checkpoints of the off-heap backend: deltas, chains, re-bases, aborts, savepoints, rescale. */
class OffHeapIncrementalCheckpointTest
{
    private static final int MAX_PARALLELISM = 16;
    private static final KeyGroupRange ALL = KeyGroupRange.of(0, MAX_PARALLELISM - 1);
    private static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongCodec.INSTANCE);
    private static final ListStateDescriptor<Long> LIST = new ListStateDescriptor<>("list", LongCodec.INSTANCE);
    private static final MapStateDescriptor<String, Long> MAP =
        new MapStateDescriptor<>("map", StringCodec.INSTANCE, LongCodec.INSTANCE);

    private final MemoryCheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("incremental");
    private final List<OffHeapKeyedStateBackend<String>> backends = new ArrayList<>();

    @AfterEach
    void closeBackends()
    {
        backends.forEach(OffHeapKeyedStateBackend::close);
    }

    @Test
    void shouldRefuseAnSstHandleOfTheRocksDbBackendNamingItAndPointingToSavepoints()
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        final UploadedFile meta =
            new UploadedFile("cairn-meta", new ByteStreamStateHandle("meta", new byte[3]), 4, 3, 0);
        final IncrementalSstStateHandle sst = new IncrementalSstStateHandle(ALL,
            4, UUID.randomUUID(), meta, List.of(), List.of());

        final IncompatibleStateException ex =
            assertThrows(IncompatibleStateException.class, () -> backend.restore(List.of(sst)));

        assertTrue(ex.getMessage().contains("IncrementalSstStateHandle"), ex.getMessage());
        assertTrue(ex.getMessage().contains("off-heap backend cannot read"), ex.getMessage());
        assertTrue(ex.getMessage().contains("savepoint"), ex.getMessage());
        backend.setCurrentKey("key-1");
        assertNull(value(backend).value(), "nothing was loaded");
        put(backend, "key-1", 1);
        assertEquals(1L, value(backend).value(), "the backend is usable");
    }

    @Test
    void shouldWriteOnlyTheChangedEntriesOfAKeyGroupInADelta() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        fill(backend, 2000);
        final IncrementalKeyGroupsStateHandle first = checkpointAndComplete(backend, 1);
        put(backend, "key-7", -7);
        final IncrementalKeyGroupsStateHandle second = checkpoint(backend, 2);

        assertEquals(2, second.getStreams().size(), "the first checkpoint's stream and the delta");
        assertTrue(second.getCheckpointedSize() * 20 < first.getCheckpointedSize(),
            "delta " + second.getCheckpointedSize() + " bytes, base " + first.getCheckpointedSize());
        final int keyGroup = keyGroupOf("key-7");
        assertEquals(2, second.getChain(keyGroup).length);
        try (StateStreamReader delta = StateStreamReader.open(second.getOwnStreams().get(0)))
        {
            assertEquals(1, delta.partitions().length, "only key-7's key group changed");
            assertTrue(delta.isDeltaPartition(keyGroup));
            final int[] entries = new int[1];
            delta.readPartition(keyGroup, (entry) -> entries[0]++);
            assertEquals(1, entries[0]);
        }
        for (int g = 0; g < MAX_PARALLELISM; g++)
        {
            assertEquals(g == keyGroup ? 2 : 1, second.getChain(g).length, "chain of key group " + g);
        }
        assertEquals(contents(backend, 2000), contents(restore(second, ALL), 2000));
    }

    @Test
    void shouldCarryTheChangesOfAnAbortedCheckpointIntoTheNextOne() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        fill(backend, 500);
        checkpointAndComplete(backend, 1);
        put(backend, "key-1", 100);
        remove(backend, "key-2");
        checkpoint(backend, 2);
        backend.notifyCheckpointAborted(2);
        put(backend, "key-3", 300);
        checkpoint(backend, 3);
        put(backend, "key-4", 400);
        // Checkpoint 3 expired without word; 4 completes and holds the changes of 2, 3 and 4.
        final IncrementalKeyGroupsStateHandle fourth = checkpoint(backend, 4);
        backend.notifyCheckpointComplete(4);

        final OffHeapKeyedStateBackend<String> restored = restore(fourth, ALL);
        assertEquals(contents(backend, 500), contents(restored, 500));
        restored.setCurrentKey("key-2");
        assertNull(value(restored).value());
        restored.setCurrentKey("key-1");
        assertEquals(100L, value(restored).value());
    }

    @Test
    void shouldTrackDeletionsListAppendsAndMapEntriesInDeltas() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        for (int i = 0; i < 300; i++)
        {
            backend.setCurrentKey("key-" + i);
            value(backend).update((long)i);
            list(backend).addAll(List.of((long)i, i + 1L));
            map(backend).put("a", (long)i);
            map(backend).put("b", (long)-i);
        }
        checkpointAndComplete(backend, 1);
        for (int i = 0; i < 300; i += 7)
        {
            backend.setCurrentKey("key-" + i);
            switch (i % 5)
            {
                case 0:
                    value(backend).clear();
                    list(backend).add(99L);
                    break;
                case 1:
                    list(backend).update(List.of(5L));
                    map(backend).remove("a");
                    break;
                case 2:
                    list(backend).clear();
                    map(backend).clear();
                    break;
                case 3:
                    map(backend).put("c", 3L);
                    map(backend).put("a", 30L);
                    break;
                default:
                    list(backend).clear();
                    list(backend).add(1L);
                    value(backend).update(-1L);
                    break;
            }
        }
        final IncrementalKeyGroupsStateHandle second = checkpoint(backend, 2);
        backend.notifyCheckpointComplete(2);
        backend.setCurrentKey("key-0");
        map(backend).put("z", 26L);
        list(backend).add(100L);
        final IncrementalKeyGroupsStateHandle third = checkpoint(backend, 3);

        assertEquals(contents(backend, 300), contents(restore(third, ALL), 300));
        final Map<String, String> atSecond = new TreeMap<>(contents(restore(second,
            ALL), 300));
        assertEquals("[0, 1, 99]", atSecond.get("list|key-0"));
        assertFalse(atSecond.containsKey("value|key-0"));
        assertEquals("[5]", atSecond.get("list|key-21"));
        assertEquals("{b=-21}", atSecond.get("map|key-21"));
        assertFalse(atSecond.containsKey("list|key-7"));
        assertFalse(atSecond.containsKey("map|key-7"));
        assertEquals("[1]", atSecond.get("list|key-14"));
        assertEquals("-1", atSecond.get("value|key-14"));
        assertEquals("{a=30, b=-28, c=3}", atSecond.get("map|key-28"));
    }

    @Test
    void shouldStillBuildOnACheckpointThatCompletesAfterANewerSavepoint() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        fill(backend, 300);
        checkpointAndComplete(backend, 1);
        put(backend, "key-1", -1);
        final IncrementalKeyGroupsStateHandle second = checkpoint(backend, 2);
        snapshot(backend, 3, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        backend.notifyCheckpointComplete(3);
        backend.notifyCheckpointComplete(2);
        put(backend, "key-1", -2);
        final IncrementalKeyGroupsStateHandle fourth = checkpoint(backend, 4);

        final int keyGroup = keyGroupOf("key-1");
        assertEquals(3, fourth.getChain(keyGroup).length, "a delta on checkpoint 2, which completed after savepoint 3");
        assertTrue(fourth.getStreams().containsAll(second.getOwnStreams()));
        assertEquals(contents(backend, 300), contents(restore(fourth, ALL), 300));
    }

    @Test
    void shouldWriteAWholeCheckpointAfterCheckpointsKeepFailing() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        fill(backend, 300);
        checkpointAndComplete(backend, 1);
        put(backend, "key-1", -1);
        assertEquals(2, checkpoint(backend, 2).getChain(keyGroupOf("key-1")).length);
        backend.notifyCheckpointAborted(2);
        assertEquals(2, checkpoint(backend, 3).getChain(keyGroupOf("key-1")).length);
        backend.notifyCheckpointAborted(3);
        // Two in a row failed (say the baseline's streams are gone): the next one builds on nothing.
        final IncrementalKeyGroupsStateHandle fourth = checkpoint(backend, 4);
        final Map<String, String> atFourth = contents(backend, 300);
        assertEquals(1, fourth.getStreams().size());
        assertEquals(List.of(fourth.getStreams().get(0)), fourth.getOwnStreams());
        assertEquals(atFourth, contents(restore(fourth, ALL), 300));
        backend.notifyCheckpointComplete(4);
        put(backend, "key-2", -2);
        assertEquals(2, checkpoint(backend, 5).getChain(keyGroupOf("key-2")).length, "deltas again once it completed");
    }

    @Test
    void shouldWriteANewBaseWhenTheChainReachesItsBound() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend =
            open(ALL, IncrementalCheckpointSettings.of(true, 2, 10.0));
        fill(backend, 400);
        final int keyGroup = keyGroupOf("key-5");
        final int[] expectedLengths = {1, 2, 3, 1, 2, 3, 1};
        for (int checkpoint = 1; checkpoint <= expectedLengths.length; checkpoint++)
        {
            put(backend, "key-5", checkpoint * 1000L);
            final IncrementalKeyGroupsStateHandle handle = checkpoint(backend, checkpoint);
            backend.notifyCheckpointComplete(checkpoint);
            assertEquals(expectedLengths[checkpoint - 1], handle.getChain(keyGroup).length, "checkpoint " + checkpoint);
            assertEquals(contents(backend, 400),
                contents(restore(handle, ALL), 400), "checkpoint " + checkpoint);
        }
    }

    @Test
    void shouldWriteANewBaseWhenTheDeltasOutweighTheThreshold() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend =
            open(ALL, IncrementalCheckpointSettings.of(true, 8, 0.25));
        fill(backend, 1600);
        checkpointAndComplete(backend, 1);
        for (int i = 0; i < 1600; i += 10)
        {
            put(backend, "key-" + i, -i);
        }
        final IncrementalKeyGroupsStateHandle small = checkpoint(backend, 2);
        backend.notifyCheckpointComplete(2);
        for (int i = 0; i < 1600; i += 2)
        {
            put(backend, "key-" + i, -i);
        }
        final IncrementalKeyGroupsStateHandle large = checkpoint(backend, 3);
        for (int g = 0; g < MAX_PARALLELISM; g++)
        {
            assertEquals(2, small.getChain(g).length, "10% changed: a delta for key group " + g);
            assertEquals(1, large.getChain(g).length, "50% more changed: a base for key group " + g);
        }
        assertEquals(1, large.getStreams().size());
    }

    @Test
    void shouldWriteSavepointsWholeAndLeaveTheBaselineAlone() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        fill(backend, 100);
        checkpointAndComplete(backend, 1);
        put(backend, "key-1", -1);
        final KeyedStateHandle savepoint = snapshot(backend, 2, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        assertInstanceOf(KeyGroupsStateHandle.class, savepoint);
        backend.notifyCheckpointComplete(2);
        final IncrementalKeyGroupsStateHandle third = checkpoint(backend, 3);
        assertEquals(2, third.getChain(keyGroupOf("key-1")).length, "still a delta against checkpoint 1");
        assertEquals(contents(backend, 100), contents(restore(savepoint, ALL), 100));
    }

    @Test
    void shouldWriteWholeCheckpointsWhenIncrementalIsOff() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend =
            open(ALL, IncrementalCheckpointSettings.FULL);
        put(backend, "key-1", 1);
        assertInstanceOf(KeyGroupsStateHandle.class, snapshot(backend, 1, CheckpointOptions.forCheckpoint()));
    }

    @Test
    void shouldContinueTheChainsOfEachOwnedKeyGroupAfterARescale() throws Exception
    {
        final OffHeapKeyedStateBackend<String> backend = open(ALL, defaults());
        fill(backend, 800);
        checkpointAndComplete(backend, 1);
        put(backend, "key-3", -3);
        final IncrementalKeyGroupsStateHandle second = checkpoint(backend, 2);
        backend.notifyCheckpointComplete(2);

        final List<KeyedStateHandle> rescaled = new ArrayList<>();
        final Map<String, String> union = new TreeMap<>();
        for (int subtask = 0; subtask < 3; subtask++)
        {
            final KeyGroupRange range =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, 3, subtask);
            final OffHeapKeyedStateBackend<String> part = restore(second, range);
            for (int i = 0; i < 800; i += 50)
            {
                if (range.contains(keyGroupOf("key-" + i)))
                {
                    put(part, "key-" + i, 10_000 + i);
                    put(backend, "key-" + i, 10_000 + i);
                }
            }
            final IncrementalKeyGroupsStateHandle handle = checkpoint(part, 3);
            for (final StreamStateHandle stream : handle.getStreams())
            {
                assertTrue(second.getStreams().contains(stream) || handle.getOwnStreams().contains(stream));
            }
            rescaled.add(handle);
        }
        for (final KeyedStateHandle handle : rescaled)
        {
            union.putAll(contents(restore(handle, handle.getKeyGroupRange()), 800));
        }
        assertEquals(contents(backend, 800), union);
        assertEquals(contents(backend, 800), contents(restore(rescaled, ALL), 800));
    }

    @Test
    void shouldBoundTheDeletionLogAndWriteABaseInstead() throws Exception
    {
        final int keyGroup = keyGroupOf("key-0");
        final OffHeapKeyedStateBackend<String> backend = open(KeyGroupRange.of(keyGroup, keyGroup), defaults());
        for (int i = 0; i < 1000; i++)
        {
            if (keyGroupOf("key-" + i) == keyGroup)
            {
                put(backend, "key-" + i, i);
            }
        }
        checkpointAndComplete(backend, 1);
        int deleted = 0;
        for (int i = 0; deleted <= TombstoneLog.MIN_DROP_COUNT; i++)
        {
            if (keyGroupOf("churn-" + i) == keyGroup)
            {
                put(backend, "churn-" + i, i);
                remove(backend, "churn-" + i);
                deleted++;
            }
        }
        remove(backend, "key-0");
        final IncrementalKeyGroupsStateHandle second = checkpoint(backend, 2);
        assertEquals(1, second.getChain(keyGroup).length, "a base, since the deletions were not all kept");
        try (StateStreamReader stream = StateStreamReader.open(second.getOwnStreams().get(0)))
        {
            assertFalse(stream.isDeltaPartition(keyGroup));
        }
        final OffHeapKeyedStateBackend<String> restored = restore(second, KeyGroupRange.of(keyGroup, keyGroup));
        assertEquals(contents(backend, 1000), contents(restored, 1000));
        restored.setCurrentKey("key-0");
        assertNull(value(restored).value());

        // The base made the dropped deletions moot; the ones after it are logged again, in a delta.
        backend.notifyCheckpointComplete(2);
        final String gone = firstKeyOf(backend, 1000, keyGroup);
        remove(backend, gone);
        final IncrementalKeyGroupsStateHandle third = checkpoint(backend, 3);
        assertEquals(2, third.getChain(keyGroup).length, "a delta again");
        final OffHeapKeyedStateBackend<String> atThird = restore(third, KeyGroupRange.of(keyGroup, keyGroup));
        assertEquals(contents(backend, 1000), contents(atThird, 1000));
        atThird.setCurrentKey(gone);
        assertNull(value(atThird).value());
    }

    private static String firstKeyOf(final OffHeapKeyedStateBackend<String> backend, final int n, final int keyGroup)
    {
        for (int i = 1; i < n; i++)
        {
            if (keyGroupOf("key-" + i) == keyGroup)
            {
                backend.setCurrentKey("key-" + i);
                if (value(backend).value() != null)
                {
                    return "key-" + i;
                }
            }
        }
        throw new AssertionError("no key with a value in key group " + keyGroup);
    }

    private OffHeapKeyedStateBackend<String> open(
        final KeyGroupRange range, final IncrementalCheckpointSettings settings)
    {
        final OffHeapKeyedStateBackend<String> backend = new OffHeapKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(StringCodec.INSTANCE).numberOfKeyGroups(MAX_PARALLELISM)
                .keyGroupRange(range).memoryBudgetBytes(64L << 20).build(), settings);
        backends.add(backend);
        return backend;
    }

    private OffHeapKeyedStateBackend<String> restore(final KeyedStateHandle handle, final KeyGroupRange range)
        throws IOException
    {
        return restore(List.of(handle), range);
    }

    private OffHeapKeyedStateBackend<String> restore(final List<KeyedStateHandle> handles, final KeyGroupRange range)
        throws IOException
    {
        final OffHeapKeyedStateBackend<String> backend = open(range, defaults());
        backend.restore(handles);
        return backend;
    }

    /** Takes checkpoint {@code id} and tells the backend it completed. */
    private IncrementalKeyGroupsStateHandle checkpointAndComplete(
        final OffHeapKeyedStateBackend<String> backend, final long id) throws Exception
    {
        final IncrementalKeyGroupsStateHandle handle = checkpoint(backend, id);
        backend.notifyCheckpointComplete(id);
        return handle;
    }

    private IncrementalKeyGroupsStateHandle checkpoint(final OffHeapKeyedStateBackend<String> backend, final long id)
        throws Exception
    {
        return (IncrementalKeyGroupsStateHandle)snapshot(backend, id, CheckpointOptions.forCheckpoint());
    }

    private KeyedStateHandle snapshot(
        final OffHeapKeyedStateBackend<String> backend, final long id, final CheckpointOptions options)
        throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(id, id, streams, options);
        future.run();
        return future.get().getJobManagerOwnedSnapshot();
    }

    private static IncrementalCheckpointSettings defaults()
    {
        return IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS;
    }

    private static int keyGroupOf(final String key)
    {
        return KeyGroupRangeAssignment.assignToKeyGroup(StringCodec.INSTANCE.hashCode(key), MAX_PARALLELISM);
    }

    /** Puts {@code key-i} with value {@code i} for every {@code i < n}. */
    private static void fill(final OffHeapKeyedStateBackend<String> backend, final int n)
    {
        for (int i = 0; i < n; i++)
        {
            put(backend, "key-" + i, i);
        }
    }

    private static void put(final OffHeapKeyedStateBackend<String> backend, final String key, final long value)
    {
        backend.setCurrentKey(key);
        value(backend).update(value);
    }

    private static void remove(final OffHeapKeyedStateBackend<String> backend, final String key)
    {
        backend.setCurrentKey(key);
        value(backend).clear();
    }

    private static ValueState<Long> value(final OffHeapKeyedStateBackend<String> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, VALUE);
    }

    private static ListState<Long> list(final OffHeapKeyedStateBackend<String> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, LIST);
    }

    private static MapState<String, Long> map(final OffHeapKeyedStateBackend<String> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, MAP);
    }

    /** Every state of the keys {@code key-0 .. key-(n-1)} the backend owns, as text. */
    private static Map<String, String> contents(final OffHeapKeyedStateBackend<String> backend, final int n)
        throws Exception
    {
        final Map<String, String> contents = new TreeMap<>();
        for (int i = 0; i < n; i++)
        {
            final String key = "key-" + i;
            if (!backend.getKeyGroupRange().contains(keyGroupOf(key)))
            {
                continue;
            }
            backend.setCurrentKey(key);
            final Long value = value(backend).value();
            if (value != null)
            {
                contents.put("value|" + key, value.toString());
            }
            final List<Long> elements = new ArrayList<>();
            final Iterable<Long> got = list(backend).get();
            if (got != null)
            {
                got.forEach(elements::add);
            }
            if (!elements.isEmpty())
            {
                contents.put("list|" + key, elements.toString());
            }
            final Map<String, Long> entries = new HashMap<>();
            for (final Map.Entry<String, Long> entry : map(backend).entries())
            {
                entries.put(entry.getKey(), entry.getValue());
            }
            if (!entries.isEmpty())
            {
                contents.put("map|" + key, new TreeMap<>(entries).toString());
            }
        }
        return contents;
    }
}

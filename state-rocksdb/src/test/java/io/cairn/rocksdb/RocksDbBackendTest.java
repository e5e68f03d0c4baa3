package io.cairn.rocksdb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.CodecInfo;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.LongLongMapState;
import io.cairn.state.LongLongMapStateDescriptor;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.StateType;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the RocksDB backend guarantees beyond the shared contract: its layout, lifecycle and restore details. */
class RocksDbBackendTest
{
    private static final Long KEY = 12345L;
    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", LongCodec.INSTANCE);
    private static final ListStateDescriptor<byte[]> BLOBS =
        new ListStateDescriptor<>("blobs", ByteArrayCodec.INSTANCE);
    private static final MapStateDescriptor<Long, String> MAP =
        new MapStateDescriptor<>("map", LongCodec.INSTANCE, StringCodec.INSTANCE);

    private final List<RocksDbKeyedStateBackend<Long>> backends = new ArrayList<>();

    @AfterEach
    void closeBackends()
    {
        backends.forEach(RocksDbKeyedStateBackend::close);
    }

    @Test
    void shouldKeepBinaryListElementsIntactWhateverBytesTheyHold()
    {
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(0, 127));
        final ListState<byte[]> list = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, BLOBS);
        backend.setCurrentKey(1L);
        final List<byte[]> expected = new ArrayList<>();
        for (int i = 0; i < 256; i++)
        {
            final byte[] element = new byte[i % 7];
            java.util.Arrays.fill(element, (byte)i);
            expected.add(element);
            if (i % 2 == 0)
            {
                list.add(element);
            }
            else
            {
                list.addAll(List.of(element));
            }
        }

        final List<byte[]> actual = list.get();
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), actual.get(i), "element " + i);
        }
    }

    @Test
    void shouldRestoreEveryEntryOfASavepointWrittenInManyWriteBatchesBetweenListMerges() throws Exception
    {
        // Values and map entries go through write batches; each list is merged after the batch before it is
        // written. Thousands of keys of each kind make many batches, and every list sits between them.
        final int keys = RestoreBatch.MAX_ENTRIES * 3 + 7;
        final RocksDbKeyedStateBackend<Long> writer = open(KeyGroupRange.of(0, 127));
        final ValueState<Long> count = voidNamespaced(writer, COUNT);
        final MapState<Long, String> map = voidNamespaced(writer, MAP);
        final ListState<byte[]> blobs = voidNamespaced(writer, BLOBS);
        for (long key = 0; key < keys; key++)
        {
            writer.setCurrentKey(key);
            count.update(key * 7);
            map.put(key, "v" + key);
            map.put(-key - 1, "w" + key);
            for (int i = 0; i <= key % 3; i++)
            {
                blobs.add(new byte[] { (byte)key, (byte)i });
            }
        }
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> savepoint = writer.snapshot(1, 1,
            new MemoryCheckpointStreamFactory("test"), new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        savepoint.run();

        final RocksDbKeyedStateBackend<Long> restored = open(KeyGroupRange.of(0, 127));
        restored.restore(List.of(savepoint.get().getJobManagerOwnedSnapshot()));
        final ValueState<Long> restoredCount = voidNamespaced(restored, COUNT);
        final MapState<Long, String> restoredMap = voidNamespaced(restored, MAP);
        final ListState<byte[]> restoredBlobs = voidNamespaced(restored, BLOBS);
        for (long key = 0; key < keys; key++)
        {
            restored.setCurrentKey(key);
            assertEquals(key * 7, restoredCount.value(), "value of key " + key);
            assertEquals(Map.of(key, "v" + key, -key - 1, "w" + key), entries(restoredMap), "map of key " + key);
            final List<byte[]> elements = restoredBlobs.get();
            assertEquals(key % 3 + 1, elements.size(), "list of key " + key);
            for (int i = 0; i < elements.size(); i++)
            {
                assertArrayEquals(new byte[] { (byte)key, (byte)i }, elements.get(i), "list of key " + key);
            }
        }
        assertEquals(keys, rawCount(restored, restored.column(COUNT.getName())));
    }

    @Test
    void shouldIterateAndRemoveAcrossManyBatchesOfAMap()
    {
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(0, 127));
        final MapState<Long, String> map = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, MAP);
        final int entries = MapEntryIterator.BATCH * 3 + 5;
        backend.setCurrentKey(2L);
        map.put(1L, "another key's map");
        backend.setCurrentKey(1L);
        for (long i = 0; i < entries; i++)
        {
            map.put(i, "v" + i);
        }

        int seen = 0;
        for (final Iterator<Map.Entry<Long, String>> iterator = map.iterator(); iterator.hasNext(); seen++)
        {
            final Map.Entry<Long, String> entry = iterator.next();
            assertEquals("v" + entry.getKey(), entry.getValue());
            iterator.remove();
        }

        assertEquals(entries, seen);
        assertTrue(map.isEmpty());
        backend.setCurrentKey(2L);
        assertEquals("another key's map", map.get(1L));
    }

    @Test
    void shouldFreeEverythingOnlyOnceASnapshotTakenBeforeCloseIsWritten() throws Exception
    {
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(0, 127));
        final ValueState<Long> count = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, COUNT);
        for (long key = 0; key < 100; key++)
        {
            backend.setCurrentKey(key);
            count.update(key * 3);
        }
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> pending = snapshot(backend);
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> cancelled = snapshot(backend);
        assertEquals(2, backend.getPendingSnapshotCount());

        backend.close();
        assertTrue(Files.isDirectory(backend.getWorkingDirectory()), "deleted under a pending snapshot");
        assertEquals(0, backend.getApproximateMemoryUsage());
        assertThrows(IllegalStateException.class, () -> backend.setCurrentKey(1L));
        assertTrue(cancelled.cancel(true));
        assertEquals(1, backend.getPendingSnapshotCount());
        pending.run();

        assertEquals(0, backend.getPendingSnapshotCount());
        assertFalse(Files.exists(backend.getWorkingDirectory()), "left behind: " + backend.getWorkingDirectory());
        assertThrows(CancellationException.class, cancelled::get);
        final RocksDbKeyedStateBackend<Long> restored = open(KeyGroupRange.of(0, 127));
        restored.restore(List.of(pending.get().getJobManagerOwnedSnapshot()));
        final ValueState<Long> restoredCount = restored.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, COUNT);
        for (long key = 0; key < 100; key++)
        {
            restored.setCurrentKey(key);
            assertEquals(key * 3, restoredCount.value());
        }
    }

    @Test
    void shouldKeepARestoredStateNoDescriptorClaimedInLaterSnapshots() throws Exception
    {
        final RocksDbKeyedStateBackend<Long> writer = open(KeyGroupRange.of(0, 127));
        final MapState<Long, String> map = writer.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, MAP);
        writer.setCurrentKey(5L);
        map.put(1L, "one");
        final KeyedStateHandle first = snapshotNow(writer);

        final RocksDbKeyedStateBackend<Long> unclaimed = open(KeyGroupRange.of(0, 127));
        unclaimed.restore(List.of(first));
        final KeyedStateHandle second = snapshotNow(unclaimed);

        final RocksDbKeyedStateBackend<Long> claimed = open(KeyGroupRange.of(0, 127));
        claimed.restore(List.of(second));
        claimed.setCurrentKey(5L);
        assertEquals("one", claimed.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, MAP)
            .get(1L));
    }

    @Test
    void shouldClipEveryColumnFamilyToTheOwnedKeyGroups()
    {
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(10, 20));
        final ValueState<Long> count = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, COUNT);
        final long inside = keyInKeyGroups(10, 20);
        backend.setCurrentKey(inside);
        count.update(1L);
        final StateColumn column = backend.column(COUNT.getName());
        for (final int keyGroup : new int[] { 0, 9, 21, 127, KeyLayout.KEY_GROUP_LIMIT - 1 })
        {
            putRaw(backend, column, keyGroup, 77L, 99L);
        }
        assertEquals(6, rawCount(backend, column));

        backend.clipToOwnedKeyGroups(column);

        assertEquals(1, rawCount(backend, column));
        backend.setCurrentKey(inside);
        assertEquals(1L, count.value());
    }

    @Test
    void shouldDropEverythingARestoreLoadedBeforeAMalformedEntryAndStayUsable() throws Exception
    {
        final StateMetaInfo meta = new StateMetaInfo("count", StateType.VALUE,
            List.of(CodecInfo.of(LongCodec.INSTANCE)), CodecInfo.of(VoidNamespaceCodec.INSTANCE));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final StateStreamWriter writer = new StateStreamWriter(bytes,
            StreamMeta.keyed(1, 1, 128, KeyGroupRange.of(0, 127), LongCodec.INSTANCE, List.of(meta)));
        final UnsafeBuffer good = new UnsafeBuffer(new byte[8]);
        good.putLong(0, 42L, ByteOrder.BIG_ENDIAN);
        writer.beginPartition(3);
        writer.writeEntry(0, good, 0, 8, good, 0, 0, good, 0, 8);
        writer.endPartition();
        writer.beginPartition(4);
        writer.writeEntry(0, good, 0, 3, good, 0, 0, good, 0, 8);
        writer.endPartition();
        writer.finish();
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(0, 127));

        final KeyGroupsStateHandle handle =
            new KeyGroupsStateHandle(KeyGroupRange.of(0, 127), new ByteStreamStateHandle("bad", bytes.toByteArray()));
        final CorruptedStateException ex =
            assertThrows(CorruptedStateException.class, () -> backend.restore(List.of(handle)));

        assertTrue(ex.getMessage().contains("key group 4"), ex.getMessage());
        final ValueState<Long> count = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, COUNT);
        backend.setCurrentKeyAndKeyGroup(42L, 3);
        assertNull(count.value());
        count.update(5L);
        assertEquals(5L, count.value());
        assertEquals(List.of(42L), backend.getKeys(COUNT.getName(), VoidNamespace.INSTANCE).toList());
    }

    @Test
    void shouldReadAndWriteLongValuesAndLongMapsWithoutAllocating()
    {
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(0, 127));
        final LongValueState count = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, new LongValueStateDescriptor("long-count"));
        final LongLongMapState pairs = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, new LongLongMapStateDescriptor("long-pairs"));
        final int keyGroup = 5;
        final int operations = 20_000;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < operations; i++)
            {
                backend.setCurrentKeyAndKeyGroup(KEY, keyGroup);
                count.updateLong(count.getLong(0) + 1);
                pairs.putLong(i & 63, pairs.getLong(i & 63, 0) + i);
            }
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }

        backend.setCurrentKeyAndKeyGroup(KEY, keyGroup);
        assertEquals(3L * operations, count.getLong(0));
        assertTrue(allocated < operations, "allocated " + allocated + " bytes in " + operations + " rounds of " +
            "setCurrentKeyAndKeyGroup, getLong, updateLong, getLong and putLong");
    }

    @Test
    void shouldWriteLz4CompressedSstFilesThatReadBack()
    {
        final RocksDbKeyedStateBackend<Long> backend = open(KeyGroupRange.of(0, 127));
        final ListState<byte[]> list = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, BLOBS);
        final byte[] compressible = new byte[512];
        for (long key = 0; key < 2000; key++)
        {
            backend.setCurrentKey(key);
            list.add(compressible);
        }

        final Map<String, String> compression = new TreeMap<>();
        backend.instance().flushAndListSstFiles(backend.column(BLOBS.getName()).handleOrNull())
            .forEach((file, properties) -> compression.put(file, properties.getCompressionName()));

        assertFalse(compression.isEmpty(), "no SST file after a flush");
        // RocksDB 11 names a file's compression by its compression manager and type code ("BuiltinV2;04;").
        final String lz4 = String.format(";%02x;", org.rocksdb.CompressionType.LZ4_COMPRESSION.getValue());
        compression.values().forEach((name) -> assertTrue(name.equals("LZ4") || name.contains(lz4),
            "compression of " + compression + "; expected LZ4 (type code " + lz4 + ")"));
        for (long key = 0; key < 2000; key++)
        {
            backend.setCurrentKey(key);
            assertEquals(1, list.get().size());
            assertArrayEquals(compressible, list.get().get(0));
        }
    }

    @Test
    void shouldLayKeysOutByKeyGroupThenKeyThenNamespace()
    {
        final RocksDbKeyBuilder key = new RocksDbKeyBuilder(1024);
        final Codec<String> codec = StringCodec.INSTANCE;
        key.setKey(300, "ab", codec, key.measureKey("ab", codec));
        final UnsafeBuffer namespace = new UnsafeBuffer(new byte[8]);
        namespace.putLong(0, 7L, ByteOrder.BIG_ENDIAN);
        key.setNamespace(namespace, 8, 0, "state");
        key.appendUserKey(9L, LongCodec.INSTANCE, "state");

        final byte[] actual = new byte[key.length()];
        key.view().getBytes(0, actual);
        assertArrayEquals(new byte[] { 1, 44, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 9 },
            actual);
        assertEquals(300, key.keyGroup());
        assertEquals("ab", key.decodeKey(codec));
    }

    private RocksDbKeyedStateBackend<Long> open(final KeyGroupRange range)
    {
        final RocksDbKeyedStateBackend<Long> backend = new RocksDbKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).numberOfKeyGroups(128).keyGroupRange(range).build(),
            TestDirectories.localDirectory());
        backends.add(backend);
        return backend;
    }

    private static RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
        final RocksDbKeyedStateBackend<Long> backend) throws Exception
    {
        return backend.snapshot(1, 1, new MemoryCheckpointStreamFactory("test"), CheckpointOptions.forCheckpoint());
    }

    private static KeyedStateHandle snapshotNow(final RocksDbKeyedStateBackend<Long> backend) throws Exception
    {
        return Snapshots.take(backend, 1, new MemoryCheckpointStreamFactory("test"), CheckpointOptions.forCheckpoint());
    }

    private static void putRaw(
        final RocksDbKeyedStateBackend<Long> backend, final StateColumn column, final int keyGroup, final long key,
        final long value)
    {
        final DirectBytes rawKey = new DirectBytes(16);
        KeyLayout.putKeyGroup(rawKey.view(), keyGroup);
        rawKey.view().putLong(KeyLayout.KEY_GROUP_PREFIX_LENGTH, key, ByteOrder.BIG_ENDIAN);
        final DirectBytes rawValue = new DirectBytes(8);
        rawValue.view().putLong(0, value, ByteOrder.BIG_ENDIAN);
        backend.instance().put(column.handleForWrite(), rawKey.range(0, 10), rawValue.range(0, 8));
    }

    private static <S extends State> S voidNamespaced(
        final RocksDbKeyedStateBackend<Long> backend, final StateDescriptor<S> descriptor)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, descriptor);
    }

    private static Map<Long, String> entries(final MapState<Long, String> map)
    {
        final Map<Long, String> entries = new java.util.HashMap<>();
        for (final Map.Entry<Long, String> entry : map.entries())
        {
            entries.put(entry.getKey(), entry.getValue());
        }
        return entries;
    }

    private static int rawCount(final RocksDbKeyedStateBackend<Long> backend, final StateColumn column)
    {
        int count = 0;
        try (org.rocksdb.RocksIterator iterator = backend.instance().newTotalOrderIterator(column.handleOrNull()))
        {
            for (iterator.seekToFirst(); iterator.isValid(); iterator.next())
            {
                count++;
            }
        }
        return count;
    }

    private static long keyInKeyGroups(final int start, final int end)
    {
        for (long key = 0; ; key++)
        {
            final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), 128);
            if (keyGroup >= start && keyGroup <= end)
            {
                return key;
            }
        }
    }
}

package io.cairn.rocksdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.offheap.OffHeapStateBackend;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
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
import org.rocksdb.ColumnFamilyHandle;

/**
 * Incremental checkpoints of the RocksDB backend: SST files uploaded once and referenced afterwards, built only on
 * completed checkpoints, every file checked before a restore opens it, restore at the same and other parallelisms,
 * savepoints and disabled incremental checkpoints whole.
 */
class RocksDbIncrementalCheckpointTest
{
    private static final int MAX_PARALLELISM = 32;
    private static final KeyGroupRange ALL = KeyGroupRange.of(0, MAX_PARALLELISM - 1);
    private static final ValueStateDescriptor<Long> VALUE = new ValueStateDescriptor<>("value", LongCodec.INSTANCE);
    private static final ListStateDescriptor<String> LIST = new ListStateDescriptor<>("list", StringCodec.INSTANCE);
    private static final MapStateDescriptor<String, Long> MAP =
        new MapStateDescriptor<>("map", StringCodec.INSTANCE, LongCodec.INSTANCE);

    private final CountingStreams streams = new CountingStreams();
    private final List<RocksDbKeyedStateBackend<String>> backends = new ArrayList<>();

    @AfterEach
    void closeBackends()
    {
        backends.forEach(RocksDbKeyedStateBackend::close);
    }

    @Test
    void shouldUploadANewSstFileOnceAndReferenceTheUnchangedOnes() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 200, "first");
        final IncrementalSstStateHandle first = checkpointAndComplete(backend, 1);
        final int sharedAfterFirst = streams.shared.get();
        write(backend, 200, 210, "second");
        final IncrementalSstStateHandle second = checkpoint(backend, 2);

        assertFalse(first.getSharedFiles().isEmpty());
        assertEquals(first.getSharedFiles().size(), sharedAfterFirst, "one shared stream per SST file");
        for (final UploadedFile file : first.getSharedFiles())
        {
            assertEquals(1, file.checkpointId());
            assertTrue(file.fileName().endsWith(".sst"), file.fileName());
            assertTrue(second.getSharedFiles().contains(file), "not compacted, so referenced as it is: " + file);
        }
        final List<UploadedFile> uploadedBySecond = second.getSharedFiles().stream()
            .filter((file) -> file.checkpointId() == 2).collect(Collectors.toList());
        assertEquals(second.getSharedFiles().size() - first.getSharedFiles().size(), uploadedBySecond.size());
        assertFalse(uploadedBySecond.isEmpty(), "the flushed memtables are new SST files");
        assertEquals(uploadedBySecond.size(), streams.shared.get() - sharedAfterFirst,
            "only the new SST files were uploaded");
        assertTrue(second.getCheckpointedSize() < second.getStateSize());
        // No write-ahead log: writes skip it, and the checkpoint flushed the memtables.
        assertEquals(Set.of("CURRENT", "MANIFEST", "OPTIONS"),
            names(second.getPrivateFiles()).stream().map(RocksDbIncrementalCheckpointTest::kind)
                .collect(Collectors.toSet()));
        for (final UploadedFile file : second.getPrivateFiles())
        {
            assertTrue(file.length() > 0, file.toString());
        }
        for (final StreamStateHandle own : second.getOwnStreams())
        {
            assertFalse(first.getSharedStreams().contains(own), "the second checkpoint owns no stream of the first");
        }
    }

    @Test
    void shouldNeverBuildOnAnAbortedOrPendingCheckpoint() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 100, "a");
        final IncrementalSstStateHandle first = checkpointAndComplete(backend, 1);
        write(backend, 100, 150, "b");
        final IncrementalSstStateHandle aborted = checkpoint(backend, 2);
        backend.notifyCheckpointAborted(2);
        write(backend, 150, 160, "c");
        final IncrementalSstStateHandle pending = checkpoint(backend, 3);
        final IncrementalSstStateHandle fourth = checkpoint(backend, 4);

        final Set<StreamStateHandle> notConfirmed = new HashSet<>(aborted.getOwnStreams());
        notConfirmed.addAll(pending.getOwnStreams());
        for (final UploadedFile file : fourth.getSharedFiles())
        {
            assertFalse(notConfirmed.contains(file.stream()), file + " comes from an unconfirmed checkpoint");
            assertTrue(file.checkpointId() == 1 || file.checkpointId() == 4, file.toString());
        }
        assertEquals(1, backend.uploads().confirmedCheckpointId(), "the base is still checkpoint 1");
        assertTrue(fourth.getSharedFiles().containsAll(first.getSharedFiles()));

        backend.notifyCheckpointComplete(4);
        assertEquals(4, backend.uploads().confirmedCheckpointId());
        backend.notifyCheckpointComplete(3);
        assertEquals(4, backend.uploads().confirmedCheckpointId(), "an older completion does not move the base back");
    }

    @Test
    void shouldStillBuildOnACheckpointThatCompletesAfterANewerSavepoint() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 100, "a");
        checkpointAndComplete(backend, 1);
        write(backend, 100, 150, "b");
        checkpoint(backend, 2);
        take(backend, 3, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        backend.notifyCheckpointComplete(3);
        backend.notifyCheckpointComplete(2);
        assertEquals(2, backend.uploads().confirmedCheckpointId(), "the savepoint's completion forgot nothing");
    }

    @Test
    void shouldUploadEveryFileAfterCheckpointsKeepFailing() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 100, "a");
        checkpointAndComplete(backend, 1);
        write(backend, 100, 110, "b");
        checkpoint(backend, 2);
        backend.notifyCheckpointAborted(2);
        // No write before checkpoints 3 and 4: no new SST file, so each column family has at most three level-0
        // files when checkpoint 5 runs, below RocksDB's compaction trigger (four), and no compaction can replace
        // the files checkpoint 4 uploaded before checkpoint 5 looks for them.
        checkpoint(backend, 3);
        backend.notifyCheckpointAborted(3);
        // Two in a row failed (say the confirmed files are gone): the next one uploads every file itself.
        final IncrementalSstStateHandle fourth = checkpoint(backend, 4);
        for (final UploadedFile file : fourth.getSharedFiles())
        {
            assertEquals(4, file.checkpointId(), file.toString());
        }
        backend.notifyCheckpointComplete(4);
        write(backend, 120, 130, "d");
        assertTrue(checkpoint(backend, 5).getSharedFiles().stream().anyMatch((file) -> file.checkpointId() == 4),
            "files are shared again once a checkpoint completed");
    }

    @Test
    void shouldIncludeWritesStillInTheMemtables() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 3, "memtable");
        assertTrue(backend.instance().aggregatedLongProperty("rocksdb.num-entries-active-mem-table") > 0,
            "the writes are in the memtables only");

        final IncrementalSstStateHandle handle = checkpoint(backend, 1);

        final RocksDbKeyedStateBackend<String> restored = open(ALL);
        restored.restore(List.of(handle));
        assertEquals(dump(backend, 3), dump(restored, 3));
        assertEquals(3, dump(restored, 3).size() / 3);
    }

    @Test
    void shouldRestoreTheSameRangeAndContinueIncrementallyFromTheRestoredFiles() throws Exception
    {
        final RocksDbKeyedStateBackend<String> writer = open(ALL);
        write(writer, 0, 300, "x");
        checkpoint(writer, 1);
        writer.notifyCheckpointComplete(1);
        delete(writer, 0, 50);
        write(writer, 290, 320, "y");
        final IncrementalSstStateHandle second = checkpoint(writer, 2);
        writer.notifyCheckpointComplete(2);

        final RocksDbKeyedStateBackend<String> restored = open(ALL);
        restored.restore(List.of(second));
        assertEquals(dump(writer, 320), dump(restored, 320));
        assertEquals(2, restored.uploads().confirmedCheckpointId(), "the restored files count as uploaded");
        final int sharedBefore = streams.shared.get();
        write(restored, 320, 330, "z");
        final IncrementalSstStateHandle third = checkpoint(restored, 3);

        assertTrue(third.getSharedFiles().containsAll(second.getSharedFiles()), "nothing restored is uploaded again");
        assertEquals(
            third.getSharedFiles().size() - second.getSharedFiles().size(), streams.shared.get() - sharedBefore);
        final RocksDbKeyedStateBackend<String> again = open(ALL);
        again.restore(List.of(third));
        assertEquals(dump(restored, 330), dump(again, 330));
    }

    @Test
    void shouldRescaleFromIncrementalCheckpointsReadingOnlyOwnedKeyGroups() throws Exception
    {
        for (final int[] change : new int[][] { { 1, 3 }, { 3, 1 }, { 2, 3 }, { 3, 2 } })
        {
            final Map<String, Object> expected = new TreeMap<>();
            final List<KeyedStateHandle> handles = new ArrayList<>();
            for (int i = 0; i < change[0]; i++)
            {
                final RocksDbKeyedStateBackend<String> writer = open(range(change[0], i));
                write(writer, 0, 400, "w" + i);
                delete(writer, 0, 20);
                expected.putAll(dump(writer, 400));
                handles.add(checkpoint(writer, 5));
            }
            final Map<String, Object> union = new TreeMap<>();
            for (int i = 0; i < change[1]; i++)
            {
                final RocksDbKeyedStateBackend<String> reader = open(range(change[1], i));
                reader.restore(handles);
                final Map<String, Object> part = dump(reader, 400);
                for (final String key : reader.getKeys(VALUE.getName(), VoidNamespace.INSTANCE)
                    .collect(Collectors.toList()))
                {
                    assertTrue(
                        reader.getKeyGroupRange().contains(keyGroup(key)), key + " outside " + range(change[1], i));
                }
                assertEquals(0, rawEntriesOutside(reader), "entries of key groups it does not own");
                part.keySet().forEach((entry) -> assertFalse(union.containsKey(entry), "restored twice: " + entry));
                union.putAll(part);
            }
            assertEquals(expected, union, change[0] + " -> " + change[1]);
        }
    }

    @Test
    void shouldDetectADamagedOrTruncatedFileBeforeOpeningTheDatabase() throws Exception
    {
        final RocksDbKeyedStateBackend<String> writer = open(ALL);
        write(writer, 0, 50, "v");
        final IncrementalSstStateHandle good = checkpoint(writer, 1);
        final List<String> damaged = new ArrayList<>();
        for (final String name : allNames(good))
        {
            final byte[] bytes = bytes(find(good, name).stream());
            if (bytes.length == 0)
            {
                continue;
            }
            for (final int offset : new int[] { 0, bytes.length / 2, bytes.length - 1 })
            {
                final byte[] flipped = bytes.clone();
                flipped[offset] ^= 0x10;
                final CorruptedStateException ex = expectCorruption(replace(good, name, flipped));
                assertTrue(ex.getMessage().contains("the CRC32C of its " + bytes.length + " bytes"), ex.getMessage());
                damaged.add(name + "@" + offset);
            }
            final byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
            final CorruptedStateException ex = expectCorruption(replace(good, name, truncated));
            assertEquals(bytes.length - 1, ex.getOffset(), ex.getMessage());
            assertTrue(ex.getMessage().contains("has " + (bytes.length - 1) + " bytes; expected " + bytes.length),
                ex.getMessage());
        }
        assertTrue(damaged.size() >= 3 * 7, "SST files of three states, three private files, the meta: " + damaged);
        final RocksDbKeyedStateBackend<String> target = open(ALL);
        target.restore(List.of(good));
        assertEquals(dump(writer, 50), dump(target, 50), "the good files restore after every damaged one failed");
    }

    @Test
    void shouldTakeSavepointsAndCheckpointsWithIncrementalOffWhole() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 40, "s");
        final KeyedStateHandle savepoint = take(backend, 7, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        final RocksDbKeyedStateBackend<String> full = new RocksDbKeyedStateBackend<>(parameters(ALL),
            TestDirectories.localDirectory(), IncrementalCheckpointSettings.FULL);
        backends.add(full);
        write(full, 0, 40, "s");
        final KeyedStateHandle wholeCheckpoint = take(full, 8, CheckpointOptions.forCheckpoint());

        assertInstanceOf(KeyGroupsStateHandle.class, savepoint);
        assertInstanceOf(KeyGroupsStateHandle.class, wholeCheckpoint);
        try (var offHeap = new OffHeapStateBackend().createKeyedStateBackend(parameters(ALL)))
        {
            offHeap.restore(List.of(savepoint));
            offHeap.setCurrentKey("key-3");
            assertEquals(3L, offHeap.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, VALUE)
                .value(), "a savepoint is portable");
        }
    }

    @Test
    void shouldDeleteTheLocalCheckpointDirectoryWhetherTheUploadEndsFailsOrIsCancelled() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 20, "d");
        checkpoint(backend, 1);
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> cancelled =
            backend.snapshot(2, 2, streams, CheckpointOptions.forCheckpoint());
        assertEquals(2, subdirectories(backend).size(), "the database and checkpoint 2's local directory");
        assertTrue(cancelled.cancel(true));
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> failing =
            backend.snapshot(3, 3, new FailingStreams(streams, 3), CheckpointOptions.forCheckpoint());
        final int writtenBefore = streams.written.get();
        failing.run();

        assertThrows(CancellationException.class, cancelled::get);
        final Exception failure = assertThrows(Exception.class, failing::get);
        assertTrue(failure.getCause() instanceof IOException, failure.toString());
        assertEquals(1, subdirectories(backend).size(), "only the database is left: " + subdirectories(backend));
        assertEquals(0, backend.getPendingSnapshotCount());
        assertEquals(streams.created.get(), streams.completed.get() + streams.abandoned.get());
        assertTrue(streams.written.get() > writtenBefore);
        assertEquals(streams.written.get() - writtenBefore, streams.discarded.get(),
            "the failed upload deleted the streams it had written");
    }

    @Test
    void shouldRefuseToMixSstHandlesWithStreamsAndStayEmpty() throws Exception
    {
        final RocksDbKeyedStateBackend<String> backend = open(ALL);
        write(backend, 0, 10, "m");
        final KeyedStateHandle sst = checkpoint(backend, 1);
        final KeyedStateHandle whole = take(backend, 2, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        final RocksDbKeyedStateBackend<String> target = open(ALL);

        assertThrows(IllegalArgumentException.class, () -> target.restore(List.of(sst, whole)));
        assertEquals(Map.of(), dump(target, 10));
    }

    /**
     * Restores damaged files into a new backend, expecting a {@link CorruptedStateException} naming the damaged
     * stream (RocksDB opening a damaged file would fail otherwise), and the backend empty and usable after.
     */
    private CorruptedStateException expectCorruption(final IncrementalSstStateHandle damaged)
    {
        final RocksDbKeyedStateBackend<String> target = open(ALL);
        try
        {
            target.restore(List.of(damaged));
        }
        catch (final CorruptedStateException ex)
        {
            assertTrue(ex.getStream().startsWith("damaged-"), ex.getMessage());
            assertEquals(1, subdirectories(target).size(), "downloads are deleted: " + subdirectories(target));
            assertEquals(Map.of(), dump(target, 50), "nothing was loaded");
            write(target, 0, 5, "after");
            assertEquals(15, dump(target, 5).size(), "the backend is usable");
            return ex;
        }
        catch (final IOException | RuntimeException ex)
        {
            fail("expected a CorruptedStateException, got " + ex, ex);
        }
        finally
        {
            backends.remove(target);
            target.close();
        }
        fail("restoring a damaged file succeeded");
        return null;
    }

    /** @return the handle with the bytes of file {@code name} replaced, in a stream named {@code damaged-<name>}. */
    private static IncrementalSstStateHandle replace(
        final IncrementalSstStateHandle handle, final String name, final byte[] bytes)
    {
        final UploadedFile meta = handle.getMeta();
        return new IncrementalSstStateHandle(handle.getKeyGroupRange(), handle.getCheckpointId(), handle.getBackendId(),
            meta.fileName().equals(name) ? swapped(meta, bytes) : meta,
            handle.getSharedFiles().stream().map((f) -> f.fileName().equals(name) ? swapped(f, bytes) : f)
                .collect(Collectors.toList()),
            handle.getPrivateFiles().stream().map((f) -> f.fileName().equals(name) ? swapped(f, bytes) : f)
                .collect(Collectors.toList()));
    }

    /** @return the file as recorded (size, length, CRC32C), over other bytes. */
    private static UploadedFile swapped(final UploadedFile file, final byte[] bytes)
    {
        final StreamStateHandle stream = new TestStream("damaged-" + file.fileName(), bytes, file.length(), null);
        return new UploadedFile(file.fileName(), stream, file.checkpointId(), file.length(), file.crc32c());
    }

    private static byte[] bytes(final StreamStateHandle stream)
    {
        return stream instanceof TestStream ? ((TestStream)stream).bytes() :
            ((ByteStreamStateHandle)stream).getData();
    }

    private static List<String> allNames(final IncrementalSstStateHandle handle)
    {
        final List<String> names = new ArrayList<>(names(handle.getSharedFiles()));
        names.addAll(names(handle.getPrivateFiles()));
        names.add(handle.getMeta().fileName());
        return names;
    }

    private static UploadedFile find(final IncrementalSstStateHandle handle, final String name)
    {
        if (handle.getMeta().fileName().equals(name))
        {
            return handle.getMeta();
        }
        return Stream.concat(handle.getSharedFiles().stream(), handle.getPrivateFiles().stream())
            .filter((file) -> file.fileName().equals(name)).findFirst().orElseThrow();
    }

    private static List<String> names(final List<UploadedFile> files)
    {
        return files.stream().map(UploadedFile::fileName).collect(Collectors.toList());
    }

    @Test
    void shouldRefuseTheFilesOfADatabaseOfValueLayoutVersionOneNamingIt() throws Exception
    {
        // A database of layout version 1 named its column families "state/<name>" and framed list elements with
        // 4-byte lengths: read with today's layout its lists would decode to other elements, so it is refused.
        final RocksDbKeyedStateBackend<String> writer = open(ALL);
        write(writer, 0, 50, "a");
        final ColumnFamilyHandle legacy =
            writer.instance().createColumnFamily(StateColumn.VERSION_1_PREFIX + "list", false);
        final DirectBytes key = new DirectBytes(8);
        final DirectBytes value = new DirectBytes(8);
        writer.instance().put(legacy, key.range(0, 4), value.range(0, 8));
        final IncrementalSstStateHandle handle = checkpoint(writer, 1);

        final RocksDbKeyedStateBackend<String> reader = open(ALL);
        final CorruptedStateException ex = assertThrows(CorruptedStateException.class,
            () -> reader.restore(List.of(handle)));
        assertTrue(ex.getMessage().contains("\"state/list\", of value layout version 1"), ex.getMessage());
        assertTrue(ex.getMessage().contains("savepoint"), ex.getMessage());
    }

    private static String kind(final String fileName)
    {
        if (fileName.endsWith(".log"))
        {
            return "log";
        }
        final int dash = fileName.indexOf('-');
        return dash < 0 ? fileName : fileName.substring(0, dash);
    }

    private static List<Path> subdirectories(final RocksDbKeyedStateBackend<?> backend)
    {
        try (Stream<Path> listing = Files.list(backend.getWorkingDirectory()))
        {
            return listing.filter(Files::isDirectory).collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static int rawEntriesOutside(final RocksDbKeyedStateBackend<String> backend)
    {
        int outside = 0;
        for (final String state : List.of(VALUE.getName(), LIST.getName(), MAP.getName()))
        {
            final StateColumn column = backend.column(state);
            if (column == null || column.handleOrNull() == null)
            {
                continue;
            }
            try (org.rocksdb.RocksIterator iterator = backend.instance().newTotalOrderIterator(column.handleOrNull()))
            {
                for (iterator.seekToFirst(); iterator.isValid(); iterator.next())
                {
                    final byte[] key = iterator.key();
                    if (!backend.getKeyGroupRange().contains((key[0] & 0xFF) << 8 | key[1] & 0xFF))
                    {
                        outside++;
                    }
                }
            }
        }
        return outside;
    }

    private static KeyGroupRange range(final int parallelism, final int index)
    {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, index);
    }

    private static int keyGroup(final String key)
    {
        return KeyGroupRangeAssignment.assignToKeyGroup(StringCodec.INSTANCE.hashCode(key), MAX_PARALLELISM);
    }

    private static KeyedStateBackendParameters<String> parameters(final KeyGroupRange range)
    {
        return KeyedStateBackendParameters.builder(StringCodec.INSTANCE).numberOfKeyGroups(MAX_PARALLELISM)
            .keyGroupRange(range).memoryBudgetBytes(32L << 20).build();
    }

    private RocksDbKeyedStateBackend<String> open(final KeyGroupRange range)
    {
        final RocksDbKeyedStateBackend<String> backend =
            new RocksDbKeyedStateBackend<>(parameters(range), TestDirectories.localDirectory());
        backends.add(backend);
        return backend;
    }

    /** Takes checkpoint {@code id} and tells the backend it completed. */
    private IncrementalSstStateHandle checkpointAndComplete(
        final RocksDbKeyedStateBackend<String> backend, final long id) throws Exception
    {
        final IncrementalSstStateHandle handle = checkpoint(backend, id);
        backend.notifyCheckpointComplete(id);
        return handle;
    }

    private IncrementalSstStateHandle checkpoint(final RocksDbKeyedStateBackend<String> backend, final long id)
        throws Exception
    {
        return assertInstanceOf(IncrementalSstStateHandle.class, take(backend, id, CheckpointOptions.forCheckpoint()));
    }

    private KeyedStateHandle take(
        final RocksDbKeyedStateBackend<String> backend, final long id, final CheckpointOptions options)
        throws Exception
    {
        return Snapshots.take(backend, id, streams, options);
    }

    /** Writes keys {@code from..to-1} the backend owns: a value, a list and a map entry each. */
    private static void write(
        final RocksDbKeyedStateBackend<String> backend, final int from, final int to, final String tag)
    {
        for (int k = from; k < to; k++)
        {
            final String key = "key-" + k;
            if (!backend.getKeyGroupRange().contains(keyGroup(key)))
            {
                continue;
            }
            backend.setCurrentKey(key);
            value(backend).update((long)k);
            list(backend).add(tag + k);
            map(backend).put(tag, (long)-k);
        }
    }

    private static void delete(final RocksDbKeyedStateBackend<String> backend, final int from, final int to)
    {
        for (int k = from; k < to; k++)
        {
            final String key = "key-" + k;
            if (backend.getKeyGroupRange().contains(keyGroup(key)))
            {
                backend.setCurrentKey(key);
                value(backend).clear();
                list(backend).clear();
                map(backend).clear();
            }
        }
    }

    /** @return every owned key's state among keys {@code 0..n-1}: "state|key" to its value. */
    private static Map<String, Object> dump(final RocksDbKeyedStateBackend<String> backend, final int n)
    {
        final Map<String, Object> all = new TreeMap<>();
        for (int k = 0; k < n; k++)
        {
            final String key = "key-" + k;
            if (!backend.getKeyGroupRange().contains(keyGroup(key)))
            {
                continue;
            }
            backend.setCurrentKey(key);
            final Long value = value(backend).value();
            if (value != null)
            {
                all.put("value|" + key, value);
            }
            final List<String> elements = list(backend).get();
            if (!elements.isEmpty())
            {
                all.put("list|" + key, elements);
            }
            final Map<String, Long> entries = new HashMap<>();
            map(backend).entries().forEach((entry) -> entries.put(entry.getKey(), entry.getValue()));
            if (!entries.isEmpty())
            {
                all.put("map|" + key, new TreeMap<>(entries));
            }
        }
        return all;
    }

    private static ValueState<Long> value(final RocksDbKeyedStateBackend<String> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, VALUE);
    }

    private static ListState<String> list(final RocksDbKeyedStateBackend<String> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, LIST);
    }

    private static MapState<String, Long> map(final RocksDbKeyedStateBackend<String> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, MAP);
    }
}

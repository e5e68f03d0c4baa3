package io.cairn.rocksdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.UploadedFile;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksIterator;

/**
 * Restores a RocksDB backend from the files of incremental checkpoints ({@link IncrementalSstStateHandle}), of the
 * same key groups or of others (a rescale), into an empty backend.
 *
 * <ol>
 *     <li>The handles whose key groups meet the backend's are kept (they must not overlap); their meta streams
 *     are read, each checked (length, CRC32C, then the stream itself) and checked to fit the backend (max
 *     parallelism, key codec, states agreeing).</li>
 *     <li>Every file of every kept handle is downloaded into a fresh directory of the working directory, its
 *     length and CRC32C checked against the handle's, before RocksDB opens anything: a damaged, truncated or
 *     swapped file fails the restore naming the stream, and the backend stays empty.</li>
 *     <li>The handle with the most owned key groups becomes the backend's database: opened with its column
 *     families, and clipped with {@code deleteRange} to the owned key groups if it holds others. With the same
 *     range (or a handle that covers it) that is the whole restore, and no entry is read.</li>
 *     <li>Each other handle is opened read-only in its directory, and the entries of the owned key groups (one
 *     contiguous range of each column family) are copied into the backend's, then the directory is deleted.</li>
 * </ol>
 *
 * <p>The SST files of the database's handle stay as they were downloaded, so they are the files that handle
 * uploaded: the backend's next checkpoints reference them instead of uploading them again ({@link Restored}).
 */
final class SstRestore
{
    private static final String DEFAULT_COLUMN_FAMILY =
        new String(RocksDB.DEFAULT_COLUMN_FAMILY, StandardCharsets.UTF_8);

    private final RocksDbKeyedStateBackend<?> backend;
    private final RocksDbInstance instance;
    private final int numberOfKeyGroups;
    private final KeyGroupRange keyGroupRange;
    private final Codec<?> keyCodec;

    SstRestore(
        final RocksDbKeyedStateBackend<?> backend,
        final RocksDbInstance instance,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec)
    {
        this.backend = backend;
        this.instance = instance;
        this.numberOfKeyGroups = numberOfKeyGroups;
        this.keyGroupRange = keyGroupRange;
        this.keyCodec = keyCodec;
    }

    /** What a restore leaves: the SST files of the handle that became the database, by local name. */
    record Restored(Map<String, UploadedFile> sstFiles, long checkpointId)
    {
    }

    /**
     * @param handles the handles a backend is asked to restore (null elements are skipped).
     * @return the SST handles among them; empty if there is none.
     * @throws IllegalArgumentException if they mix SST handles with stream handles: the handles of one checkpoint
     *                                  are of one kind.
     */
    static List<IncrementalSstStateHandle> sstHandles(final Collection<? extends KeyedStateHandle> handles)
    {
        final List<IncrementalSstStateHandle> sst = new ArrayList<>();
        boolean streams = false;
        for (final KeyedStateHandle handle : handles)
        {
            if (handle instanceof IncrementalSstStateHandle)
            {
                sst.add((IncrementalSstStateHandle)handle);
            }
            else
            {
                streams |= handle != null;
            }
        }
        if (streams && !sst.isEmpty())
        {
            throw new IllegalArgumentException("handles=" + handles + " mix " +
                IncrementalSstStateHandle.class.getSimpleName() + "s with stream handles; expected the handles of " +
                "one checkpoint, of one kind");
        }
        return sst;
    }

    /**
     * @param handles SST handles of any key groups.
     * @return the SST files of the database's handle, or null if no handle meets the backend's key groups.
     */
    Restored restore(final List<IncrementalSstStateHandle> handles) throws IOException
    {
        final List<IncrementalSstStateHandle> owned = ownedHandles(handles);
        if (owned.isEmpty())
        {
            return null;
        }
        final Map<String, StateMetaInfo> states = new LinkedHashMap<>();
        final List<StreamMeta> metas = new ArrayList<>(owned.size());
        for (final IncrementalSstStateHandle handle : owned)
        {
            final StreamMeta meta = SstMetaStream.read(handle.getMeta(), numberOfKeyGroups, keyCodec, states);
            final KeyGroupRange written = meta.keyGroupRange();
            final KeyGroupRange range = handle.getKeyGroupRange();
            if (written.getIntersection(range).getNumberOfKeyGroups() != range.getNumberOfKeyGroups())
            {
                throw new CorruptedStateException(handle.getMeta().stream().describe(), 0, "the meta stream of " +
                    handle + " says its files hold " + written + "; expected the handle's " + range + " in it");
            }
            metas.add(meta);
        }
        final int base = largestOverlap(owned);
        final Path databaseDirectory = instance.newDirectoryPath("db");
        final Path restoreDirectory = instance.newDirectoryPath("restore");
        try
        {
            download(owned.get(base), databaseDirectory);
            for (int i = 0; i < owned.size(); i++)
            {
                if (i != base)
                {
                    download(owned.get(i), restoreDirectory.resolve(String.valueOf(i)));
                }
            }
            final Map<String, ColumnFamilyHandle> columnFamilies = instance.replaceDatabase(databaseDirectory,
                (columnFamily) -> StateColumn.holdsMapState(states.get(StateColumn.stateName(columnFamily))));
            final Map<String, StateColumn> columns = new LinkedHashMap<>();
            final Map<String, ColumnFamilyHandle> byState =
                byState(columnFamilies, metas.get(base), owned.get(base));
            for (final StateMetaInfo meta : states.values())
            {
                columns.put(meta.name(), backend.addRestoredColumn(meta, byState.get(meta.name())));
            }
            if (!keyGroupRange.getIntersection(metas.get(base).keyGroupRange())
                .equals(metas.get(base).keyGroupRange()))
            {
                for (final StateColumn column : columns.values())
                {
                    backend.clipToOwnedKeyGroups(column);
                }
            }
            for (int i = 0; i < owned.size(); i++)
            {
                if (i != base)
                {
                    copyOwned(owned.get(i), metas.get(i), restoreDirectory.resolve(String.valueOf(i)), columns);
                }
            }
            final Map<String, UploadedFile> sstFiles = new LinkedHashMap<>();
            for (final UploadedFile file : owned.get(base).getSharedFiles())
            {
                sstFiles.put(file.fileName(), file);
            }
            return new Restored(sstFiles, owned.get(base).getCheckpointId());
        }
        catch (final IOException | RuntimeException ex)
        {
            if (!databaseDirectory.equals(instance.databaseDirectory()))
            {
                deleteQuietly(databaseDirectory, ex);
            }
            throw ex;
        }
        finally
        {
            Directories.delete(restoreDirectory);
        }
    }

    /** @return the handles whose key groups meet the backend's, cut to them; they must not overlap. */
    private List<IncrementalSstStateHandle> ownedHandles(final List<IncrementalSstStateHandle> handles)
    {
        final List<IncrementalSstStateHandle> owned = new ArrayList<>();
        for (final IncrementalSstStateHandle handle : handles)
        {
            final IncrementalSstStateHandle part = handle.getIntersection(keyGroupRange);
            if (part == null)
            {
                continue;
            }
            for (final IncrementalSstStateHandle other : owned)
            {
                if (!other.getKeyGroupRange().getIntersection(part.getKeyGroupRange()).isEmpty())
                {
                    throw new IllegalArgumentException("handles=" + other + " and " + handle + " both hold key " +
                        "groups of " + other.getKeyGroupRange().getIntersection(part.getKeyGroupRange()) +
                        "; expected the handles of one checkpoint, each key group in one of them");
                }
            }
            owned.add(part);
        }
        return owned;
    }

    /** @return the index of the handle with the most key groups the backend owns; the first of equals. */
    private static int largestOverlap(final List<IncrementalSstStateHandle> owned)
    {
        int best = 0;
        for (int i = 1; i < owned.size(); i++)
        {
            if (owned.get(i).getKeyGroupRange().getNumberOfKeyGroups() >
                owned.get(best).getKeyGroupRange().getNumberOfKeyGroups())
            {
                best = i;
            }
        }
        return best;
    }

    /** Downloads every file of a handle into a new directory, each checked before the next. */
    private static void download(final IncrementalSstStateHandle handle, final Path directory) throws IOException
    {
        Files.createDirectories(directory);
        final byte[] buffer = UploadedFiles.newCopyBuffer();
        for (final UploadedFile file : handle.getSharedFiles())
        {
            UploadedFiles.download(file, directory.resolve(file.fileName()), buffer);
        }
        for (final UploadedFile file : handle.getPrivateFiles())
        {
            UploadedFiles.download(file, directory.resolve(file.fileName()), buffer);
        }
    }

    /**
     * @return the column families of a handle's database by the name of their state; the default column family,
     * empty, is left out.
     * @throws CorruptedStateException if a column family belongs to no state of the handle's meta stream.
     */
    private static Map<String, ColumnFamilyHandle> byState(
        final Map<String, ColumnFamilyHandle> columnFamilies, final StreamMeta meta,
        final IncrementalSstStateHandle handle) throws CorruptedStateException
    {
        final Map<String, ColumnFamilyHandle> byState = new LinkedHashMap<>();
        for (final Map.Entry<String, ColumnFamilyHandle> entry : columnFamilies.entrySet())
        {
            final String name = entry.getKey();
            if (name.equals(DEFAULT_COLUMN_FAMILY))
            {
                continue;
            }
            if (name.startsWith(StateColumn.VERSION_1_PREFIX))
            {
                throw new CorruptedStateException(handle.getMeta().stream().describe(), 0, "the database of " +
                    handle + " has column family \"" + name + "\", of value layout version 1, which this version " +
                    "does not read; expected \"" + StateColumn.COLUMN_FAMILY_PREFIX + "\" column families " +
                    "(restore state of that version from a savepoint, which every version reads)");
            }
            final String state = StateColumn.stateName(name);
            if (state == null || meta.states().stream().noneMatch((info) -> info.name().equals(state)))
            {
                throw new CorruptedStateException(handle.getMeta().stream().describe(), 0, "the database of " +
                    handle + " has column family \"" + name + "\", which holds no state of its meta stream " +
                    meta.states());
            }
            byState.put(state, entry.getValue());
        }
        return byState;
    }

    /** Copies the owned key groups of a handle's database, downloaded in {@code directory}, into the backend. */
    private void copyOwned(
        final IncrementalSstStateHandle handle,
        final StreamMeta meta,
        final Path directory,
        final Map<String, StateColumn> columns) throws IOException
    {
        final KeyGroupRange range = handle.getKeyGroupRange();
        try (ReadOnlyDatabase source = instance.openReadOnly(directory))
        {
            for (final Map.Entry<String, ColumnFamilyHandle> entry :
                byState(source.columnFamilies(), meta, handle).entrySet())
            {
                copy(source, entry.getValue(), columns.get(entry.getKey()), range);
            }
        }
        Directories.delete(directory);
    }

    /**
     * Copies the entries of the key groups of {@code range}, one contiguous run of the column family, through
     * write batches ({@link RestoreBatch}); keys and values pass through two reused direct buffers, so the copy
     * allocates nothing per entry.
     */
    private void copy(
        final ReadOnlyDatabase source, final ColumnFamilyHandle from, final StateColumn to, final KeyGroupRange range)
    {
        final int end = range.getEndKeyGroup();
        final DirectBytes key = new DirectBytes(256);
        final DirectBytes value = new DirectBytes(1024);
        // Total order: the copy crosses keys, which a prefix filter must not skip files for.
        try (ReadOptions readOptions = new ReadOptions().setFillCache(false).setTotalOrderSeek(true);
            RocksIterator iterator = source.db().newIterator(from, readOptions);
            RestoreBatch batch = new RestoreBatch(instance))
        {
            final ColumnFamilyHandle target = to.handleForWrite();
            for (iterator.seek(KeyLayout.keyGroupPrefix(range.getStartKeyGroup())); iterator.isValid();
                iterator.next())
            {
                final int keyLength = Iterators.key(iterator, key);
                if (keyLength < KeyLayout.KEY_GROUP_PREFIX_LENGTH || KeyLayout.keyGroup(key.view()) > end)
                {
                    break;
                }
                final int valueLength = Iterators.value(iterator, value);
                batch.put(target, key.range(0, keyLength), value.range(0, valueLength));
            }
            Iterators.checkStatus(iterator, to.name);
            batch.flush();
        }
    }

    private static void deleteQuietly(final Path directory, final Exception failure)
    {
        try
        {
            Directories.delete(directory);
        }
        catch (final RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
    }
}

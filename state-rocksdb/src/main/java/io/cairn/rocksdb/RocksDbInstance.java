package io.cairn.rocksdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.PerfLevel;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.TableProperties;
import org.rocksdb.WriteBatch;

/**
 * One RocksDB instance in its own working directory, and every native object that goes with it: its
 * {@link RocksDbOptions} (block cache, WriteBufferManager, merge operator, read and write options) and its column
 * families.
 *
 * <p>The working directory holds the database ({@code db-<n>/}) and, for a while, the directories of RocksDB
 * checkpoints being uploaded ({@code chk-<id>-<n>/}) and of files being restored ({@code restore-<n>/}); see
 * {@link #newDirectoryPath}. A restore may swap the database for one it downloaded ({@link #replaceDatabase}), on
 * the same options, cache and budget.
 *
 * <p>Lifecycle: {@link #open} creates a fresh directory (a new temporary directory under the configured parent,
 * so two live backends never share one) and the database in it. {@link #close()} frees every native object and
 * deletes the directory, unless snapshots still use the database or its directory (they hold a <em>lease</em>):
 * then the last {@link #releaseLease} does it. Closing is idempotent.
 *
 * <p>Threads: the subtask's thread does everything except {@link #newIterator}, {@link #releaseSnapshot} and
 * {@link #releaseLease}, which the thread that runs a snapshot calls; the lease count, closing and swapping the
 * database are synchronized.
 *
 * <p>Perf counters: RocksDB counts the work of every read and write in a thread-local "perf context" unless the
 * calling thread's perf level is {@link PerfLevel#DISABLE}; nothing in Cairn reads those counts, and on
 * rocksdbjni 11.8.1 counting costs a few percent of every put and get (each count looks the thread-local up through
 * the dynamic linker and runs its init function). So every thread that reads or writes through the instance gets its
 * perf level set to {@code DISABLE}, the subtask's thread on its first access after another thread's
 * ({@link #perfCountersOff}), a snapshot's thread when it opens its iterators. A caller that profiles RocksDB with
 * the perf context on those threads sets the level again after the backend's first access.
 */
final class RocksDbInstance
{
    /** The directory name prefix of every working directory. */
    static final String DIRECTORY_PREFIX = "cairn-rocksdb-";
    /** How the directory of a database in the working directory starts. */
    private static final String DATABASE_PREFIX = "db";

    static
    {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final MemoryBudget budget;
    private final RocksDbOptions options;
    private final List<ColumnFamilyHandle> columnFamilies = new ArrayList<>();
    private Path databaseDirectory;
    private RocksDB db;
    private ColumnFamilyHandle defaultColumnFamily;
    private int sequence;
    /** The thread whose RocksDB perf level this instance turned off last: {@link #perfCountersOff}. */
    private Thread perfCountersOffOn;
    private int leases;
    private boolean closed;
    private boolean released;

    private RocksDbInstance(final Path directory, final MemoryBudget budget, final RocksDbOptions options)
    {
        this.directory = directory;
        this.budget = budget;
        this.options = options;
    }

    /**
     * Creates a working directory under {@code parent} and opens a new database in it.
     *
     * @param parent                where working directories go; created if missing.
     * @param budget                the memory budget.
     * @param bloomFilterBitsPerKey bits per key of the SST files' whole-key bloom filters, or
     *                              {@link RocksDbStateBackend#NO_BLOOM_FILTER}.
     * @param keyPrefixLength       the length of the key prefix SST files filter on, or 0 for none
     *                              ({@link RocksDbOptions#keyPrefixLength}).
     * @return the instance; the caller closes it.
     * @throws RocksDbAccessException if the directory or the database cannot be created.
     */
    static RocksDbInstance open(
        final Path parent,
        final MemoryBudget budget,
        final double bloomFilterBitsPerKey,
        final int keyPrefixLength)
    {
        final Path directory;
        try
        {
            Files.createDirectories(parent);
            directory = Files.createTempDirectory(parent, DIRECTORY_PREFIX);
        }
        catch (final IOException ex)
        {
            throw new RocksDbAccessException("cannot create a working directory under " + parent, ex);
        }
        RocksDbOptions options = null;
        try
        {
            options = new RocksDbOptions(budget, bloomFilterBitsPerKey, keyPrefixLength);
            final RocksDbInstance instance = new RocksDbInstance(directory, budget, options);
            instance.openEmptyDatabase();
            return instance;
        }
        catch (final RuntimeException ex)
        {
            if (options != null)
            {
                options.close();
            }
            Directories.delete(directory);
            throw ex instanceof RocksDbAccessException ? ex :
                new RocksDbAccessException("cannot open RocksDB in " + directory, ex);
        }
    }

    /** Opens a new, empty database in a new directory as this instance's database. */
    private void openEmptyDatabase()
    {
        final Path path = newDirectoryPath(DATABASE_PREFIX);
        try
        {
            final List<ColumnFamilyHandle> handles = new ArrayList<>(1);
            db = RocksDB.open(options.dbOptions(), path.toString(),
                List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options.columnFamilyOptions(false))),
                handles);
            defaultColumnFamily = handles.get(0);
            databaseDirectory = path;
        }
        catch (final RocksDBException ex)
        {
            Directories.delete(path);
            throw new RocksDbAccessException("cannot open RocksDB in " + path, ex);
        }
    }

    /** @return the working directory. */
    Path directory()
    {
        return directory;
    }

    /** @return the directory of the database, inside the working directory. */
    synchronized Path databaseDirectory()
    {
        return databaseDirectory;
    }

    /**
     * @param prefix what the directory is for: {@code db}, {@code chk-<id>}, {@code restore}.
     * @return a path in the working directory that no other caller gets, {@code <prefix>-<n>}; not created.
     */
    synchronized Path newDirectoryPath(final String prefix)
    {
        checkNotReleased();
        return directory.resolve(prefix + "-" + sequence++);
    }


    /** @return the memory budget. */
    MemoryBudget budget()
    {
        return budget;
    }

    /**
     * @param name     the column family's name, unique in this instance.
     * @param mapState whether it holds map state ({@link RocksDbOptions#columnFamilyOptions(boolean)}).
     * @return a new column family.
     */
    ColumnFamilyHandle createColumnFamily(final String name, final boolean mapState)
    {
        checkNotReleased();
        try
        {
            final ColumnFamilyHandle handle = db.createColumnFamily(new ColumnFamilyDescriptor(
                name.getBytes(StandardCharsets.UTF_8), options.columnFamilyOptions(mapState)));
            columnFamilies.add(handle);
            return handle;
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot create column family " + name + " in " + directory, ex);
        }
    }

    /** Drops a column family and frees its handle (after a failed restore). */
    void dropColumnFamily(final ColumnFamilyHandle handle)
    {
        checkNotReleased();
        columnFamilies.remove(handle);
        try
        {
            db.dropColumnFamily(handle);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot drop a column family in " + directory, ex);
        }
        finally
        {
            handle.close();
        }
    }

    /**
     * Reads a value into {@code value} from index 0, growing it if it is too small.
     *
     * @return the value's length, or -1 if there is none.
     */
    int get(final ColumnFamilyHandle columnFamily, final ByteBuffer key, final DirectBytes value)
    {
        perfCountersOff();
        final int position = key.position();
        final int limit = key.limit();
        try
        {
            int length = db.get(columnFamily, options.readOptions(), key, value.all());
            if (length > value.capacity())
            {
                value.ensureCapacity(length, 0);
                key.limit(limit).position(position);
                length = db.get(columnFamily, options.readOptions(), key, value.all());
            }
            return length == RocksDB.NOT_FOUND ? -1 : length;
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("get failed in " + directory, ex);
        }
    }

    /**
     * One lookup, like {@link #get}, that copies nothing: RocksDB's {@code keyExists} looks a key up twice (a
     * "may exist" probe, then a read) when it is there, which halves the speed of a membership test.
     *
     * @param scratch any direct buffer; nothing is written to it.
     * @return true if the key has a value.
     */
    boolean exists(final ColumnFamilyHandle columnFamily, final ByteBuffer key, final DirectBytes scratch)
    {
        perfCountersOff();
        try
        {
            return db.get(columnFamily, options.readOptions(), key, scratch.range(0, 0)) != RocksDB.NOT_FOUND;
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("get failed in " + directory, ex);
        }
    }

    /** Writes a value. */
    void put(final ColumnFamilyHandle columnFamily, final ByteBuffer key, final ByteBuffer value)
    {
        perfCountersOff();
        try
        {
            db.put(columnFamily, options.writeOptions(), key, value);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("put failed in " + directory, ex);
        }
    }

    /** Appends {@code operand} to the value with the list merge operator. */
    void merge(final ColumnFamilyHandle columnFamily, final ByteBuffer key, final ByteBuffer operand)
    {
        perfCountersOff();
        try
        {
            db.merge(columnFamily, options.writeOptions(), key, operand);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("merge failed in " + directory, ex);
        }
    }

    /** Deletes a value. */
    void delete(final ColumnFamilyHandle columnFamily, final ByteBuffer key)
    {
        perfCountersOff();
        try
        {
            db.delete(columnFamily, options.writeOptions(), key);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("delete failed in " + directory, ex);
        }
    }

    /** Deletes every key in {@code [from, to)}. */
    void deleteRange(final ColumnFamilyHandle columnFamily, final byte[] from, final byte[] to)
    {
        try
        {
            db.deleteRange(columnFamily, options.writeOptions(), from, to);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("deleteRange failed in " + directory, ex);
        }
    }

    /**
     * @return a new iterator over the live entries of one key of a column family, from the key its first seek
     * names ({@link RocksDbOptions#keyReadOptions()}); the caller closes it.
     */
    RocksIterator newKeyIterator(final ColumnFamilyHandle columnFamily)
    {
        perfCountersOff();
        return db.newIterator(columnFamily, options.keyReadOptions());
    }

    /**
     * @return a new iterator over all the live entries of a column family ({@link
     * RocksDbOptions#totalOrderReadOptions()}); the caller closes it.
     */
    RocksIterator newTotalOrderIterator(final ColumnFamilyHandle columnFamily)
    {
        perfCountersOff();
        return db.newIterator(columnFamily, options.totalOrderReadOptions());
    }

    /**
     * Turns the calling thread's perf counters off, as a snapshot's thread calls it once per column family: the
     * iterators of one snapshot visit every entry.
     *
     * @return a new iterator reading with {@code options}; the caller closes it.
     */
    RocksIterator newIterator(final ColumnFamilyHandle columnFamily, final ReadOptions readOptions)
    {
        db.setPerfLevel(PerfLevel.DISABLE);
        return db.newIterator(columnFamily, readOptions);
    }

    /**
     * Sets the subtask's thread's RocksDB perf level to {@link PerfLevel#DISABLE} if this instance has not done so
     * for it last (see the class's javadoc): a thread comparison per access, a native call when the thread changes.
     */
    private void perfCountersOff()
    {
        final Thread thread = Thread.currentThread();
        if (thread != perfCountersOffOn)
        {
            db.setPerfLevel(PerfLevel.DISABLE);
            perfCountersOffOn = thread;
        }
    }

    /** Writes a batch of changes, without the write-ahead log like every write. */
    void write(final WriteBatch batch)
    {
        perfCountersOff();
        try
        {
            db.write(options.writeOptions(), batch);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("write failed in " + directory, ex);
        }
    }

    /**
     * Takes a RocksDB snapshot and a lease: the instance's native objects live until the lease is returned with
     * {@link #releaseSnapshot}, even if the instance is closed meanwhile.
     *
     * @return the snapshot.
     */
    synchronized Snapshot acquireSnapshot()
    {
        acquireLease();
        return db.getSnapshot();
    }

    /**
     * Releases a snapshot and its lease; frees the instance if it was closed and this was the last lease.
     *
     * @param snapshot what {@link #acquireSnapshot} returned.
     */
    synchronized void releaseSnapshot(final Snapshot snapshot)
    {
        db.releaseSnapshot(snapshot);
        releaseLease();
    }

    /**
     * Takes a lease: the instance's native objects and its working directory live until it is returned with
     * {@link #releaseLease}, even if the instance is closed meanwhile.
     */
    synchronized void acquireLease()
    {
        checkNotReleased();
        if (closed)
        {
            throw new IllegalStateException("the backend is closed");
        }
        leases++;
    }

    /** Returns a lease; frees the instance if it was closed and this was the last lease. */
    synchronized void releaseLease()
    {
        leases--;
        if (closed && leases == 0)
        {
            release();
        }
    }

    /** @return the number of leases not yet returned: snapshots being written. */
    synchronized int liveSnapshotCount()
    {
        return leases;
    }

    /**
     * Creates a checkpoint of the database in {@code target} ({@link LocalCheckpoint}): memtables are flushed
     * (writes wait for that, no longer), and the live SST files are hard-linked, the other files copied. The
     * caller holds a lease, and deletes {@code target} if this fails.
     *
     * @param target a directory that does not exist yet, in the working directory.
     * @throws RocksDbAccessException if RocksDB or the file system fails.
     */
    void createCheckpoint(final Path target)
    {
        checkNotReleased();
        try
        {
            LocalCheckpoint.create(db, databaseDirectory, target);
        }
        catch (final RocksDBException | IOException ex)
        {
            throw new RocksDbAccessException("cannot create a RocksDB checkpoint of " + databaseDirectory + " in " +
                target, ex);
        }
    }

    /**
     * Makes the database in {@code restored} (a directory in the working directory) this instance's database, with
     * every column family it has, and deletes the database it had, which must be empty: no column family but the
     * default one, no lease. If opening fails, the instance keeps its database.
     *
     * @param restored        the directory of a database, e.g. downloaded from a checkpoint.
     * @param mapColumnFamily true for the names of its column families that hold map state, which are opened on
     *                        the map options ({@link RocksDbOptions#columnFamilyOptions(boolean)}).
     * @return its column families by name, the default one excluded; they close with the instance.
     * @throws RocksDbAccessException if the database cannot be opened.
     */
    synchronized Map<String, ColumnFamilyHandle> replaceDatabase(
        final Path restored, final Predicate<String> mapColumnFamily)
    {
        checkNotReleased();
        if (leases != 0 || !columnFamilies.isEmpty())
        {
            throw new IllegalStateException("leases=" + leases + ", columnFamilies=" + columnFamilies.size() +
                "; expected a database without state to replace");
        }
        final List<ColumnFamilyHandle> handles = new ArrayList<>();
        final RocksDB opened;
        final List<byte[]> names = ReadOnlyDatabase.columnFamilyNames(restored);
        try
        {
            opened = RocksDB.open(options.dbOptions(), restored.toString(),
                ReadOnlyDatabase.descriptors(names, options, mapColumnFamily), handles);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot open the RocksDB database in " + restored, ex);
        }
        final Path replaced = databaseDirectory;
        closeDatabase();
        final Map<String, ColumnFamilyHandle> byName = new TreeMap<>();
        ColumnFamilyHandle openedDefault = null;
        for (int i = 0; i < names.size(); i++)
        {
            if (Arrays.equals(names.get(i), RocksDB.DEFAULT_COLUMN_FAMILY))
            {
                openedDefault = handles.get(i);
            }
            else
            {
                byName.put(new String(names.get(i), StandardCharsets.UTF_8), handles.get(i));
                columnFamilies.add(handles.get(i));
            }
        }
        db = opened;
        defaultColumnFamily = openedDefault;
        databaseDirectory = restored;
        Directories.delete(replaced);
        return byName;
    }

    /**
     * Drops the database, whatever it holds, for a new empty one (after a failed restore). There must be no lease.
     */
    synchronized void resetToEmptyDatabase()
    {
        checkNotReleased();
        if (leases != 0)
        {
            throw new IllegalStateException("leases=" + leases + "; expected none while the database is reset");
        }
        final Path replaced = databaseDirectory;
        closeDatabase();
        Directories.delete(replaced);
        openEmptyDatabase();
    }

    /**
     * Opens the database in {@code databaseDirectory} read-only, with every column family it has, on this instance's
     * options (its reads are charged to the same block cache).
     *
     * @param databaseDirectory the directory of a database, e.g. downloaded from a checkpoint.
     * @return the database; the caller closes it.
     * @throws RocksDbAccessException if it cannot be opened.
     */
    ReadOnlyDatabase openReadOnly(final Path databaseDirectory)
    {
        checkNotReleased();
        return ReadOnlyDatabase.open(options, databaseDirectory);
    }

    /**
     * @return the bytes RocksDB holds in the block cache (which includes the memtables' reservation) and in
     * table readers outside it, as RocksDB counts them; 0 once closed.
     */
    synchronized long approximateMemoryUsage()
    {
        if (closed)
        {
            return 0;
        }
        try
        {
            final long memtables = db.getAggregatedLongProperty("rocksdb.cur-size-all-mem-tables");
            final long tableReaders = db.getAggregatedLongProperty("rocksdb.estimate-table-readers-mem");
            // The memtables are charged to the cache in whole dummy entries, so the cache's usage covers them; the
            // max guards the moment between an allocation and its charge.
            return Math.max(options.cache().getUsage(), memtables) + tableReaders;
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot read memory properties in " + directory, ex);
        }
    }

    /**
     * Reads a RocksDB property aggregated over the column families (for tests and diagnostics).
     *
     * @param property e.g. {@code rocksdb.cur-size-all-mem-tables}.
     * @return its value.
     */
    synchronized long aggregatedLongProperty(final String property)
    {
        checkNotReleased();
        try
        {
            return db.getAggregatedLongProperty(property);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot read property " + property + " in " + directory, ex);
        }
    }

    /**
     * Flushes a column family's memtables to SST files and waits (for tests and diagnostics).
     *
     * @return the properties of each SST file of the column family (compression, filter), by file name.
     */
    synchronized Map<String, TableProperties> flushAndListSstFiles(final ColumnFamilyHandle columnFamily)
    {
        checkNotReleased();
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true))
        {
            db.flush(options, columnFamily);
            return new TreeMap<>(db.getPropertiesOfAllTables(columnFamily));
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot flush in " + directory, ex);
        }
    }

    /**
     * Compacts every column family fully, and waits (for tests and diagnostics): SST files are rewritten, so a
     * checkpoint after it references none of those before.
     */
    synchronized void compactAll()
    {
        checkNotReleased();
        try
        {
            for (final ColumnFamilyHandle handle : columnFamilies)
            {
                db.compactRange(handle);
            }
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot compact in " + directory, ex);
        }
    }

    /** Closes the instance: frees everything now, or when the last snapshot is released. Idempotent. */
    synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (leases == 0)
        {
            release();
        }
    }

    private void release()
    {
        released = true;
        closeDatabase();
        options.close();
        Directories.delete(directory);
    }

    /** Closes the database and its column families (not the options). */
    private void closeDatabase()
    {
        for (final ColumnFamilyHandle handle : columnFamilies)
        {
            handle.close();
        }
        columnFamilies.clear();
        defaultColumnFamily.close();
        db.close();
    }

    private void checkNotReleased()
    {
        if (released)
        {
            throw new IllegalStateException("the backend is closed");
        }
    }
}

package io.cairn.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * One RocksDB instance in its own working directory, and every native object that goes with it: its
 * {@link RocksDbOptions} (block cache, WriteBufferManager, merge operator, read and write options) and its column
 * families.
 *
 * <p>Lifecycle: {@link #open} creates a fresh directory (a new temporary directory under the configured parent,
 * so two live backends never share one) and the database in it. {@link #close()} frees every native object and
 * deletes the directory, unless snapshots still read the database: then the last {@link #releaseSnapshot} does
 * it. Closing is idempotent.
 *
 * <p>Threads: the subtask's thread does everything except {@link #releaseSnapshot}, which the thread that runs a
 * snapshot calls; the lease count and closing are synchronized.
 */
final class RocksDbInstance
{
    /** The directory name prefix of every working directory. */
    static final String DIRECTORY_PREFIX = "cairn-rocksdb-";

    static
    {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final MemoryBudget budget;
    private final RocksDbOptions options;
    private final RocksDB db;
    private final ColumnFamilyHandle defaultColumnFamily;
    private final List<ColumnFamilyHandle> columnFamilies = new ArrayList<>();
    private int leases;
    private boolean closed;
    private boolean released;

    private RocksDbInstance(
        final Path directory, final MemoryBudget budget, final RocksDbOptions options, final RocksDB db,
        final ColumnFamilyHandle defaultColumnFamily)
    {
        this.directory = directory;
        this.budget = budget;
        this.options = options;
        this.db = db;
        this.defaultColumnFamily = defaultColumnFamily;
    }

    /**
     * Creates a working directory under {@code parent} and opens a new database in it.
     *
     * @param parent where working directories go; created if missing.
     * @param budget the memory budget.
     * @return the instance; the caller closes it.
     * @throws RocksDbAccessException if the directory or the database cannot be created.
     */
    static RocksDbInstance open(final Path parent, final MemoryBudget budget)
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
            options = new RocksDbOptions(budget);
            final List<ColumnFamilyHandle> handles = new ArrayList<>(1);
            final RocksDB db = RocksDB.open(options.dbOptions(), directory.toString(),
                List.of(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, options.columnFamilyOptions())),
                handles);
            return new RocksDbInstance(directory, budget, options, db, handles.get(0));
        }
        catch (final RocksDBException | RuntimeException ex)
        {
            if (options != null)
            {
                options.close();
            }
            deleteDirectory(directory);
            throw new RocksDbAccessException("cannot open RocksDB in " + directory, ex);
        }
    }

    /** @return the working directory. */
    Path directory()
    {
        return directory;
    }

    /** @return the memory budget. */
    MemoryBudget budget()
    {
        return budget;
    }

    /**
     * @param name the column family's name, unique in this instance.
     * @return a new column family.
     */
    ColumnFamilyHandle createColumnFamily(final String name)
    {
        checkNotReleased();
        try
        {
            final ColumnFamilyHandle handle = db.createColumnFamily(
                new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.UTF_8), options.columnFamilyOptions()));
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

    /** @return true if the key has a value. */
    boolean exists(final ColumnFamilyHandle columnFamily, final ByteBuffer key)
    {
        return db.keyExists(columnFamily, options.readOptions(), key);
    }

    /** Writes a value. */
    void put(final ColumnFamilyHandle columnFamily, final ByteBuffer key, final ByteBuffer value)
    {
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

    /** @return a new iterator over the live data of a column family; the caller closes it. */
    RocksIterator newIterator(final ColumnFamilyHandle columnFamily)
    {
        return db.newIterator(columnFamily, options.readOptions());
    }

    /** @return a new iterator reading with {@code options}; the caller closes it. */
    RocksIterator newIterator(final ColumnFamilyHandle columnFamily, final ReadOptions readOptions)
    {
        return db.newIterator(columnFamily, readOptions);
    }

    /**
     * Takes a RocksDB snapshot and a lease: the instance's native objects live until the lease is returned with
     * {@link #releaseSnapshot}, even if the instance is closed meanwhile.
     *
     * @return the snapshot.
     */
    synchronized Snapshot acquireSnapshot()
    {
        checkNotReleased();
        if (closed)
        {
            throw new IllegalStateException("the backend is closed");
        }
        leases++;
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
        leases--;
        if (closed && leases == 0)
        {
            release();
        }
    }

    /** @return the number of snapshots not yet released. */
    synchronized int liveSnapshotCount()
    {
        return leases;
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
     * @return the compression of each SST file of the column family, by file name.
     */
    synchronized Map<String, String> flushAndListSstCompression(final ColumnFamilyHandle columnFamily)
    {
        checkNotReleased();
        try (FlushOptions options = new FlushOptions().setWaitForFlush(true))
        {
            db.flush(options, columnFamily);
            final Map<String, String> compression = new TreeMap<>();
            db.getPropertiesOfAllTables(columnFamily).forEach(
                (file, properties) -> compression.put(file, properties.getCompressionName()));
            return compression;
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot flush in " + directory, ex);
        }
    }

    /** @return the block cache's usage in bytes. */
    synchronized long cacheUsage()
    {
        checkNotReleased();
        return options.cache().getUsage();
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

    /** @return true once every native object is freed and the directory deleted. */
    synchronized boolean isReleased()
    {
        return released;
    }

    private void release()
    {
        released = true;
        for (final ColumnFamilyHandle handle : columnFamilies)
        {
            handle.close();
        }
        columnFamilies.clear();
        defaultColumnFamily.close();
        db.close();
        options.close();
        deleteDirectory(directory);
    }

    private void checkNotReleased()
    {
        if (released)
        {
            throw new IllegalStateException("the backend is closed");
        }
    }

    /** Deletes a working directory and everything in it; a directory already gone is fine. */
    static void deleteDirectory(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the working directory " + directory, ex);
        }
    }
}

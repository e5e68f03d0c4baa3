package io.cairn.rocksdb;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A database opened read-only beside a backend's own, during a restore: the files of one incremental checkpoint,
 * whose owned key groups are copied into the backend. {@link #close()} frees its column families and the database
 * (not the options, which are the backend's); idempotent.
 */
final class ReadOnlyDatabase implements AutoCloseable
{
    private final Path directory;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final Map<String, ColumnFamilyHandle> byName = new LinkedHashMap<>();
    private boolean closed;

    /**
     * @param directory where it lives.
     * @param db        the database, opened read-only.
     * @param names     its column families' names, in the order of {@code handles}.
     * @param handles   its column families, the default one included.
     */
    ReadOnlyDatabase(
        final Path directory, final RocksDB db, final List<byte[]> names, final List<ColumnFamilyHandle> handles)
    {
        this.directory = directory;
        this.db = db;
        this.handles = handles;
        for (int i = 0; i < names.size(); i++)
        {
            byName.put(new String(names.get(i), StandardCharsets.UTF_8), handles.get(i));
        }
    }

    /**
     * Opens the database in {@code directory} read-only, with every column family it has.
     *
     * @param options   the options of the backend it is read for (its block cache is charged).
     * @param directory the directory of a database.
     * @return the database; the caller closes it.
     * @throws RocksDbAccessException if it cannot be opened.
     */
    static ReadOnlyDatabase open(final RocksDbOptions options, final Path directory)
    {
        final List<byte[]> names = columnFamilyNames(directory);
        final List<ColumnFamilyHandle> handles = new ArrayList<>();
        try
        {
            // Read only in total order (restores copy key-group ranges): no column family needs the map options.
            final RocksDB opened = RocksDB.openReadOnly(
                options.dbOptions(), directory.toString(), descriptors(names, options, (name) -> false), handles);
            return new ReadOnlyDatabase(directory, opened, names, handles);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot open the RocksDB database in " + directory, ex);
        }
    }

    /** @return the names of every column family of the database in {@code directory}, the default one included. */
    static List<byte[]> columnFamilyNames(final Path directory)
    {
        try (Options listing = new Options())
        {
            return RocksDB.listColumnFamilies(listing, directory.toString());
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot list the column families of " + directory, ex);
        }
    }

    /**
     * @param mapColumnFamily true for the names of the column families that hold map state.
     * @return descriptors of the named column families, on the options a backend gives each.
     */
    static List<ColumnFamilyDescriptor> descriptors(
        final List<byte[]> names, final RocksDbOptions options, final Predicate<String> mapColumnFamily)
    {
        final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>(names.size());
        for (final byte[] name : names)
        {
            descriptors.add(new ColumnFamilyDescriptor(
                name, options.columnFamilyOptions(mapColumnFamily.test(new String(name, StandardCharsets.UTF_8)))));
        }
        return descriptors;
    }

    /** @return where it lives. */
    Path directory()
    {
        return directory;
    }

    /** @return the database. */
    RocksDB db()
    {
        return db;
    }

    /** @return its column families by name, the default one included (unmodifiable). */
    Map<String, ColumnFamilyHandle> columnFamilies()
    {
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final ColumnFamilyHandle handle : handles)
        {
            handle.close();
        }
        db.close();
    }
}

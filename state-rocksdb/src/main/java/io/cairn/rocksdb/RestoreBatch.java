package io.cairn.rocksdb;

import java.nio.ByteBuffer;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The writes of a restore, gathered into RocksDB write batches: one native write (and one trip through RocksDB's
 * write path) per batch instead of one per entry. Keys and values are copied into the batch from the direct
 * buffers they are built in, so a batch allocates nothing per entry on the Java heap.
 *
 * <p>A batch is written when it holds {@value #MAX_ENTRIES} entries or {@value #MAX_BYTES} bytes, and by {@link
 * #flush}. Writes through the batch and writes straight to the database must not be mixed for one key without a
 * {@link #flush} in between: the batch is applied later.
 *
 * <p>Not thread-safe: the restoring thread owns it. {@link #close()} frees the native batch without writing it.
 */
final class RestoreBatch implements AutoCloseable
{
    /** Entries per batch. */
    static final int MAX_ENTRIES = 1024;
    /** Bytes of keys and values per batch, roughly. */
    static final long MAX_BYTES = 2 << 20;

    private final RocksDbInstance instance;
    private final WriteBatch batch = new WriteBatch();
    private int entries;
    private long bytes;

    /**
     * @param instance the database the batches are written to.
     */
    RestoreBatch(final RocksDbInstance instance)
    {
        this.instance = instance;
    }

    /** Adds a put; {@code key} and {@code value} are read from their position to their limit, and copied. */
    void put(final ColumnFamilyHandle columnFamily, final ByteBuffer key, final ByteBuffer value)
    {
        final int length = key.remaining() + value.remaining();
        try
        {
            batch.put(columnFamily, key, value);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot add a restored entry to a write batch", ex);
        }
        added(length);
    }

    /** Adds a delete of {@code key} (read from its position to its limit, and copied). */
    void delete(final ColumnFamilyHandle columnFamily, final ByteBuffer key)
    {
        final int length = key.remaining();
        try
        {
            batch.delete(columnFamily, key);
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("cannot add a restored deletion to a write batch", ex);
        }
        added(length);
    }

    private void added(final int length)
    {
        entries++;
        bytes += length;
        if (entries >= MAX_ENTRIES || bytes >= MAX_BYTES)
        {
            flush();
        }
    }

    /** Writes what the batch holds, if anything, and empties it. */
    void flush()
    {
        if (entries == 0)
        {
            return;
        }
        instance.write(batch);
        batch.clear();
        entries = 0;
        bytes = 0;
    }

    /** Frees the native batch; what it still holds is not written. */
    @Override
    public void close()
    {
        batch.close();
    }
}

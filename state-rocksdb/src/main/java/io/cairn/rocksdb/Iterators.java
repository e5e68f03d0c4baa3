package io.cairn.rocksdb;

import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/** Reads the current key and value of a RocksDB iterator into reusable direct buffers, growing them as needed. */
final class Iterators
{
    private Iterators()
    {
    }

    /**
     * Copies the iterator's current key into {@code target} from index 0.
     *
     * @return the key's length.
     */
    static int key(final RocksIterator iterator, final DirectBytes target)
    {
        int length = iterator.key(target.all());
        if (length > target.capacity())
        {
            target.ensureCapacity(length, 0);
            length = iterator.key(target.all());
        }
        return length;
    }

    /**
     * Copies the iterator's current value into {@code target} from index 0.
     *
     * @return the value's length.
     */
    static int value(final RocksIterator iterator, final DirectBytes target)
    {
        int length = iterator.value(target.all());
        if (length > target.capacity())
        {
            target.ensureCapacity(length, 0);
            length = iterator.value(target.all());
        }
        return length;
    }

    /**
     * Checks that an iterator that became invalid ended rather than failed.
     *
     * @param what names what was being read, for the message.
     * @throws RocksDbAccessException if it failed.
     */
    static void checkStatus(final RocksIterator iterator, final String what)
    {
        try
        {
            iterator.status();
        }
        catch (final RocksDBException ex)
        {
            throw new RocksDbAccessException("iteration over state \"" + what + "\" failed", ex);
        }
    }
}

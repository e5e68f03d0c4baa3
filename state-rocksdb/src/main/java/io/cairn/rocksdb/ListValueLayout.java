package io.cairn.rocksdb;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The RocksDB value of a list: its elements, in order, each prefixed by its length.
 *
 * <pre>
 *  +--------------------+---------------------+--------------------+---------------------+----
 *  | length (int, BE)   | element codec bytes | length (int, BE)   | element codec bytes | ...
 *  +--------------------+---------------------+--------------------+---------------------+----
 * </pre>
 *
 * <p>Appending is RocksDB's merge: the column families' merge operator is {@code StringAppendOperator} with an
 * empty delimiter, which concatenates the stored value and the operands. An operand is one or more framed
 * elements, so any concatenation of operands is again a valid list value, and elements are binary-safe: no byte
 * of an element is ever taken for a separator (a delimiter-separated list would break on elements that contain
 * the delimiter). An append therefore reads nothing and rewrites nothing; RocksDB joins the operands when it
 * reads the list or compacts it.
 */
final class ListValueLayout
{
    /** Bytes of an element's length prefix. */
    static final int LENGTH_PREFIX = Integer.BYTES;

    private ListValueLayout()
    {
    }

    /** Writes an element's length prefix at {@code offset}; the codec bytes follow it. */
    static void putLength(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        buffer.putInt(offset, length, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param value  a list value.
     * @param offset where an element starts.
     * @param limit  where the value ends.
     * @return the element's codec byte count.
     * @throws IllegalStateException if the element runs past the value's end.
     */
    static int elementLength(final DirectBuffer value, final int offset, final int limit)
    {
        if (offset + LENGTH_PREFIX > limit)
        {
            throw malformed(offset, limit);
        }
        final int length = value.getInt(offset, ByteOrder.BIG_ENDIAN);
        if (length < 0 || (long)offset + LENGTH_PREFIX + length > limit)
        {
            throw malformed(offset, limit);
        }
        return length;
    }

    private static IllegalStateException malformed(final int offset, final int limit)
    {
        return new IllegalStateException("malformed list value: an element at offset=" + offset +
            " runs past the value's end=" + limit + "; expected length-prefixed elements");
    }
}

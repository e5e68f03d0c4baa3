package io.cairn.rocksdb;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The RocksDB value of a list: its elements, in order, each prefixed by its length as an unsigned varint (seven
 * bits a byte, low bits first, the high bit set on every byte but the last; the shortest such encoding).
 *
 * <pre>
 *  +-----------------+---------------------+-----------------+---------------------+----
 *  | length (varint) | element codec bytes | length (varint) | element codec bytes | ...
 *  +-----------------+---------------------+-----------------+---------------------+----
 * </pre>
 *
 * <p>A varint makes the framing of an element shorter than 128 bytes one byte, as small as a separator: a list
 * of {@code long}s takes 9 bytes an element, not 12, which keeps more lists in the memtable and the block cache.
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
    /** The most bytes of a length prefix: an int's 32 bits, seven a byte. */
    static final int MAX_PREFIX_LENGTH = 5;

    private ListValueLayout()
    {
    }

    /**
     * @param length an element's codec byte count, {@code >= 0}.
     * @return the bytes of its length prefix, 1 to {@value #MAX_PREFIX_LENGTH}.
     */
    static int prefixLength(final int length)
    {
        // Bits needed (at least one), seven a byte.
        return (38 - Integer.numberOfLeadingZeros(length | 1)) / 7;
    }

    /**
     * Writes an element's length prefix at {@code offset}; the codec bytes follow it.
     *
     * @return the prefix's length, {@link #prefixLength(int)} of {@code length}.
     */
    static int putLength(final MutableDirectBuffer buffer, final int offset, final int length)
    {
        int remaining = length;
        int position = offset;
        while ((remaining & ~0x7F) != 0)
        {
            buffer.putByte(position++, (byte)(remaining & 0x7F | 0x80));
            remaining >>>= 7;
        }
        buffer.putByte(position++, (byte)remaining);
        return position - offset;
    }

    /**
     * Reads the length prefix of an element; the element's codec bytes start {@link #prefixLength(int)} of the
     * result after {@code offset}.
     *
     * @param value  a list value.
     * @param offset where an element starts.
     * @param limit  where the value ends.
     * @return the element's codec byte count.
     * @throws IllegalStateException if the prefix is not the shortest varint of an int, or the element runs past
     * the value's end.
     */
    static int elementLength(final DirectBuffer value, final int offset, final int limit)
    {
        long length = 0;
        int position = offset;
        int shift = 0;
        while (true)
        {
            if (position >= limit || shift >= 7 * MAX_PREFIX_LENGTH)
            {
                throw malformed(offset, limit);
            }
            final byte b = value.getByte(position++);
            length |= (long)(b & 0x7F) << shift;
            shift += 7;
            if (b >= 0)
            {
                break;
            }
        }
        if (length > Integer.MAX_VALUE || position - offset != prefixLength((int)length) ||
            position + length > limit)
        {
            throw malformed(offset, limit);
        }
        return (int)length;
    }

    private static IllegalStateException malformed(final int offset, final int limit)
    {
        return new IllegalStateException("malformed list value: an element at offset=" + offset +
            " has no valid length prefix or runs past the value's end=" + limit +
            "; expected elements each prefixed by the shortest varint of its length");
    }
}

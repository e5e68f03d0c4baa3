package io.cairn.format;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** Variable-length integers (LEB128, unsigned) and strings in Agrona buffers, as the stream format uses them. */
final class Bytes
{
    private Bytes()
    {
    }

    /**
     * @return the offset after the written varint.
     */
    static int putVarInt(final MutableDirectBuffer buffer, final int offset, final int value)
    {
        int index = offset;
        int v = value;
        while ((v & ~0x7F) != 0)
        {
            buffer.putByte(index++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.putByte(index++, (byte)v);
        return index;
    }

    /** @return the bytes {@link #putVarInt} writes for {@code value}. */
    static int varIntLength(final int value)
    {
        int length = 1;
        int v = value >>> 7;
        while (v != 0)
        {
            length++;
            v >>>= 7;
        }
        return length;
    }

    /**
     * Reads a varint at {@code cursor[0]}, advancing it; fails if it runs past {@code limit} or is over 5 bytes.
     *
     * @return the value, or -1 if malformed.
     */
    static int getVarInt(final DirectBuffer buffer, final int[] cursor, final int limit)
    {
        int index = cursor[0];
        int value = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            if (index >= limit)
            {
                return -1;
            }
            final int b = buffer.getByte(index++);
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                cursor[0] = index;
                return value;
            }
        }
        return -1;
    }

    static int putString(final MutableDirectBuffer buffer, final int offset, final String value)
    {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        final int index = putVarInt(buffer, offset, bytes.length);
        buffer.putBytes(index, bytes);
        return index + bytes.length;
    }

    /** @return the string, or null if malformed. */
    static String getString(final DirectBuffer buffer, final int[] cursor, final int limit)
    {
        final int length = getVarInt(buffer, cursor, limit);
        if (length < 0 || cursor[0] + length > limit)
        {
            return null;
        }
        final byte[] bytes = new byte[length];
        buffer.getBytes(cursor[0], bytes);
        cursor[0] += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

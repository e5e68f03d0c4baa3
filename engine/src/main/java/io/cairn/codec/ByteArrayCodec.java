package io.cairn.codec;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code byte[]} values as their bytes. As keys they hash by content ({@link Arrays#hashCode(byte[])}); note that
 * Apache Flink refuses arrays as keys, so byte-array keys have no Flink counterpart.
 */
public final class ByteArrayCodec implements Codec<byte[]>
{
    /** The single instance. */
    public static final ByteArrayCodec INSTANCE = new ByteArrayCodec();

    private ByteArrayCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return VARIABLE_LENGTH;
    }

    @Override
    public int encodedLength(final byte[] value)
    {
        return value.length;
    }

    @Override
    public int encode(final byte[] value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putBytes(offset, value);
        return value.length;
    }

    @Override
    public byte[] decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] value = new byte[length];
        buffer.getBytes(offset, value);
        return value;
    }

    @Override
    public int hashCode(final byte[] value)
    {
        return Arrays.hashCode(value);
    }

    @Override
    public String codecId()
    {
        return "cairn.bytes";
    }
}

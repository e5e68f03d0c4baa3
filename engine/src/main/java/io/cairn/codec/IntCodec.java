package io.cairn.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** {@code int} values as 4 big-endian bytes. */
public final class IntCodec implements Codec<Integer>
{
    /** The single instance. */
    public static final IntCodec INSTANCE = new IntCodec();

    private IntCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return Integer.BYTES;
    }

    @Override
    public int encodedLength(final Integer value)
    {
        return Integer.BYTES;
    }

    @Override
    public int encode(final Integer value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, value, ByteOrder.BIG_ENDIAN);
        return Integer.BYTES;
    }

    @Override
    public Integer decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getInt(offset, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public String codecId()
    {
        return "cairn.int";
    }
}

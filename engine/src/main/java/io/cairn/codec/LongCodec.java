package io.cairn.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** {@code long} values as 8 big-endian bytes. */
public final class LongCodec implements Codec<Long>
{
    /** The single instance. */
    public static final LongCodec INSTANCE = new LongCodec();

    private LongCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return Long.BYTES;
    }

    @Override
    public int encodedLength(final Long value)
    {
        return Long.BYTES;
    }

    @Override
    public int encode(final Long value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, value, ByteOrder.BIG_ENDIAN);
        return Long.BYTES;
    }

    @Override
    public Long decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getLong(offset, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public String codecId()
    {
        return "cairn.long";
    }
}

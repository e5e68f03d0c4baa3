package io.cairn.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** {@code boolean} values as one byte, 1 for true and 0 for false. */
public final class BooleanCodec implements Codec<Boolean>
{
    /** The single instance. */
    public static final BooleanCodec INSTANCE = new BooleanCodec();

    private BooleanCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return 1;
    }

    @Override
    public int encodedLength(final Boolean value)
    {
        return 1;
    }

    @Override
    public int encode(final Boolean value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putByte(offset, value ? (byte)1 : (byte)0);
        return 1;
    }

    @Override
    public Boolean decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getByte(offset) != 0;
    }

    @Override
    public String codecId()
    {
        return "cairn.boolean";
    }
}

package io.cairn.codec;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code double} values as the 8 big-endian bytes of {@link Double#doubleToLongBits}, so every NaN encodes
 * the same and equal values (by {@link Double#equals}) encode to equal bytes.
 */
public final class DoubleCodec implements Codec<Double>
{
    /** The single instance. */
    public static final DoubleCodec INSTANCE = new DoubleCodec();

    private DoubleCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return Double.BYTES;
    }

    @Override
    public int encodedLength(final Double value)
    {
        return Double.BYTES;
    }

    @Override
    public int encode(final Double value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset, Double.doubleToLongBits(value), ByteOrder.BIG_ENDIAN);
        return Double.BYTES;
    }

    @Override
    public Double decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return Double.longBitsToDouble(buffer.getLong(offset, ByteOrder.BIG_ENDIAN));
    }

    @Override
    public String codecId()
    {
        return "cairn.double";
    }
}

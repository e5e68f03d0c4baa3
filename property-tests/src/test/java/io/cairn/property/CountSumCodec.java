package io.cairn.property;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** {@link CountSum} as 16 big-endian bytes: the count, then the sum. */
final class CountSumCodec implements Codec<CountSum>
{
    /** The single instance. */
    static final CountSumCodec INSTANCE = new CountSumCodec();

    private static final int COUNT_OFFSET = 0;
    private static final int SUM_OFFSET = COUNT_OFFSET + Long.BYTES;
    private static final int LENGTH = SUM_OFFSET + Long.BYTES;

    private CountSumCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return LENGTH;
    }

    @Override
    public int encodedLength(final CountSum value)
    {
        return LENGTH;
    }

    @Override
    public int encode(final CountSum value, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset + COUNT_OFFSET, value.count(), ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + SUM_OFFSET, value.sum(), ByteOrder.BIG_ENDIAN);
        return LENGTH;
    }

    @Override
    public CountSum decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return new CountSum(
            buffer.getLong(offset + COUNT_OFFSET, ByteOrder.BIG_ENDIAN),
            buffer.getLong(offset + SUM_OFFSET, ByteOrder.BIG_ENDIAN));
    }

    @Override
    public String codecId()
    {
        return "cairn.test.count-sum";
    }
}

package io.cairn.codec;

import java.nio.ByteOrder;
import java.util.List;

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

    /**
     * @param codec any codec.
     * @return true if it encodes as this one does (its id is this codec's): values it writes are 8 big-endian
     * bytes, which a backend may read and write as a primitive {@code long}.
     */
    public static boolean isLongCodec(final Codec<?> codec)
    {
        return INSTANCE.codecId().equals(codec.codecId());
    }

    /**
     * @param codecs codecs, e.g. a state descriptor's.
     * @return true if every one of them {@link #isLongCodec is a long codec}.
     */
    public static boolean allLongCodecs(final List<Codec<?>> codecs)
    {
        for (final Codec<?> codec : codecs)
        {
            if (!isLongCodec(codec))
            {
                return false;
            }
        }
        return true;
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

package io.cairn.codec;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The defaults of {@link Codec}, and the codec ids of the built-in codecs, which are recorded in snapshots and so
 * must never change.
 */
class CodecDefaultsTest
{
    @Test
    void shouldHashKeysByTheirOwnHashCodeAsFlinkDoes()
    {
        assertEquals(Long.valueOf(42L).hashCode(), LongCodec.INSTANCE.hashCode(42L));
        assertEquals(Long.valueOf(Long.MIN_VALUE).hashCode(), LongCodec.INSTANCE.hashCode(Long.MIN_VALUE));
        assertEquals(Integer.valueOf(-7).hashCode(), IntCodec.INSTANCE.hashCode(-7));
        assertEquals(Double.valueOf(2.5).hashCode(), DoubleCodec.INSTANCE.hashCode(2.5));
        assertEquals(Boolean.TRUE.hashCode(), BooleanCodec.INSTANCE.hashCode(true));
        assertEquals("hello".hashCode(), StringCodec.INSTANCE.hashCode("hello"));
        assertEquals("".hashCode(), StringCodec.INSTANCE.hashCode(""));
    }

    @Test
    void shouldKeepBuiltInCodecIds()
    {
        assertEquals("cairn.long", LongCodec.INSTANCE.codecId());
        assertEquals("cairn.int", IntCodec.INSTANCE.codecId());
        assertEquals("cairn.double", DoubleCodec.INSTANCE.codecId());
        assertEquals("cairn.boolean", BooleanCodec.INSTANCE.codecId());
        assertEquals("cairn.string-utf8", StringCodec.INSTANCE.codecId());
        assertEquals("cairn.bytes", ByteArrayCodec.INSTANCE.codecId());
        assertEquals("cairn.void", VoidNamespaceCodec.INSTANCE.codecId());
    }

    @Test
    void shouldGiveEveryBuiltInCodecADistinctId()
    {
        final List<Codec<?>> codecs = List.of(LongCodec.INSTANCE, IntCodec.INSTANCE, DoubleCodec.INSTANCE,
            BooleanCodec.INSTANCE, StringCodec.INSTANCE, ByteArrayCodec.INSTANCE, VoidNamespaceCodec.INSTANCE);
        final Set<String> ids = new HashSet<>();
        for (final Codec<?> codec : codecs)
        {
            assertTrue(ids.add(codec.codecId()), codec.codecId());
        }
    }

    @Test
    void shouldDefaultCodecIdToClassNameAndHashToHashCode()
    {
        final Codec<String> codec = new PlainUserCodec();

        assertEquals(PlainUserCodec.class.getName(), codec.codecId());
        assertEquals("abc".hashCode(), codec.hashCode("abc"));
    }

    /** A user codec that overrides nothing optional. */
    private static final class PlainUserCodec implements Codec<String>
    {
        @Override
        public int fixedLength()
        {
            return VARIABLE_LENGTH;
        }

        @Override
        public int encodedLength(final String value)
        {
            return StringCodec.INSTANCE.encodedLength(value);
        }

        @Override
        public int encode(final String value, final MutableDirectBuffer buffer, final int offset)
        {
            return StringCodec.INSTANCE.encode(value, buffer, offset);
        }

        @Override
        public String decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return StringCodec.INSTANCE.decode(buffer, offset, length);
        }
    }
}

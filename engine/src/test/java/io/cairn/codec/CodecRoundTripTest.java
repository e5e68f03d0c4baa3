package io.cairn.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every built-in codec, for a spread of values, encodes and decodes back at a non-zero offset, in a buffer over a
 * heap array and in one over direct memory, writing exactly {@code encodedLength} bytes and nothing outside them.
 */
class CodecRoundTripTest
{
    private static final int OFFSET = 13;
    private static final int SLACK = 16;
    private static final byte SENTINEL = (byte)0x5A;

    static Stream<Arguments> samples()
    {
        final List<Arguments> samples = new ArrayList<>();
        add(samples, LongCodec.INSTANCE, 0L, 1L, -1L, 42L, Long.MAX_VALUE, Long.MIN_VALUE, 0x0102030405060708L);
        add(samples, IntCodec.INSTANCE, 0, 1, -1, 42, Integer.MAX_VALUE, Integer.MIN_VALUE, 0x01020304);
        add(samples, DoubleCodec.INSTANCE, 0.0, -0.0, 1.5, -1.5, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, Math.PI);
        add(samples, BooleanCodec.INSTANCE, true, false);
        add(samples, StringCodec.INSTANCE, "", "a", "hello, world", "caf\u00e9", "\u00ff\u0100\u07ff",
            "\u0800\u6f22\u5b57\uffff", "\uD83D\uDE00", "mixed a\u00e9\u6f22\uD83D\uDE00z", "x".repeat(10_000));
        add(samples, ByteArrayCodec.INSTANCE, new byte[0], new byte[]{ 0 }, new byte[]{ 1, 2, 3, -1, -128, 127 },
            new byte[4096]);
        add(samples, VoidNamespaceCodec.INSTANCE, VoidNamespace.INSTANCE);
        return samples.stream();
    }

    @SafeVarargs
    private static <T> void add(final List<Arguments> samples, final Codec<T> codec, final T... values)
    {
        for (final T value : values)
        {
            for (final BufferKind kind : BufferKind.values())
            {
                samples.add(Arguments.of(codec.getClass().getSimpleName(), codec, value, kind));
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0} {3}")
    @MethodSource("samples")
    void shouldRoundTripAtNonZeroOffset(
        final String codecName, final Codec<Object> codec, final Object value, final BufferKind kind)
    {
        final int length = codec.encodedLength(value);
        final UnsafeBuffer buffer = kind.allocate(OFFSET + length + SLACK);
        buffer.setMemory(0, buffer.capacity(), SENTINEL);

        final int written = codec.encode(value, buffer, OFFSET);
        final Object decoded = codec.decode(buffer, OFFSET, written);

        assertEquals(length, written, codecName);
        assertNotNull(decoded);
        assertValueEquals(value, decoded);
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(SENTINEL, buffer.getByte(i), "byte before offset touched at " + i);
        }
        for (int i = OFFSET + length; i < buffer.capacity(); i++)
        {
            assertEquals(SENTINEL, buffer.getByte(i), "byte after value touched at " + i);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} {3}")
    @MethodSource("samples")
    void shouldHaveEncodedLengthEqualToFixedLengthWhenFixed(
        final String codecName, final Codec<Object> codec, final Object value, final BufferKind kind)
    {
        final int fixedLength = codec.fixedLength();
        assertTrue(fixedLength == Codec.VARIABLE_LENGTH || fixedLength >= 0, codecName);
        if (fixedLength != Codec.VARIABLE_LENGTH)
        {
            assertEquals(fixedLength, codec.encodedLength(value), codecName);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} {3}")
    @MethodSource("samples")
    void shouldEncodeEqualValuesToEqualBytesInEitherBuffer(
        final String codecName, final Codec<Object> codec, final Object value, final BufferKind kind)
    {
        final int length = codec.encodedLength(value);
        final UnsafeBuffer first = kind.allocate(OFFSET + length);
        final UnsafeBuffer second = BufferKind.values()[(kind.ordinal() + 1) % 2].allocate(length);

        codec.encode(value, first, OFFSET);
        codec.encode(copyOf(value), second, 0);

        final byte[] firstBytes = new byte[length];
        final byte[] secondBytes = new byte[length];
        first.getBytes(OFFSET, firstBytes);
        second.getBytes(0, secondBytes);
        assertArrayEquals(firstBytes, secondBytes, codecName);
    }

    @ParameterizedTest(name = "[{index}] {0} {3}")
    @MethodSource("samples")
    void shouldDecodeToValueIndependentOfTheBuffer(
        final String codecName, final Codec<Object> codec, final Object value, final BufferKind kind)
    {
        final int length = codec.encodedLength(value);
        final UnsafeBuffer buffer = kind.allocate(OFFSET + length);
        codec.encode(value, buffer, OFFSET);

        final Object decoded = codec.decode(buffer, OFFSET, length);
        buffer.setMemory(0, buffer.capacity(), (byte)0x33);

        assertValueEquals(value, decoded);
    }

    private static Object copyOf(final Object value)
    {
        if (value instanceof byte[])
        {
            return ((byte[])value).clone();
        }
        if (value instanceof String)
        {
            return new String(((String)value).toCharArray());
        }
        return value;
    }

    private static void assertValueEquals(final Object expected, final Object actual)
    {
        if (expected instanceof byte[])
        {
            assertArrayEquals((byte[])expected, (byte[])actual);
        }
        else
        {
            assertTrue(Objects.equals(expected, actual), "expected=" + expected + ", actual=" + actual);
        }
    }

    /** The two kinds of memory a backend may hand a codec. */
    enum BufferKind
    {
        HEAP(capacity -> new UnsafeBuffer(new byte[capacity])),
        DIRECT(capacity -> new UnsafeBuffer(ByteBuffer.allocateDirect(capacity)));

        private final Function<Integer, UnsafeBuffer> allocator;

        BufferKind(final Function<Integer, UnsafeBuffer> allocator)
        {
            this.allocator = allocator;
        }

        UnsafeBuffer allocate(final int capacity)
        {
            return allocator.apply(Math.max(capacity, 1));
        }
    }
}

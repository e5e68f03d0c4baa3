package io.cairn.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** {@link ByteArrayCodec}: arrays are keys by content, and decoding hands out a fresh array. */
class ByteArrayCodecTest
{
    @Test
    void shouldHashByContent()
    {
        final byte[] a = { 1, 2, 3 };
        final byte[] b = { 1, 2, 3 };

        assertNotSame(a, b);
        assertEquals(ByteArrayCodec.INSTANCE.hashCode(a), ByteArrayCodec.INSTANCE.hashCode(b));
        assertEquals(Arrays.hashCode(a), ByteArrayCodec.INSTANCE.hashCode(a));
        assertNotEquals(ByteArrayCodec.INSTANCE.hashCode(a), ByteArrayCodec.INSTANCE.hashCode(new byte[]{ 1, 2, 4 }));
        assertEquals(Arrays.hashCode(new byte[0]), ByteArrayCodec.INSTANCE.hashCode(new byte[0]));
    }

    @Test
    void shouldWriteTheArrayBytesVerbatim()
    {
        final byte[] value = { 9, -1, 0, 127, -128 };
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(16));

        assertEquals(value.length, ByteArrayCodec.INSTANCE.encodedLength(value));
        assertEquals(value.length, ByteArrayCodec.INSTANCE.encode(value, buffer, 3));
        final byte[] raw = new byte[value.length];
        buffer.getBytes(3, raw);
        assertArrayEquals(value, raw);
    }

    @Test
    void shouldDecodeIntoAFreshArray()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        ByteArrayCodec.INSTANCE.encode(new byte[]{ 4, 5, 6 }, buffer, 2);

        final byte[] first = ByteArrayCodec.INSTANCE.decode(buffer, 2, 3);
        first[0] = 99;
        final byte[] second = ByteArrayCodec.INSTANCE.decode(buffer, 2, 3);

        assertArrayEquals(new byte[]{ 4, 5, 6 }, second);
        assertNotSame(first, second);
    }

    @Test
    void shouldDecodeEmptyArray()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4]);

        assertEquals(0, ByteArrayCodec.INSTANCE.encode(new byte[0], buffer, 4));
        assertArrayEquals(new byte[0], ByteArrayCodec.INSTANCE.decode(buffer, 4, 0));
    }
}

package io.cairn.codec;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The exact bytes of the fixed-length codecs. They are part of the snapshot format, so they are pinned here:
 * big-endian numbers (so encoded keys sort like unsigned numbers and match Flink's serializers), one byte per
 * boolean, zero bytes for the void namespace.
 */
class FixedLengthCodecTest
{
    private static final int OFFSET = 5;

    @Test
    void shouldDeclareFixedLengths()
    {
        assertEquals(8, LongCodec.INSTANCE.fixedLength());
        assertEquals(4, IntCodec.INSTANCE.fixedLength());
        assertEquals(8, DoubleCodec.INSTANCE.fixedLength());
        assertEquals(1, BooleanCodec.INSTANCE.fixedLength());
        assertEquals(0, VoidNamespaceCodec.INSTANCE.fixedLength());
        assertEquals(Codec.VARIABLE_LENGTH, StringCodec.INSTANCE.fixedLength());
        assertEquals(Codec.VARIABLE_LENGTH, ByteArrayCodec.INSTANCE.fixedLength());
    }

    @Test
    void shouldEncodeLongBigEndian()
    {
        assertArrayEquals(new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8 }, encodeLong(0x0102030405060708L));
        assertArrayEquals(new byte[]{ 0, 0, 0, 0, 0, 0, 0, 1 }, encodeLong(1L));
        assertArrayEquals(new byte[]{ -1, -1, -1, -1, -1, -1, -1, -1 }, encodeLong(-1L));
        assertArrayEquals(new byte[]{ (byte)0x80, 0, 0, 0, 0, 0, 0, 0 }, encodeLong(Long.MIN_VALUE));
    }

    @Test
    void shouldEncodeIntBigEndian()
    {
        assertArrayEquals(new byte[]{ 1, 2, 3, 4 }, encodeInt(0x01020304));
        assertArrayEquals(new byte[]{ 0, 0, 0, 1 }, encodeInt(1));
        assertArrayEquals(new byte[]{ -1, -1, -1, -1 }, encodeInt(-1));
        assertArrayEquals(new byte[]{ (byte)0x80, 0, 0, 0 }, encodeInt(Integer.MIN_VALUE));
    }

    @Test
    void shouldDecodeBigEndianLongAndIntWrittenByHand()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + 8));
        buffer.putBytes(OFFSET, new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8 });

        assertEquals(0x0102030405060708L, LongCodec.INSTANCE.decode(buffer, OFFSET, 8));
        assertEquals(0x01020304, IntCodec.INSTANCE.decode(buffer, OFFSET, 4));
    }

    @Test
    void shouldEncodeDoubleAsBigEndianLongBits()
    {
        assertArrayEquals(encodeLong(Double.doubleToLongBits(1.5)), encodeDouble(1.5));
        assertArrayEquals(new byte[]{ 0x3F, (byte)0xF8, 0, 0, 0, 0, 0, 0 }, encodeDouble(1.5));
    }

    @Test
    void shouldEncodeEveryNaNToTheSameBytes()
    {
        final double otherNaN = Double.longBitsToDouble(0x7FF0_0000_0000_0001L);
        assertTrue(Double.isNaN(otherNaN));

        assertArrayEquals(encodeDouble(Double.NaN), encodeDouble(otherNaN));
        assertTrue(Double.isNaN(decodeDouble(encodeDouble(otherNaN))));
    }

    @Test
    void shouldKeepNegativeZeroDistinctFromZero()
    {
        final byte[] negativeZero = encodeDouble(-0.0);

        assertFalse(Arrays.equals(encodeDouble(0.0), negativeZero));
        assertEquals(Double.valueOf(-0.0), decodeDouble(negativeZero));
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(decodeDouble(negativeZero)));
    }

    @Test
    void shouldEncodeBooleanAsOneByte()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + 1]);

        assertEquals(1, BooleanCodec.INSTANCE.encode(true, buffer, OFFSET));
        assertEquals(1, buffer.getByte(OFFSET));
        assertEquals(1, BooleanCodec.INSTANCE.encode(false, buffer, OFFSET));
        assertEquals(0, buffer.getByte(OFFSET));
    }

    @Test
    void shouldEncodeVoidNamespaceToNoBytes()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[]{ 7, 7 });

        assertEquals(0, VoidNamespaceCodec.INSTANCE.encodedLength(VoidNamespace.INSTANCE));
        assertEquals(0, VoidNamespaceCodec.INSTANCE.encode(VoidNamespace.INSTANCE, buffer, 1));
        assertEquals(7, buffer.getByte(0));
        assertEquals(7, buffer.getByte(1));
        assertSame(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE.decode(buffer, 1, 0));
    }

    private static byte[] encodeLong(final long value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + 8]);
        assertEquals(8, LongCodec.INSTANCE.encode(value, buffer, OFFSET));
        return bytesAt(buffer, 8);
    }

    private static byte[] encodeInt(final int value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + 4));
        assertEquals(4, IntCodec.INSTANCE.encode(value, buffer, OFFSET));
        return bytesAt(buffer, 4);
    }

    private static byte[] encodeDouble(final double value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + 8]);
        assertEquals(8, DoubleCodec.INSTANCE.encode(value, buffer, OFFSET));
        return bytesAt(buffer, 8);
    }

    private static Double decodeDouble(final byte[] bytes)
    {
        return DoubleCodec.INSTANCE.decode(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static byte[] bytesAt(final UnsafeBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(OFFSET, bytes);
        return bytes;
    }
}

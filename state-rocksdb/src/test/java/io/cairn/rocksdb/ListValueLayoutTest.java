package io.cairn.rocksdb;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The varint framing of list elements: lengths at every prefix size, and every malformed prefix refused. */
class ListValueLayoutTest
{
    @Test
    void shouldFrameEveryLengthWithTheShortestVarintAndReadItBack()
    {
        final int[] lengths = { 0, 1, 8, 127, 128, 129, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455,
            268_435_456, Integer.MAX_VALUE };
        final int[] prefixes = { 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5 };
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(prefixes[i], ListValueLayout.prefixLength(lengths[i]), "prefix of " + lengths[i]);
            assertEquals(prefixes[i], ListValueLayout.putLength(buffer, 1, lengths[i]), "written for " + lengths[i]);
            // A limit just past the element's bytes: they are all there.
            final long end = 1L + prefixes[i] + lengths[i];
            if (end <= Integer.MAX_VALUE)
            {
                assertEquals(lengths[i], ListValueLayout.elementLength(buffer, 1, (int)end), "read for " + lengths[i]);
            }
            else
            {
                final int length = lengths[i];
                assertThrows(IllegalStateException.class,
                    () -> ListValueLayout.elementLength(buffer, 1, Integer.MAX_VALUE), "no room for " + length);
            }
        }
    }

    @Test
    void shouldTakeEightByteElementsWithAOneBytePrefix()
    {
        final UnsafeBuffer value = new UnsafeBuffer(new byte[18]);
        int offset = 0;
        for (long element = 1; element <= 2; element++)
        {
            offset += ListValueLayout.putLength(value, offset, Long.BYTES);
            value.putLong(offset, element);
            offset += Long.BYTES;
        }
        assertEquals(18, offset);
        assertEquals(Long.BYTES, ListValueLayout.elementLength(value, 9, 18));
    }

    @Test
    void shouldRefuseTruncatedOverlongAndNonMinimalPrefixesAndElementsPastTheEnd()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        // A continuation bit on the last byte of the value.
        buffer.putByte(0, (byte)0x85);
        assertMalformed(buffer, 0, 1);
        // Six bytes: more than an int.
        for (int i = 0; i < 5; i++)
        {
            buffer.putByte(i, (byte)0xFF);
        }
        buffer.putByte(5, (byte)0x01);
        assertMalformed(buffer, 0, 16);
        // Five bytes whose value exceeds Integer.MAX_VALUE.
        buffer.putByte(4, (byte)0x0F);
        assertMalformed(buffer, 0, 16);
        // 5 in two bytes instead of one.
        buffer.putByte(0, (byte)0x85);
        buffer.putByte(1, (byte)0x00);
        assertMalformed(buffer, 0, 16);
        // Ten bytes announced, four there.
        buffer.putByte(0, (byte)10);
        assertMalformed(buffer, 0, 5);
        // A version-1 prefix (4-byte big-endian 8) reads as an empty element, then as garbage: the reason for the
        // version in the column family names.
        buffer.putInt(0, 8, java.nio.ByteOrder.BIG_ENDIAN);
        assertEquals(0, ListValueLayout.elementLength(buffer, 0, 12));
    }

    private static void assertMalformed(final UnsafeBuffer buffer, final int offset, final int limit)
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> ListValueLayout.elementLength(buffer, offset, limit));
        assertTrue(ex.getMessage().contains("offset=" + offset), ex.getMessage());
    }
}

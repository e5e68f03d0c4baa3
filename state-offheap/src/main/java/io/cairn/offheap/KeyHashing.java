package io.cairn.offheap;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The 64-bit hash of composite keys inside the store: eight bytes at a time, multiply-rotate mixing, and the
 * MurmurHash3 finalizer. Only used in memory (never persisted), so it may change between versions.
 */
final class KeyHashing
{
    private static final long SEED = 0x2545F4914F6CDD1DL;
    private static final long C1 = 0x87C37B91114253D5L;
    private static final long C2 = 0x4CF5AD432745937FL;

    private KeyHashing()
    {
    }

    /**
     * @param buffer holds the bytes from index 0.
     * @param length how many bytes.
     * @return their hash.
     */
    static long hash(final DirectBuffer buffer, final int length)
    {
        long h = SEED ^ (length * C2);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = mix(h, buffer.getLong(i));
        }
        if (i < length)
        {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8)
            {
                tail |= (buffer.getByte(i) & 0xFFL) << shift;
            }
            h = mix(h, tail);
        }
        return finish(h);
    }

    /**
     * The same hash as {@link #hash(DirectBuffer, int)} of bytes held off-heap.
     *
     * @param address where the bytes start.
     * @param length  how many bytes.
     * @return their hash.
     */
    static long hash(final long address, final int length)
    {
        long h = SEED ^ (length * C2);
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = mix(h, UnsafeApi.getLong(address + i));
        }
        if (i < length)
        {
            long tail = 0;
            for (int shift = 0; i < length; i++, shift += 8)
            {
                tail |= (UnsafeApi.getByte(address + i) & 0xFFL) << shift;
            }
            h = mix(h, tail);
        }
        return finish(h);
    }

    private static long mix(final long h, final long word)
    {
        return Long.rotateLeft(h ^ (word * C1), 31) * C2;
    }

    private static long finish(final long h)
    {
        long x = h;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }
}

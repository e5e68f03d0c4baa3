package io.cairn.examples.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SkewedKeyStreamTest
{
    @Test
    void shouldGiveTheSameKeyAtAPositionWhateverTheReader()
    {
        final SkewedKeyStream stream = new SkewedKeyStream(1000, 100_000, 3);
        final SkewedKeyStream again = new SkewedKeyStream(1000, 100_000, 3);
        for (long position = 99_999; position >= 0; position -= 7)
        {
            assertEquals(stream.keyAt(position), again.keyAt(position), "position " + position);
        }
    }

    @Test
    void shouldGiveAnotherStreamForAnotherSeed()
    {
        final SkewedKeyStream one = new SkewedKeyStream(1000, 1000, 1);
        final SkewedKeyStream two = new SkewedKeyStream(1000, 1000, 2);
        int same = 0;
        for (long position = 0; position < 1000; position++)
        {
            same += one.keyAt(position) == two.keyAt(position) ? 1 : 0;
        }
        assertTrue(same < 200, same + " of 1000 positions have the same key");
    }

    @Test
    void shouldDrawKeysWithZipfsLaw()
    {
        final int keys = 100;
        final int events = 1_000_000;
        final SkewedKeyStream stream = new SkewedKeyStream(keys, events, 11);
        final long[] counts = new long[keys];
        for (long position = 0; position < events; position++)
        {
            final int key = stream.keyAt(position);
            assertTrue(key >= 0 && key < keys, "key " + key);
            counts[key]++;
        }
        double harmonic = 0;
        for (int rank = 0; rank < keys; rank++)
        {
            harmonic += 1.0 / (rank + 1);
        }
        for (final int rank : new int[] { 0, 1, 2, 9, 99 })
        {
            final double expected = events / (harmonic * (rank + 1));
            assertEquals(expected, counts[rank], expected * 0.05, "key " + rank);
        }
    }

    @Test
    void shouldDrawTheOnlyKeyOfAOneKeyStream()
    {
        final SkewedKeyStream stream = new SkewedKeyStream(1, 10, 5);
        for (long position = 0; position < 10; position++)
        {
            assertEquals(0, stream.keyAt(position));
        }
    }
}

package io.cairn.format;

import java.io.IOException;
import java.util.Arrays;

import io.cairn.snapshot.CorruptedStateException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.cairn.format.StreamTestSupport.readAll;
import static io.cairn.format.StreamTestSupport.resourceBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every damage to a stream is found before its content is used, in every format version this build reads: each
 * flipped bit of each byte and each truncation of the golden files, the version-2 one with a delta partition and
 * deletes, fails with a {@link CorruptedStateException} that names the stream and an offset inside it. The
 * backends' snapshot contract tests check the same through a restore, on the streams they write.
 */
class StreamCorruptionTest
{
    private static final String NAME = "damaged.cstream";

    @ParameterizedTest
    @ValueSource(strings = { "/golden/keyed-state-v1.cstream", GoldenStreamV2Test.GOLDEN })
    void shouldDetectEveryFlippedBitNamingTheStreamAndAnOffset(final String golden) throws IOException
    {
        final byte[] good = resourceBytes(golden);
        readAll(NAME, good);
        for (int offset = 0; offset < good.length; offset++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                final byte[] bad = good.clone();
                bad[offset] ^= (byte)(1 << bit);
                expectCorruption(bad, golden + " with bit " + bit + " of byte " + offset + " flipped", good.length);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "/golden/keyed-state-v1.cstream", GoldenStreamV2Test.GOLDEN })
    void shouldDetectEveryTruncationNamingTheStreamAndAnOffset(final String golden) throws IOException
    {
        final byte[] good = resourceBytes(golden);
        for (int length = 0; length < good.length; length++)
        {
            expectCorruption(Arrays.copyOf(good, length), golden + " truncated to " + length + " bytes", good.length);
        }
    }

    private static void expectCorruption(final byte[] bytes, final String what, final int goodLength)
    {
        final CorruptedStateException ex =
            assertThrows(CorruptedStateException.class, () -> readAll(NAME, bytes), what + " was not detected");
        assertEquals(NAME, ex.getStream(), what);
        assertTrue(ex.getMessage().startsWith(NAME + " at offset " + ex.getOffset() + ": "),
            what + ": " + ex.getMessage());
        assertTrue(ex.getOffset() >= 0 && ex.getOffset() <= goodLength, what + ": offset " + ex.getOffset());
    }
}

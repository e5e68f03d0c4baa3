package io.cairn.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;

import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CorruptedStateException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.cairn.format.StreamTestSupport.goldenStates;
import static io.cairn.format.StreamTestSupport.indexOffset;
import static io.cairn.format.StreamTestSupport.refreshFooterCrc;
import static io.cairn.format.StreamTestSupport.resourceBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer writes the current version; the reader reads versions 1 and 2 and refuses newer ones as such. */
class StreamVersionTest
{
    @Test
    void shouldWriteVersionTwo() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        new StateStreamWriter(out, StreamMeta.keyed(
            1L, 1L, 128, KeyGroupRange.of(0, 127), LongCodec.INSTANCE, goldenStates())).finish();
        assertEquals(2, StreamFormat.VERSION);
        assertEquals(StreamFormat.VERSION,
            new UnsafeBuffer(out.toByteArray()).getInt(StreamFormat.VERSION_OFFSET, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void shouldRefuseANewerVersionNamingIt() throws IOException
    {
        final byte[] stream = resourceBytes(GoldenStreamV2Test.GOLDEN);
        new UnsafeBuffer(stream).putInt(StreamFormat.VERSION_OFFSET, 3, ByteOrder.BIG_ENDIAN);
        refreshFooterCrc(stream);
        expectNewer(stream);
    }

    @Test
    void shouldRefuseANewerVersionAsNewerEvenIfItsIndexEntriesHaveAnotherLength() throws IOException
    {
        // A version 3 whose index entries are one byte longer: the index no longer divides into 21-byte entries.
        final byte[] good = resourceBytes(GoldenStreamV2Test.GOLDEN);
        final int footerOffset = good.length - StreamFormat.FOOTER_LENGTH;
        final byte[] stream = new byte[good.length + 1];
        System.arraycopy(good, 0, stream, 0, footerOffset);
        System.arraycopy(good, footerOffset, stream, footerOffset + 1, StreamFormat.FOOTER_LENGTH);
        final UnsafeBuffer bytes = new UnsafeBuffer(stream);
        bytes.putInt(StreamFormat.VERSION_OFFSET, 3, ByteOrder.BIG_ENDIAN);
        bytes.putLong(footerOffset + 1 + StreamFormat.FOOTER_TOTAL_LENGTH_OFFSET, stream.length, ByteOrder.BIG_ENDIAN);
        refreshFooterCrc(stream);
        expectNewer(stream);
    }

    @Test
    void shouldRejectAVersionTwoStreamLabelledVersionOne() throws IOException
    {
        final byte[] stream = resourceBytes(GoldenStreamV2Test.GOLDEN);
        new UnsafeBuffer(stream).putInt(StreamFormat.VERSION_OFFSET, StreamFormat.VERSION_1, ByteOrder.BIG_ENDIAN);
        refreshFooterCrc(stream);
        final CorruptedStateException ex = assertThrows(CorruptedStateException.class,
            () -> StateStreamReader.open(new ByteStreamStateHandle("relabelled", stream)));
        assertEquals(indexOffset(stream), ex.getOffset());
        assertTrue(ex.getMessage().contains("entries of 20 bytes in format version 1"), ex.getMessage());
    }

    private static void expectNewer(final byte[] stream)
    {
        final CorruptedStateException ex = assertThrows(CorruptedStateException.class,
            () -> StateStreamReader.open(new ByteStreamStateHandle("newer", stream)));
        assertEquals(StreamFormat.VERSION_OFFSET, ex.getOffset());
        assertEquals("newer at offset 8: format version 3 is newer than this build reads (up to 2); upgrade Cairn " +
            "to read it", ex.getMessage());
    }
}

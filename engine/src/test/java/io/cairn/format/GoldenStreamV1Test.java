package io.cairn.format;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.cairn.format.StreamTestSupport.goldenStates;
import static io.cairn.format.StreamTestSupport.readAll;
import static io.cairn.format.StreamTestSupport.resourceBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The golden file of format version 1 ({@code docs/format.md}): this build must still read it. The file is frozen:
 * it was written by the version-1 writer (the commit that added it, {@code c1fe409}, has the test that wrote it
 * byte for byte), and this build's writer writes version 2 ({@link GoldenStreamV2Test}), so it can no longer be
 * regenerated, only kept. A failure here means version-1 streams no longer read: a bug, not a test to update.
 */
class GoldenStreamV1Test
{
    private static final String GOLDEN = "/golden/keyed-state-v1.cstream";

    @Test
    void shouldReadTheVersionOneGoldenFile() throws IOException
    {
        final byte[] golden = resourceBytes(GOLDEN);
        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle("keyed-state-v1", golden)))
        {
            final StreamMeta meta = reader.meta();
            assertEquals(StreamFormat.KIND_KEYED, meta.kind());
            assertEquals(42L, meta.checkpointId());
            assertEquals(1_700_000_000_000L, meta.timestamp());
            assertEquals(128, meta.numberOfKeyGroups());
            assertEquals(KeyGroupRange.of(0, 127), meta.keyGroupRange());
            assertEquals(new CodecInfo("cairn.long", 8), meta.keyCodec());
            assertEquals(goldenStates(), meta.states());
            assertArrayEquals(new int[] { 3, 77 }, reader.partitions());
        }
        assertEquals(expectedEntries(), readAll("keyed-state-v1", golden));
    }

    @Test
    void shouldReadEveryPartitionOfVersionOneAsFull() throws IOException
    {
        final byte[] golden = resourceBytes(GOLDEN);
        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle("keyed-state-v1", golden)))
        {
            assertFalse(reader.isDeltaPartition(3));
            assertFalse(reader.isDeltaPartition(77));
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> reader.isDeltaPartition(50));
            assertEquals("partition=50 has no section in keyed-state-v1; expected one of its partitions [3, 77]",
                ex.getMessage());
        }
    }

    @Test
    void shouldStartAndEndWithTheMagicAndSayVersionOne() throws IOException
    {
        final byte[] golden = resourceBytes(GOLDEN);
        final UnsafeBuffer bytes = new UnsafeBuffer(golden);
        assertEquals(StreamFormat.MAGIC, bytes.getLong(0, ByteOrder.BIG_ENDIAN));
        assertEquals(StreamFormat.MAGIC, bytes.getLong(bytes.capacity() - 8, ByteOrder.BIG_ENDIAN));
        assertEquals("CAIRNST1", new String(golden, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(StreamFormat.VERSION_1, bytes.getInt(StreamFormat.VERSION_OFFSET, ByteOrder.BIG_ENDIAN));
        assertFalse(bytes.capacity() < StreamFormat.MIN_STREAM_LENGTH);
    }

    /** Version 1 has no ops: its entries are puts, state index 1 included (a tag that is odd in version 2). */
    private static List<String> expectedEntries()
    {
        return List.of(
            "3:FULL:PUT:0|key=0000000000000001|ns=|value=000000000000002a",
            "3:FULL:PUT:1|key=0000000000000001|ns=77696e646f772d31|value=636c69636b",
            "3:FULL:PUT:1|key=0000000000000001|ns=77696e646f772d31|value=76696577",
            "3:FULL:PUT:2|key=0000000000000001|ns=0000000000000007|userKey=65757273|value=0000000000000064",
            "77:FULL:PUT:0|key=ffffffffffffffff|ns=|value=8000000000000000",
            "77:FULL:PUT:2|key=ffffffffffffffff|ns=0000000000000000|userKey=|value=0000000000000000");
    }
}

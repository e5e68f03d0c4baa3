package io.cairn.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.cairn.format.StreamTestSupport.COUNT;
import static io.cairn.format.StreamTestSupport.EVENTS;
import static io.cairn.format.StreamTestSupport.TOTALS;
import static io.cairn.format.StreamTestSupport.goldenStates;
import static io.cairn.format.StreamTestSupport.indexOffset;
import static io.cairn.format.StreamTestSupport.longBytes;
import static io.cairn.format.StreamTestSupport.readAll;
import static io.cairn.format.StreamTestSupport.resourceBytes;
import static io.cairn.format.StreamTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden file of format version 2 ({@code docs/format.md}): two full partitions and a delta partition with puts
 * and deletes of a value, a list and a map state. This build must read it, and must write exactly it from the same
 * content ({@link #writeGoldenContent()}). A failure here means the format changed: that is a decision (a new
 * version, a new golden file, and the old ones kept and still read), not a test to update.
 *
 * <p>To regenerate the file, for a new version only, run from the repository root:
 * {@code mvn -o -pl engine test -Dtest=GoldenStreamV2Test
 * -Dcairn.golden.write=$PWD/engine/src/test/resources/golden/keyed-state-v2.cstream}; the write test then writes
 * what it produced to that path before comparing.
 */
class GoldenStreamV2Test
{
    static final String GOLDEN = "/golden/keyed-state-v2.cstream";

    @Test
    void shouldReadTheVersionTwoGoldenFile() throws IOException
    {
        final byte[] golden = resourceBytes(GOLDEN);
        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle("keyed-state-v2", golden)))
        {
            final StreamMeta meta = reader.meta();
            assertEquals(StreamFormat.KIND_KEYED, meta.kind());
            assertEquals(43L, meta.checkpointId());
            assertEquals(1_700_000_060_000L, meta.timestamp());
            assertEquals(128, meta.numberOfKeyGroups());
            assertEquals(KeyGroupRange.of(0, 127), meta.keyGroupRange());
            assertEquals(new CodecInfo("cairn.long", 8), meta.keyCodec());
            assertEquals(goldenStates(), meta.states());
            assertArrayEquals(new int[] { 3, 64, 77 }, reader.partitions());
            assertFalse(reader.isDeltaPartition(3));
            assertTrue(reader.isDeltaPartition(64));
            assertFalse(reader.isDeltaPartition(77));
            assertFalse(reader.hasPartition(50), "a full partition without entries has no section");
            assertFalse(reader.hasPartition(60), "a delta partition without entries has no section");
        }
        assertEquals(expectedEntries(), readAll("keyed-state-v2", golden));
    }

    @Test
    void shouldWriteTheVersionTwoGoldenFileByteForByte() throws IOException
    {
        final byte[] written = writeGoldenContent();
        final String target = System.getProperty("cairn.golden.write");
        if (target != null)
        {
            Files.write(Path.of(target), written);
        }
        assertArrayEquals(resourceBytes(GOLDEN), written,
            "the writer no longer produces format version 2 byte for byte");
    }

    @Test
    void shouldStartAndEndWithTheMagicAndHaveAKindInEachIndexEntry() throws IOException
    {
        final byte[] golden = resourceBytes(GOLDEN);
        final UnsafeBuffer bytes = new UnsafeBuffer(golden);
        assertEquals("CAIRNST1", new String(golden, 0, 8, StandardCharsets.US_ASCII));
        assertEquals(StreamFormat.MAGIC, bytes.getLong(bytes.capacity() - 8, ByteOrder.BIG_ENDIAN));
        assertEquals(2, bytes.getInt(StreamFormat.VERSION_OFFSET, ByteOrder.BIG_ENDIAN));

        final int index = indexOffset(golden);
        assertEquals(4 + 3 * StreamFormat.INDEX_ENTRY_LENGTH, golden.length - StreamFormat.FOOTER_LENGTH - index);
        assertEquals(3, bytes.getInt(index, ByteOrder.BIG_ENDIAN));
        final int[] partitions = { 3, 64, 77 };
        final int[] kinds = { StreamFormat.PARTITION_FULL, StreamFormat.PARTITION_DELTA, StreamFormat.PARTITION_FULL };
        for (int i = 0; i < partitions.length; i++)
        {
            final int at = index + 4 + i * StreamFormat.INDEX_ENTRY_LENGTH;
            assertEquals(partitions[i], bytes.getInt(at + StreamFormat.INDEX_PARTITION_OFFSET, ByteOrder.BIG_ENDIAN));
            assertEquals(kinds[i], bytes.getByte(at + StreamFormat.INDEX_KIND_OFFSET));
        }
    }

    private static List<String> expectedEntries()
    {
        return List.of(
            "3:FULL:PUT:0|key=0000000000000001|ns=|value=000000000000002a",
            "3:FULL:PUT:1|key=0000000000000001|ns=77696e646f772d31|value=636c69636b",
            "3:FULL:PUT:1|key=0000000000000001|ns=77696e646f772d31|value=76696577",
            "3:FULL:PUT:2|key=0000000000000001|ns=0000000000000007|userKey=65757273|value=0000000000000064",
            "3:FULL:PUT:2|key=0000000000000001|ns=0000000000000007|userKey=757364|value=0000000000000005",
            "64:DELTA:PUT:0|key=0000000000000002|ns=|value=000000000000002b",
            "64:DELTA:DELETE:0|key=0000000000000003|ns=",
            "64:DELTA:DELETE:1|key=0000000000000002|ns=77696e646f772d31",
            "64:DELTA:PUT:1|key=0000000000000002|ns=77696e646f772d31|value=7363726f6c6c",
            "64:DELTA:PUT:1|key=0000000000000002|ns=77696e646f772d31|value=636c69636b",
            "64:DELTA:PUT:1|key=0000000000000004|ns=77696e646f772d32|value=76696577",
            "64:DELTA:DELETE:1|key=0000000000000005|ns=77696e646f772d31",
            "64:DELTA:PUT:2|key=0000000000000002|ns=0000000000000007|userKey=757364|value=0000000000000006",
            "64:DELTA:DELETE:2|key=0000000000000002|ns=0000000000000007|userKey=65757273",
            "64:DELTA:DELETE:2|key=0000000000000006|ns=0000000000000000|userKey=",
            "77:FULL:PUT:0|key=ffffffffffffffff|ns=|value=8000000000000000",
            "77:FULL:PUT:1|key=ffffffffffffffff|ns=|value=",
            "77:FULL:PUT:2|key=ffffffffffffffff|ns=0000000000000000|userKey=|value=0000000000000000");
    }

    /** The content of the golden file; deterministic, as the writer is. */
    static byte[] writeGoldenContent() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StreamMeta meta = StreamMeta.keyed(
            43L, 1_700_000_060_000L, 128, KeyGroupRange.of(0, 127), LongCodec.INSTANCE, goldenStates());
        final StateStreamWriter writer = new StateStreamWriter(out, meta);
        final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
        final UnsafeBuffer window1 = utf8("window-1");
        final UnsafeBuffer window2 = utf8("window-2");

        writer.beginPartition(3);
        writer.writeEntry(COUNT, longBytes(1), 0, 8, empty, 0, 0, longBytes(42), 0, 8);
        putElement(writer, 1, window1, "click");
        putElement(writer, 1, window1, "view");
        writer.writeMapEntry(TOTALS, longBytes(1), 0, 8, longBytes(7), 0, 8, utf8("eurs"), 0, 4, longBytes(100), 0, 8);
        writer.writeMapEntry(TOTALS, longBytes(1), 0, 8, longBytes(7), 0, 8, utf8("usd"), 0, 3, longBytes(5), 0, 8);
        writer.endPartition();

        writer.beginPartition(50);
        writer.endPartition();
        writer.beginDeltaPartition(60);
        writer.endPartition();

        writer.beginDeltaPartition(64);
        // A value updated, a value removed.
        writer.writeEntry(COUNT, longBytes(2), 0, 8, empty, 0, 0, longBytes(43), 0, 8);
        writer.writeDelete(COUNT, longBytes(3), 0, 8, empty, 0, 0);
        // A list replaced, a list appended to, a list cleared.
        writer.writeDelete(EVENTS, longBytes(2), 0, 8, window1, 0, window1.capacity());
        putElement(writer, 2, window1, "scroll");
        putElement(writer, 2, window1, "click");
        putElement(writer, 4, window2, "view");
        writer.writeDelete(EVENTS, longBytes(5), 0, 8, window1, 0, window1.capacity());
        // A map entry put, a map entry removed, a map entry with an empty map key removed.
        writer.writeMapEntry(TOTALS, longBytes(2), 0, 8, longBytes(7), 0, 8, utf8("usd"), 0, 3, longBytes(6), 0, 8);
        writer.writeMapDelete(TOTALS, longBytes(2), 0, 8, longBytes(7), 0, 8, utf8("eurs"), 0, 4);
        writer.writeMapDelete(TOTALS, longBytes(6), 0, 8, longBytes(0), 0, 8, empty, 0, 0);
        writer.endPartition();

        writer.beginPartition(77);
        writer.writeEntry(COUNT, longBytes(-1), 0, 8, empty, 0, 0, longBytes(Long.MIN_VALUE), 0, 8);
        writer.writeEntry(EVENTS, longBytes(-1), 0, 8, empty, 0, 0, empty, 0, 0);
        writer.writeMapEntry(TOTALS, longBytes(-1), 0, 8, longBytes(0), 0, 8, empty, 0, 0, longBytes(0), 0, 8);
        writer.endPartition();
        final long length = writer.finish();
        assertEquals(length, out.size());
        return out.toByteArray();
    }

    private static void putElement(
        final StateStreamWriter writer, final long key, final DirectBuffer window, final String element)
        throws IOException
    {
        final UnsafeBuffer value = utf8(element);
        writer.writeEntry(EVENTS, longBytes(key), 0, 8, window, 0, window.capacity(), value, 0, value.capacity());
    }
}

package io.cairn.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.state.StateType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The golden file of format version 1 ({@code docs/format.md}): this build must read it, and must write exactly it
 * from the same content. A failure here means the format changed: that is a decision (a new version, a new golden
 * file, and the old one kept and still read), not a test to update. To write the file of a new version, run this
 * test with {@code -Dcairn.golden.write=<path>}.
 */
class GoldenStreamTest
{
    private static final String GOLDEN = "/golden/keyed-state-v1.cstream";

    @Test
    void shouldReadTheVersionOneGoldenFile() throws IOException
    {
        final byte[] golden = goldenBytes();
        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle("keyed-state-v1", golden)))
        {
            final StreamMeta meta = reader.meta();
            assertEquals(StreamFormat.KIND_KEYED, meta.kind());
            assertEquals(42L, meta.checkpointId());
            assertEquals(1_700_000_000_000L, meta.timestamp());
            assertEquals(128, meta.numberOfKeyGroups());
            assertEquals(KeyGroupRange.of(0, 127), meta.keyGroupRange());
            assertEquals(new CodecInfo("cairn.long", 8), meta.keyCodec());
            assertEquals(states(), meta.states());
            assertArrayEquals(new int[] { 3, 77 }, reader.partitions());

            final List<String> entries = new ArrayList<>();
            for (final int partition : reader.partitions())
            {
                reader.verifyPartition(partition);
                reader.readPartition(partition, (entry) -> entries.add(partition + ":" + describe(entry)));
            }
            assertEquals(expectedEntries(), entries);
        }
    }

    @Test
    void shouldWriteTheGoldenFileByteForByte() throws IOException
    {
        final byte[] written = writeGoldenContent();
        final String target = System.getProperty("cairn.golden.write");
        if (target != null)
        {
            Files.write(Path.of(target), written);
        }
        assertArrayEquals(goldenBytes(), written, "the writer no longer produces format version 1 byte for byte");
    }

    @Test
    void shouldStartAndEndWithTheMagic() throws IOException
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(goldenBytes());
        assertEquals(StreamFormat.MAGIC, bytes.getLong(0, ByteOrder.BIG_ENDIAN));
        assertEquals(StreamFormat.MAGIC, bytes.getLong(bytes.capacity() - 8, ByteOrder.BIG_ENDIAN));
        assertEquals("CAIRNST1", new String(goldenBytes(), 0, 8, StandardCharsets.US_ASCII));
        assertEquals(1, bytes.getInt(StreamFormat.VERSION_OFFSET, ByteOrder.BIG_ENDIAN));
        assertFalse(bytes.capacity() < StreamFormat.MIN_STREAM_LENGTH);
    }

    private static List<StateMetaInfo> states()
    {
        final CodecInfo longCodec = CodecInfo.of(LongCodec.INSTANCE);
        final CodecInfo stringCodec = CodecInfo.of(StringCodec.INSTANCE);
        return List.of(
            new StateMetaInfo("count", StateType.VALUE, List.of(longCodec), CodecInfo.of(VoidNamespaceCodec.INSTANCE)),
            new StateMetaInfo("events", StateType.LIST, List.of(stringCodec), stringCodec),
            new StateMetaInfo("totals", StateType.MAP, List.of(stringCodec, longCodec), longCodec));
    }

    private static List<String> expectedEntries()
    {
        return List.of(
            "3:0|key=0000000000000001|ns=|value=000000000000002a",
            "3:1|key=0000000000000001|ns=77696e646f772d31|value=636c69636b",
            "3:1|key=0000000000000001|ns=77696e646f772d31|value=76696577",
            "3:2|key=0000000000000001|ns=0000000000000007|userKey=65757273|value=0000000000000064",
            "77:0|key=ffffffffffffffff|ns=|value=8000000000000000",
            "77:2|key=ffffffffffffffff|ns=0000000000000000|userKey=|value=0000000000000000");
    }

    private static byte[] writeGoldenContent() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StreamMeta meta = StreamMeta.keyed(
            42L, 1_700_000_000_000L, 128, KeyGroupRange.of(0, 127), LongCodec.INSTANCE, states());
        final StateStreamWriter writer = new StateStreamWriter(out, meta);
        final UnsafeBuffer empty = new UnsafeBuffer(new byte[0]);
        writer.beginPartition(3);
        writer.writeEntry(0, longBytes(1), 0, 8, empty, 0, 0, longBytes(42), 0, 8);
        final UnsafeBuffer window = utf8("window-1");
        writer.writeEntry(1, longBytes(1), 0, 8, window, 0, window.capacity(), utf8("click"), 0, 5);
        writer.writeEntry(1, longBytes(1), 0, 8, window, 0, window.capacity(), utf8("view"), 0, 4);
        writer.writeMapEntry(2, longBytes(1), 0, 8, longBytes(7), 0, 8, utf8("eurs"), 0, 4, longBytes(100), 0, 8);
        writer.endPartition();
        writer.beginPartition(50);
        writer.endPartition();
        writer.beginPartition(77);
        writer.writeEntry(0, longBytes(-1), 0, 8, empty, 0, 0, longBytes(Long.MIN_VALUE), 0, 8);
        writer.writeMapEntry(2, longBytes(-1), 0, 8, longBytes(0), 0, 8, empty, 0, 0, longBytes(0), 0, 8);
        writer.endPartition();
        final long length = writer.finish();
        assertEquals(length, out.size());
        return out.toByteArray();
    }

    private static String describe(final StreamEntry entry)
    {
        final StringBuilder text = new StringBuilder();
        text.append(entry.stateIndex())
            .append("|key=").append(hex(entry, entry.keyOffset(), entry.keyLength()))
            .append("|ns=").append(hex(entry, entry.namespaceOffset(), entry.namespaceLength()));
        if (entry.userKeyOffset() >= 0)
        {
            text.append("|userKey=").append(hex(entry, entry.userKeyOffset(), entry.userKeyLength()));
        }
        return text.append("|value=").append(hex(entry, entry.valueOffset(), entry.valueLength())).toString();
    }

    private static String hex(final StreamEntry entry, final int offset, final int length)
    {
        final StringBuilder hex = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            hex.append(String.format("%02x", entry.buffer().getByte(offset + i) & 0xFF));
        }
        return hex.toString();
    }

    private static UnsafeBuffer longBytes(final long value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.putLong(0, value, ByteOrder.BIG_ENDIAN);
        return buffer;
    }

    private static UnsafeBuffer utf8(final String value)
    {
        return new UnsafeBuffer(value.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] goldenBytes() throws IOException
    {
        try (InputStream in = GoldenStreamTest.class.getResourceAsStream(GOLDEN))
        {
            assertNotNull(in, "golden file " + GOLDEN + " is missing from test resources");
            final byte[] bytes = in.readAllBytes();
            assertTrue(bytes.length > 0);
            return bytes;
        }
    }
}

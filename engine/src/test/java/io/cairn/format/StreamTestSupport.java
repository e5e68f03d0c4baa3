package io.cairn.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.state.StateType;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the stream format tests share: the golden files' states, entry descriptions, buffers and byte surgery. */
final class StreamTestSupport
{
    /** Index of the value state "count" in {@link #goldenStates()}. */
    static final int COUNT = 0;
    /** Index of the list state "events". */
    static final int EVENTS = 1;
    /** Index of the map state "totals". */
    static final int TOTALS = 2;

    private StreamTestSupport()
    {
    }

    /** @return the states of both golden files: a value, a list and a map state. */
    static List<StateMetaInfo> goldenStates()
    {
        final CodecInfo longCodec = CodecInfo.of(LongCodec.INSTANCE);
        final CodecInfo stringCodec = CodecInfo.of(StringCodec.INSTANCE);
        return List.of(
            new StateMetaInfo("count", StateType.VALUE, List.of(longCodec), CodecInfo.of(VoidNamespaceCodec.INSTANCE)),
            new StateMetaInfo("events", StateType.LIST, List.of(stringCodec), stringCodec),
            new StateMetaInfo("totals", StateType.MAP, List.of(stringCodec, longCodec), longCodec));
    }

    /**
     * @param resource a test resource, e.g. {@code /golden/keyed-state-v1.cstream}.
     * @return its bytes.
     */
    static byte[] resourceBytes(final String resource) throws IOException
    {
        try (InputStream in = StreamTestSupport.class.getResourceAsStream(resource))
        {
            assertNotNull(in, "test resource " + resource + " is missing");
            final byte[] bytes = in.readAllBytes();
            assertTrue(bytes.length > 0, resource + " is empty");
            return bytes;
        }
    }

    /**
     * Reads every partition of a stream, checking blocks first as a restore does.
     *
     * @return per entry, {@code partition:FULL|DELTA:PUT|DELETE:stateIndex|key=..|ns=..[|userKey=..][|value=..]},
     * fields in hex.
     */
    static List<String> readAll(final String name, final byte[] bytes) throws IOException
    {
        final List<String> entries = new ArrayList<>();
        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle(name, bytes)))
        {
            for (final int partition : reader.partitions())
            {
                reader.verifyPartition(partition);
                final String prefix = partition + ":" + (reader.isDeltaPartition(partition) ? "DELTA:" : "FULL:");
                reader.readPartition(partition, (entry) -> entries.add(prefix + describe(entry)));
            }
        }
        return entries;
    }

    /** @return the entry as {@code PUT|DELETE:stateIndex|key=..|ns=..[|userKey=..][|value=..]}, fields in hex. */
    static String describe(final StreamEntry entry)
    {
        final StringBuilder text = new StringBuilder();
        text.append(entry.isDelete() ? "DELETE:" : "PUT:").append(entry.stateIndex())
            .append("|key=").append(hex(entry, entry.keyOffset(), entry.keyLength()))
            .append("|ns=").append(hex(entry, entry.namespaceOffset(), entry.namespaceLength()));
        if (entry.userKeyOffset() >= 0)
        {
            text.append("|userKey=").append(hex(entry, entry.userKeyOffset(), entry.userKeyLength()));
        }
        if (entry.valueOffset() >= 0)
        {
            text.append("|value=").append(hex(entry, entry.valueOffset(), entry.valueLength()));
        }
        return text.toString();
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

    static UnsafeBuffer longBytes(final long value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        buffer.putLong(0, value, ByteOrder.BIG_ENDIAN);
        return buffer;
    }

    static UnsafeBuffer utf8(final String value)
    {
        return new UnsafeBuffer(value.getBytes(StandardCharsets.UTF_8));
    }

    /** @return where the index of a good stream starts, from its footer. */
    static int indexOffset(final byte[] stream)
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(stream);
        return (int)bytes.getLong(
            stream.length - StreamFormat.FOOTER_LENGTH + StreamFormat.FOOTER_INDEX_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Recomputes the footer's CRC32C after a change to the header, meta or index, so that the change passes the
     * structure check and reaches the check under test.
     */
    static void refreshFooterCrc(final byte[] stream)
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(stream);
        final int dataOffset =
            StreamFormat.HEADER_LENGTH + bytes.getInt(StreamFormat.META_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
        final int indexOffset = indexOffset(stream);
        final int footerOffset = stream.length - StreamFormat.FOOTER_LENGTH;
        final CRC32C crc = new CRC32C();
        crc.update(stream, 0, dataOffset);
        crc.update(stream, indexOffset, footerOffset - indexOffset);
        crc.update(stream, footerOffset, StreamFormat.FOOTER_CRC_OFFSET);
        bytes.putInt(footerOffset + StreamFormat.FOOTER_CRC_OFFSET, (int)crc.getValue(), ByteOrder.BIG_ENDIAN);
    }
}

package io.cairn.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CorruptedStateException;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.cairn.format.StreamTestSupport.COUNT;
import static io.cairn.format.StreamTestSupport.EVENTS;
import static io.cairn.format.StreamTestSupport.TOTALS;
import static io.cairn.format.StreamTestSupport.goldenStates;
import static io.cairn.format.StreamTestSupport.indexOffset;
import static io.cairn.format.StreamTestSupport.longBytes;
import static io.cairn.format.StreamTestSupport.readAll;
import static io.cairn.format.StreamTestSupport.refreshFooterCrc;
import static io.cairn.format.StreamTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delta partitions and delete entries (format version 2): what the writer accepts, and what the reader refuses. */
class DeltaPartitionTest
{
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);
    private static final UnsafeBuffer WINDOW = utf8("w");

    @Test
    void shouldRoundTripPutsAndDeletesOfEveryStateKindAcrossBlocks() throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StateStreamWriter writer = new StateStreamWriter(out, meta());
        final List<String> expected = new ArrayList<>();
        writer.beginPartition(1);
        writer.writeEntry(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0, longBytes(10), 0, 8);
        expected.add("1:FULL:PUT:0|key=0000000000000001|ns=|value=000000000000000a");
        writer.endPartition();
        // Enough entries for several 64 KiB blocks: an entry never spans two, so every kind meets a block boundary.
        writer.beginDeltaPartition(2);
        final UnsafeBuffer padding = new UnsafeBuffer(new byte[200]);
        for (int i = 0; i < 6_000; i++)
        {
            final String key = String.format("%016x", i);
            switch (i % 5)
            {
                case 0:
                    writer.writeEntry(COUNT, longBytes(i), 0, 8, EMPTY, 0, 0, longBytes(i), 0, 8);
                    expected.add("2:DELTA:PUT:0|key=" + key + "|ns=|value=" + key);
                    break;
                case 1:
                    writer.writeDelete(COUNT, longBytes(i), 0, 8, EMPTY, 0, 0);
                    expected.add("2:DELTA:DELETE:0|key=" + key + "|ns=");
                    break;
                case 2:
                    writer.writeDelete(EVENTS, longBytes(i), 0, 8, WINDOW, 0, 1);
                    writer.writeEntry(EVENTS, longBytes(i), 0, 8, WINDOW, 0, 1, padding, 0, padding.capacity());
                    expected.add("2:DELTA:DELETE:1|key=" + key + "|ns=77");
                    expected.add("2:DELTA:PUT:1|key=" + key + "|ns=77|value=" + "00".repeat(padding.capacity()));
                    break;
                case 3:
                    writer.writeMapEntry(TOTALS, longBytes(i), 0, 8, longBytes(0), 0, 8, WINDOW, 0, 1, EMPTY, 0, 0);
                    expected.add("2:DELTA:PUT:2|key=" + key + "|ns=0000000000000000|userKey=77|value=");
                    break;
                default:
                    writer.writeMapDelete(TOTALS, longBytes(i), 0, 8, longBytes(0), 0, 8, WINDOW, 0, 1);
                    expected.add("2:DELTA:DELETE:2|key=" + key + "|ns=0000000000000000|userKey=77");
                    break;
            }
        }
        writer.endPartition();
        writer.beginDeltaPartition(3);
        writer.writeDelete(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0);
        expected.add("3:DELTA:DELETE:0|key=0000000000000001|ns=");
        writer.endPartition();
        writer.finish();

        final byte[] stream = out.toByteArray();
        assertTrue(writer.uncompressedBytes() > 3 * StreamFormat.TARGET_BLOCK_LENGTH, "want several blocks");
        assertEquals(expected, readAll("deltas", stream));
        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle("deltas", stream)))
        {
            assertFalse(reader.isDeltaPartition(1));
            assertTrue(reader.isDeltaPartition(2));
            assertTrue(reader.isDeltaPartition(3));
            assertThrows(IllegalArgumentException.class, () -> reader.isDeltaPartition(4));
            reader.readPartition(3, (entry) ->
            {
                assertTrue(entry.isDelete());
                assertEquals(-1, entry.valueOffset(), "a delete has no value");
                assertEquals(-1, entry.valueLength(), "a delete has no value");
                assertEquals(-1, entry.userKeyOffset(), "nor a map key, but for a map state");
            });
        }
    }

    @Test
    void shouldRejectADeleteInAFullPartitionAsCorruption() throws IOException
    {
        final byte[] stream = oneDeltaPartition(7);
        // Relabel the delta partition full, with a good footer CRC: only the entry check can catch it now.
        final int kindAt = indexOffset(stream) + 4 + StreamFormat.INDEX_KIND_OFFSET;
        assertEquals(StreamFormat.PARTITION_DELTA, stream[kindAt]);
        stream[kindAt] = StreamFormat.PARTITION_FULL;
        refreshFooterCrc(stream);

        try (StateStreamReader reader = StateStreamReader.open(new ByteStreamStateHandle("relabelled", stream)))
        {
            assertFalse(reader.isDeltaPartition(7));
            reader.verifyPartition(7);
            final List<String> puts = new ArrayList<>();
            final CorruptedStateException ex = assertThrows(CorruptedStateException.class,
                () -> reader.readPartition(7, (entry) -> puts.add(StreamTestSupport.describe(entry))));
            assertEquals(List.of("PUT:0|key=0000000000000001|ns=|value=0000000000000002"), puts,
                "the put before the delete is handed over, as entries are parsed in order");
            assertEquals("relabelled", ex.getStream());
            final long sectionStart = new UnsafeBuffer(stream).getLong(
                indexOffset(stream) + 4 + StreamFormat.INDEX_SECTION_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN);
            assertEquals(sectionStart, ex.getOffset(), "the offset of the block holding the delete");
            assertEquals("relabelled at offset " + sectionStart + ": malformed entry in block: a delete of state 0 " +
                "in full partition 7; deletes belong in delta partitions only", ex.getMessage());
        }
    }

    @Test
    void shouldRejectAnUnknownPartitionKindAsCorruption() throws IOException
    {
        final byte[] stream = oneDeltaPartition(7);
        final int entryAt = indexOffset(stream) + 4;
        stream[entryAt + StreamFormat.INDEX_KIND_OFFSET] = 2;
        refreshFooterCrc(stream);

        final CorruptedStateException ex = assertThrows(CorruptedStateException.class,
            () -> StateStreamReader.open(new ByteStreamStateHandle("bad-kind", stream)));
        assertEquals("bad-kind", ex.getStream());
        assertEquals(entryAt, ex.getOffset());
        assertTrue(ex.getMessage().contains("malformed index entry 0: partition=7, kind=2,"), ex.getMessage());
        assertTrue(ex.getMessage().contains("kind 0 (full) or 1 (delta)"), ex.getMessage());
    }

    @Test
    void shouldRefuseADeleteOutsideADeltaPartition() throws IOException
    {
        final StateStreamWriter writer = new StateStreamWriter(new ByteArrayOutputStream(), meta());
        final IllegalStateException none = assertThrows(IllegalStateException.class,
            () -> writer.writeDelete(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0));
        assertEquals("writeDelete(stateIndex=0) with no partition begun; deletes belong in a delta partition, " +
            "begun with beginDeltaPartition", none.getMessage());

        writer.beginPartition(4);
        final IllegalStateException full = assertThrows(IllegalStateException.class,
            () -> writer.writeMapDelete(TOTALS, longBytes(1), 0, 8, longBytes(0), 0, 8, WINDOW, 0, 1));
        assertEquals("writeMapDelete(stateIndex=2) in full partition=4; deletes belong in a delta partition, " +
            "begun with beginDeltaPartition", full.getMessage());
        assertThrows(IllegalStateException.class, () -> writer.writeDelete(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0));
        assertEquals(0, writer.entries(), "a refused delete writes nothing");
        assertEquals(0, writer.uncompressedBytes(), "a refused delete writes nothing");
    }

    @Test
    void shouldRefuseADeleteThatDoesNotFitTheState() throws IOException
    {
        final StateStreamWriter writer = new StateStreamWriter(new ByteArrayOutputStream(), meta());
        writer.beginDeltaPartition(4);
        final IllegalArgumentException map = assertThrows(IllegalArgumentException.class,
            () -> writer.writeDelete(TOTALS, longBytes(1), 0, 8, longBytes(0), 0, 8));
        assertEquals("writeDelete: stateIndex=2 is state \"totals\" of type=MAP; expected a state other than MAP " +
            "(use writeMapDelete to delete a map entry)", map.getMessage());
        final IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
            () -> writer.writeMapDelete(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0, WINDOW, 0, 1));
        assertEquals("writeMapDelete: stateIndex=0 is state \"count\" of type=VALUE; expected a MAP state",
            value.getMessage());
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> writer.writeDelete(3, longBytes(1), 0, 8, EMPTY, 0, 0));
        assertEquals("writeDelete: stateIndex=3; expected a state of the meta, 0 to 2", missing.getMessage());
    }

    @Test
    void shouldCountTheUncompressedBytesOfEveryEntry() throws IOException
    {
        final StateStreamWriter writer = new StateStreamWriter(new ByteArrayOutputStream(), meta());
        assertEquals(0, writer.uncompressedBytes());
        writer.beginDeltaPartition(4);
        // tag (1) | key length (1) key (8) | namespace length (1) | value length (1) value (8)
        writer.writeEntry(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0, longBytes(2), 0, 8);
        assertEquals(20, writer.uncompressedBytes());
        // tag (1) | key length (1) key (8) | namespace length (1) namespace (1)
        writer.writeDelete(EVENTS, longBytes(1), 0, 8, WINDOW, 0, 1);
        assertEquals(20 + 12, writer.uncompressedBytes());
        // tag (1) | key (1 + 8) | namespace (1 + 8) | map key (1 + 1)
        writer.writeMapDelete(TOTALS, longBytes(1), 0, 8, longBytes(0), 0, 8, WINDOW, 0, 1);
        assertEquals(20 + 12 + 21, writer.uncompressedBytes());
        // tag (1) | key (1 + 8) | namespace (1 + 8) | map key (1 + 1) | value (1 + 8)
        writer.writeMapEntry(TOTALS, longBytes(1), 0, 8, longBytes(0), 0, 8, WINDOW, 0, 1, longBytes(3), 0, 8);
        assertEquals(20 + 12 + 21 + 30, writer.uncompressedBytes());
        writer.endPartition();
        assertEquals(4, writer.entries());
        assertEquals(20 + 12 + 21 + 30, writer.uncompressedBytes());
    }

    /** @return a stream with one delta partition: a put, then a delete, of the value state. */
    private static byte[] oneDeltaPartition(final int partition) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StateStreamWriter writer = new StateStreamWriter(out, meta());
        writer.beginDeltaPartition(partition);
        writer.writeEntry(COUNT, longBytes(1), 0, 8, EMPTY, 0, 0, longBytes(2), 0, 8);
        writer.writeDelete(COUNT, longBytes(3), 0, 8, EMPTY, 0, 0);
        writer.endPartition();
        writer.finish();
        return out.toByteArray();
    }

    private static StreamMeta meta()
    {
        return StreamMeta.keyed(1L, 1L, 128, KeyGroupRange.of(0, 127), LongCodec.INSTANCE, goldenStates());
    }
}

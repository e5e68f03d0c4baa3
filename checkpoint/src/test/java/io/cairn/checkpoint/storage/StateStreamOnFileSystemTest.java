package io.cairn.checkpoint.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.CodecInfo;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamReader;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamFormat;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.state.StateType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real key-group stream written to and read from a checkpoint file, then damaged. */
class StateStreamOnFileSystemTest
{
    private static final int MAX_PARALLELISM = 128;
    private static final KeyGroupRange RANGE = KeyGroupRange.of(32, 95);
    private static final int KEYS = 20_000;
    private static final long CHECKPOINT_ID = 42;

    @TempDir
    Path base;

    private FileStateHandle handle;
    private String path;
    private final Map<Integer, Map<Long, Long>> model = new TreeMap<>();
    /** Per partition written: its section's start and end offset in the file. */
    private final Map<Integer, long[]> sections = new TreeMap<>();

    @BeforeEach
    void writeStream() throws IOException
    {
        int keys = 0;
        for (long key = 0; keys < KEYS; key++)
        {
            final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM);
            if (RANGE.contains(keyGroup))
            {
                model.computeIfAbsent(keyGroup, k -> new TreeMap<>()).put(key, key * 31 + 7);
                keys++;
            }
        }

        final FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(base, "job-e2e");
        storage.initializeBaseLocations();
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(CHECKPOINT_ID);
        final StreamMeta meta = StreamMeta.keyed(CHECKPOINT_ID, 1_700_000_000_000L, MAX_PARALLELISM, RANGE,
            LongCodec.INSTANCE, List.of(new StateMetaInfo("count", StateType.VALUE,
            List.of(CodecInfo.of(LongCodec.INSTANCE)), CodecInfo.of(VoidNamespaceCodec.INSTANCE))));
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Long.BYTES]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[Long.BYTES]);
        final UnsafeBuffer namespace = new UnsafeBuffer(new byte[0]);
        try (CheckpointStateOutputStream out = location.createCheckpointStateOutputStream(
            CheckpointedStateScope.EXCLUSIVE))
        {
            final StateStreamWriter writer = new StateStreamWriter(out, meta);
            for (final Map.Entry<Integer, Map<Long, Long>> group : model.entrySet())
            {
                final long start = writer.position();
                writer.beginPartition(group.getKey());
                for (final Map.Entry<Long, Long> entry : group.getValue().entrySet())
                {
                    key.putLong(0, entry.getKey(), ByteOrder.BIG_ENDIAN);
                    value.putLong(0, entry.getValue(), ByteOrder.BIG_ENDIAN);
                    writer.writeEntry(0, key, 0, Long.BYTES, namespace, 0, 0, value, 0, Long.BYTES);
                }
                writer.endPartition();
                sections.put(group.getKey(), new long[] { start, writer.position() });
            }
            final long length = writer.finish();
            assertEquals(length, out.getPos());
            handle = (FileStateHandle)out.closeAndGetHandle();
        }
        path = handle.getFilePath().toAbsolutePath().toString();
        assertEquals(path, handle.describe());
    }

    @Test
    void shouldReadBackEveryEntryFromTheFile() throws IOException
    {
        try (StateStreamReader reader = StateStreamReader.open(handle))
        {
            assertEquals(path, reader.describe());
            assertEquals(CHECKPOINT_ID, reader.meta().checkpointId());
            assertEquals(RANGE, reader.meta().keyGroupRange());
            assertArrayEquals(model.keySet().stream().mapToInt(Integer::intValue).toArray(), reader.partitions());
            for (final Map.Entry<Integer, Map<Long, Long>> group : model.entrySet())
            {
                reader.verifyPartition(group.getKey());
                final Map<Long, Long> read = new TreeMap<>();
                reader.readPartition(group.getKey(), entry -> read.put(
                    entry.buffer().getLong(entry.keyOffset(), ByteOrder.BIG_ENDIAN),
                    entry.buffer().getLong(entry.valueOffset(), ByteOrder.BIG_ENDIAN)));
                assertEquals(group.getValue(), read, "key group " + group.getKey());
            }
        }
    }

    @Test
    void shouldDetectAFlippedByteInsideASectionNamingTheFile() throws IOException
    {
        final int damaged = largestPartition();
        final long[] section = sections.get(damaged);
        assertTrue(section[1] - section[0] > StreamFormat.BLOCK_HEADER_LENGTH + 5, "want a byte inside a block");
        final long offset = section[0] + StreamFormat.BLOCK_HEADER_LENGTH + 5;
        flipByte(offset);

        try (StateStreamReader reader = StateStreamReader.open(handle))
        {
            final CorruptedStateException ex =
                assertThrows(CorruptedStateException.class, () -> reader.verifyPartition(damaged));
            assertTrue(ex.getMessage().contains(path), ex.getMessage());
            assertEquals(path, ex.getStream());
            assertEquals(section[0], ex.getOffset(), "the damaged block starts the section");
            assertThrows(CorruptedStateException.class, () -> reader.readPartition(damaged, entry -> { }));
            // Other key groups are intact and still read.
            for (final int partition : reader.partitions())
            {
                if (partition != damaged)
                {
                    reader.verifyPartition(partition);
                }
            }
        }
    }

    @Test
    void shouldDetectAFlippedByteInTheStructureOnOpen() throws IOException
    {
        final long length = handle.getStateSize();
        final long indexOffset = sections.values().stream().mapToLong(s -> s[1]).max().orElseThrow();
        // Header magic, version, meta, index, footer fields and the end magic.
        for (final long offset : new long[] { 0, 9, StreamFormat.HEADER_LENGTH + 3, indexOffset + 6, length - 20,
            length - 1 })
        {
            flipByte(offset);
            final CorruptedStateException ex =
                assertThrows(CorruptedStateException.class, () -> StateStreamReader.open(handle), "at " + offset);
            assertTrue(ex.getMessage().startsWith(path + " at offset "), ex.getMessage());
            flipByte(offset);
            StateStreamReader.open(handle).close();
        }
    }

    @Test
    void shouldDetectTruncationNamingTheFile() throws IOException
    {
        final long length = handle.getStateSize();
        final long indexOffset = sections.values().stream().mapToLong(s -> s[1]).max().orElseThrow();
        final long firstSectionEnd = sections.values().iterator().next()[1];
        // Cut anywhere: inside the footer, exactly where the index starts, at a section boundary, in the header.
        for (final long truncatedLength : new long[] { length - 1, length - StreamFormat.FOOTER_LENGTH, indexOffset,
            firstSectionEnd, StreamFormat.MIN_STREAM_LENGTH, 10, 0 })
        {
            try (RandomAccessFile file = new RandomAccessFile(path, "rw"))
            {
                file.setLength(truncatedLength);
            }
            final CorruptedStateException ex = assertThrows(
                CorruptedStateException.class, () -> StateStreamReader.open(handle), "length " + truncatedLength);
            assertTrue(ex.getMessage().contains(path), ex.getMessage());
            assertEquals(path, ex.getStream());
        }
    }

    private int largestPartition()
    {
        int largest = -1;
        long largestLength = -1;
        for (final Map.Entry<Integer, long[]> section : sections.entrySet())
        {
            final long length = section.getValue()[1] - section.getValue()[0];
            if (length > largestLength)
            {
                largest = section.getKey();
                largestLength = length;
            }
        }
        return largest;
    }

    private void flipByte(final long offset) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(path, "rw"))
        {
            file.seek(offset);
            final int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x5A);
        }
    }
}

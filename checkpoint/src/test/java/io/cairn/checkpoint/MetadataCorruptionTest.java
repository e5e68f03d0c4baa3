package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataCorruptionTest
{
    private static final int[] FLIPS = {0x01, 0x80, 0xFF};

    @TempDir
    Path base;

    private Path directory;
    private Path file;
    private byte[] good;
    private IncrementalKeyGroupsStateHandle incremental;

    @BeforeEach
    void writeSmallMetadata() throws IOException
    {
        directory = Files.createDirectories(base.resolve("chk-3"));
        incremental = new IncrementalKeyGroupsStateHandle(KeyGroupRange.of(8, 10), 3,
            List.of(new ByteStreamStateHandle("a", new byte[]{1}),
                new FileStateHandle(directory.resolve("ab").resolve("inc"), 5)),
            new long[]{1, 3}, new int[][]{{0, 1}, {}, {1}});
        final TaskStateSnapshot state = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 7),
                new FileStateHandle(directory.resolve("ab").resolve("state"), 100)), incremental),
            List.of(new OperatorStateHandle(new ByteStreamStateHandle("op", new byte[]{1, 2}),
                Map.of("s", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 2)))));
        final CheckpointMetadata metadata = new CheckpointMetadata("j", 3, 10, 20,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(state),
            List.of(new MasterState("m", new byte[]{7})), MetadataRoundTripTest.stats(3));
        file = CheckpointMetadataSerializer.write(metadata, directory);
        good = Files.readAllBytes(file);
    }

    @Test
    void shouldReadTheUndamagedFile() throws IOException
    {
        assertEquals(3, CheckpointMetadataSerializer.read(directory).getCheckpointId());
    }

    @Test
    void shouldDetectEveryFlippedByte() throws IOException
    {
        for (int offset = 0; offset < good.length; offset++)
        {
            for (final int flip : FLIPS)
            {
                final byte[] damaged = good.clone();
                damaged[offset] ^= (byte)flip;
                Files.write(file, damaged);
                final CorruptedStateException ex = readCorrupted("byte " + offset + " ^ " + flip);
                assertTrue(ex.getOffset() >= 0 && ex.getOffset() <= good.length, ex.getMessage());
            }
        }
    }

    @Test
    void shouldDetectEveryTruncation() throws IOException
    {
        for (int length = 0; length < good.length; length++)
        {
            Files.write(file, Arrays.copyOf(good, length));
            final CorruptedStateException ex = readCorrupted("length " + length);
            assertTrue(ex.getOffset() >= 0 && ex.getOffset() <= good.length, ex.getMessage());
        }
    }

    @Test
    void shouldDetectTrailingBytes() throws IOException
    {
        Files.write(file, Arrays.copyOf(good, good.length + 1));

        readCorrupted("one byte appended");
    }

    @Test
    void shouldRefuseANewerVersionWithItsOwnMessage() throws IOException
    {
        final byte[] newer = good.clone();
        ByteBuffer.wrap(newer).putInt(MetadataFormat.VERSION_OFFSET, 3);
        Files.write(file, withFreshCrc(newer));

        final CorruptedStateException ex = readCorrupted("version 3");

        assertEquals(MetadataFormat.VERSION_OFFSET, ex.getOffset());
        assertTrue(ex.getMessage().contains("metadata format version 3 is newer than 2"), ex.getMessage());
    }

    @Test
    void shouldReadAVersionOneFileWithoutIncrementalHandles() throws IOException
    {
        final CheckpointMetadata v2 = CheckpointMetadataSerializer.read(directory);
        final TaskStateSnapshot full = new TaskStateSnapshot(
            List.of(v2.getTaskStates().get(0).getKeyedState().get(0)), v2.getTaskStates().get(0).getOperatorState());
        final CheckpointMetadata withoutIncremental = new CheckpointMetadata(v2.getJobId(), 3, 10, 20,
            v2.getProperties(), List.of(full), v2.getMasterStates(), v2.getStats());
        Files.delete(file);
        final byte[] v1 = Files.readAllBytes(CheckpointMetadataSerializer.write(withoutIncremental, directory));
        ByteBuffer.wrap(v1).putInt(MetadataFormat.VERSION_OFFSET, 1);
        Files.write(file, withFreshCrc(v1));

        assertEquals(withoutIncremental, CheckpointMetadataSerializer.read(directory));
    }

    @Test
    void shouldRefuseAnIncrementalHandleInAVersionOneFile() throws IOException
    {
        final byte[] crafted = good.clone();
        ByteBuffer.wrap(crafted).putInt(MetadataFormat.VERSION_OFFSET, 1);
        Files.write(file, withFreshCrc(crafted));

        final CorruptedStateException ex = readCorrupted("tag 6 in version 1");

        assertEquals(incrementalAt(), ex.getOffset());
        assertTrue(ex.getMessage().contains("keyed handle tag=6 in a version 1 file"), ex.getMessage());
    }

    @Test
    void shouldRefuseAWriterNewerThanTheIncrementalHandleEvenWithAValidCrc() throws IOException
    {
        // The second stream's writer id, after: tag, range, id, count, the first stream (id, tag, "a", {1}).
        final int at = incrementalAt() + 1 + 8 + 8 + 4 + (8 + 1 + 4 + 1 + 4 + 1);
        assertEquals(3, ByteBuffer.wrap(good).getLong(at));

        final CorruptedStateException ex = readCrafted(at, 4L, "writer 4 of a handle of checkpoint 3");

        assertTrue(ex.getMessage().contains("streams[1] checkpointId=4; expected 0..3"), ex.getMessage());
    }

    @Test
    void shouldRefuseANegativeIncrementalCheckpointIdEvenWithAValidCrc() throws IOException
    {
        final CorruptedStateException ex = readCrafted(incrementalAt() + 9, -1L, "checkpoint id -1");

        assertTrue(ex.getMessage().contains("incremental handle checkpointId=-1"), ex.getMessage());
    }

    @Test
    void shouldRefuseAChainIndexOutsideTheStreamsEvenWithAValidCrc() throws IOException
    {
        // Key group 10's only index: the last 4 bytes of the handle.
        final CorruptedStateException ex = readCrafted(incrementalEnd() - 4, 2, "index 2 of 2 streams");

        assertTrue(ex.getMessage().contains("chain of key group 10: index=2; expected 0..1"), ex.getMessage());
    }

    @Test
    void shouldRefuseAChainOutOfCheckpointOrderEvenWithAValidCrc() throws IOException
    {
        // Key group 8's chain [0, 1], as [1, 1]: after its length, 4 + 4 + 4 + 4 + 4 bytes before the handle's end.
        final int secondIndex = incrementalEnd() - 4 - 4 - 4 - 4;
        final CorruptedStateException ex = readCrafted(secondIndex - 4, 1, "chain [1, 1]");

        assertTrue(ex.getMessage().contains("chain of key group 8: streams[1] of checkpoint 3 after one of " +
            "checkpoint 3"), ex.getMessage());
        assertEquals(secondIndex, ex.getOffset());
    }

    @Test
    void shouldRefuseAStreamInNoChainEvenWithAValidCrc() throws IOException
    {
        // Key group 8 reads only stream 1 and key group 9 nothing: stream 0 is read by no key group.
        final int chainsAt = incrementalEnd() - (4 + 4 + 4) - 4 - (4 + 4);
        final byte[] chains = ByteBuffer.allocate(4 + 4 + 4 + 4 + 4).putInt(1).putInt(1).putInt(0).putInt(1)
            .putInt(1).array();
        Files.write(file, reframe(splice(good, chainsAt, incrementalEnd(), chains)));

        final CorruptedStateException ex = readCorrupted("stream 0 unused");

        assertEquals(incrementalAt() + 1 + 8 + 8 + 4, ex.getOffset());
        assertTrue(ex.getMessage().contains("streams[0]=a is in no chain"), ex.getMessage());
    }

    @Test
    void shouldRefuseChainsLargerThanTheFileEvenWithAValidCrc() throws IOException
    {
        final int chainsAt = incrementalEnd() - (4 + 4 + 4) - 4 - (4 + 4);
        final CorruptedStateException viaRange = readCrafted(incrementalAt() + 5, 30_000, "30,000 key groups");
        assertEquals(chainsAt, viaRange.getOffset(), viaRange.getMessage());

        final CorruptedStateException viaLength = readCrafted(chainsAt, Integer.MAX_VALUE, "a chain of 2^31 - 1");
        assertEquals(chainsAt, viaLength.getOffset(), viaLength.getMessage());
    }

    @Test
    void shouldNameAForeignFile() throws IOException
    {
        Files.write(file, "{\"not\": \"metadata, but long enough to have a header and a footer\"}"
            .getBytes(StandardCharsets.US_ASCII));

        final CorruptedStateException ex = readCorrupted("foreign");

        assertEquals(0, ex.getOffset());
        assertTrue(ex.getMessage().contains("not a Cairn checkpoint metadata file"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownHandleTagEvenWithAValidCrc() throws IOException
    {
        // header | jobId "j" | id, timestamps | properties | subtask count | keyed count | the first keyed tag
        final int tagOffset = MetadataFormat.HEADER_LENGTH + 4 + 1 + 3 * 8 + 3 + 4 + 4;
        assertEquals(MetadataFormat.TAG_KEY_GROUPS, good[tagOffset]);
        final byte[] crafted = good.clone();
        crafted[tagOffset] = 99;
        Files.write(file, withFreshCrc(crafted));

        final CorruptedStateException ex = readCorrupted("tag 99");

        assertEquals(tagOffset, ex.getOffset());
        assertTrue(ex.getMessage().contains("keyed handle tag=99"), ex.getMessage());
    }

    @Test
    void shouldRefuseARelativePathLeavingTheDirectoryEvenWithAValidCrc() throws IOException
    {
        final byte[] crafted = good.clone();
        final int at = indexOf(crafted, "ab/state".getBytes(StandardCharsets.US_ASCII));
        crafted[at] = '.';
        crafted[at + 1] = '.';
        Files.write(file, withFreshCrc(crafted));

        final CorruptedStateException ex = readCorrupted("../state");

        assertEquals(at - 4, ex.getOffset());
        assertTrue(ex.getMessage().contains("\"../state\""), ex.getMessage());
    }

    @Test
    void shouldRefuseACountLargerThanTheFileEvenWithAValidCrc() throws IOException
    {
        final int subtaskCountOffset = MetadataFormat.HEADER_LENGTH + 4 + 1 + 3 * 8 + 3;
        final byte[] crafted = good.clone();
        ByteBuffer.wrap(crafted).putInt(subtaskCountOffset, Integer.MAX_VALUE);
        Files.write(file, withFreshCrc(crafted));

        final CorruptedStateException ex = readCorrupted("huge count");

        assertEquals(subtaskCountOffset, ex.getOffset());
    }

    private CorruptedStateException readCorrupted(final String what) throws IOException
    {
        try
        {
            CheckpointMetadataSerializer.read(directory);
        }
        catch (final CorruptedStateException ex)
        {
            assertEquals(file.toString(), ex.getStream(), what);
            assertTrue(ex.getMessage().startsWith(file + " at offset " + ex.getOffset() + ": "), ex.getMessage());
            return ex;
        }
        fail(what + ": read without complaint");
        return null;
    }

    /** @return where the incremental handle's tag is in the good file. */
    private int incrementalAt() throws IOException
    {
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        MetadataHandles.writeKeyed(new MetadataOutput(encoded), incremental, directory, "incremental");
        final int at = indexOf(good, encoded.toByteArray());
        assertEquals(MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS, good[at]);
        return at;
    }

    /** @return where the incremental handle ends in the good file. */
    private int incrementalEnd() throws IOException
    {
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        MetadataHandles.writeKeyed(new MetadataOutput(encoded), incremental, directory, "incremental");
        return incrementalAt() + encoded.size();
    }

    /** Writes the good file with an int (or, for a long value, a long) at {@code at}, and reads it. */
    private CorruptedStateException readCrafted(final int at, final Number value, final String what)
        throws IOException
    {
        final byte[] crafted = good.clone();
        if (value instanceof Long)
        {
            ByteBuffer.wrap(crafted).putLong(at, value.longValue());
        }
        else
        {
            ByteBuffer.wrap(crafted).putInt(at, value.intValue());
        }
        Files.write(file, withFreshCrc(crafted));
        final CorruptedStateException ex = readCorrupted(what);
        assertTrue(ex.getOffset() >= incrementalAt() && ex.getOffset() < incrementalEnd(), ex.getMessage());
        return ex;
    }

    /** @return the bytes with {@code [from, to)} replaced. */
    private static byte[] splice(final byte[] bytes, final int from, final int to, final byte[] replacement)
    {
        final byte[] spliced = new byte[bytes.length - (to - from) + replacement.length];
        System.arraycopy(bytes, 0, spliced, 0, from);
        System.arraycopy(replacement, 0, spliced, from, replacement.length);
        System.arraycopy(bytes, to, spliced, from + replacement.length, bytes.length - to);
        return spliced;
    }

    /** @return the bytes with the footer's length and CRC made right for their new length. */
    private static byte[] reframe(final byte[] bytes)
    {
        final int footer = bytes.length - MetadataFormat.FOOTER_LENGTH;
        ByteBuffer.wrap(bytes).putLong(footer + MetadataFormat.FOOTER_TOTAL_LENGTH_OFFSET, bytes.length);
        return withFreshCrc(bytes);
    }

    private static byte[] withFreshCrc(final byte[] bytes)
    {
        final int crcOffset = bytes.length - MetadataFormat.FOOTER_LENGTH + MetadataFormat.FOOTER_CRC_OFFSET;
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcOffset);
        ByteBuffer.wrap(bytes).putInt(crcOffset, (int)crc.getValue());
        return bytes;
    }

    private static int indexOf(final byte[] bytes, final byte[] part)
    {
        for (int i = 0; i + part.length <= bytes.length; i++)
        {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length))
            {
                return i;
            }
        }
        throw new AssertionError("not found: " + new String(part, StandardCharsets.US_ASCII));
    }
}

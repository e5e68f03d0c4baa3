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
import java.util.UUID;
import java.util.zip.CRC32C;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import io.cairn.snapshot.UploadedFile;
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
    private IncrementalSstStateHandle sst;

    @BeforeEach
    void writeSmallMetadata() throws IOException
    {
        directory = Files.createDirectories(base.resolve("chk-3"));
        incremental = new IncrementalKeyGroupsStateHandle(KeyGroupRange.of(8, 10), 3,
            List.of(new ByteStreamStateHandle("a", new byte[]{1}),
                new FileStateHandle(directory.resolve("ab").resolve("inc"), 5)),
            new long[]{1, 3}, new int[][]{{0, 1}, {}, {1}});
        sst = new IncrementalSstStateHandle(KeyGroupRange.of(11, 12), 3, new UUID(1, 2),
            new UploadedFile("m", new ByteStreamStateHandle("meta", new byte[]{5}), 3, 1, 7),
            List.of(new UploadedFile("s1", new ByteStreamStateHandle("x1", new byte[]{1, 2}), 2, 2, 8),
                new UploadedFile("s2", new FileStateHandle(directory.resolve("ab").resolve("s2"), 4), 3, 4, 9)),
            List.of(new UploadedFile("pf", new ByteStreamStateHandle("p", new byte[]{3}), 3, 1, 10)));
        final TaskStateSnapshot state = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 7),
                new FileStateHandle(directory.resolve("ab").resolve("state"), 100)), incremental, sst),
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
        ByteBuffer.wrap(newer).putInt(MetadataFormat.VERSION_OFFSET, 4);
        Files.write(file, withFreshCrc(newer));

        final CorruptedStateException ex = readCorrupted("version 4");

        assertEquals(MetadataFormat.VERSION_OFFSET, ex.getOffset());
        assertTrue(ex.getMessage().contains("metadata format version 4 is newer than 3"), ex.getMessage());
    }

    @Test
    void shouldReadAVersionOneFileWithoutIncrementalHandles() throws IOException
    {
        final CheckpointMetadata v2 = CheckpointMetadataSerializer.read(directory);
        final TaskStateSnapshot full = new TaskStateSnapshot(
            List.of(v2.getTaskStates().get(0).getKeyedState().get(0)), v2.getTaskStates().get(0).getOperatorState());
        assertEquals(sst, v2.getTaskStates().get(0).getKeyedState().get(2));
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
    void shouldRefuseAnSstHandleInAVersionTwoFile() throws IOException
    {
        final byte[] crafted = good.clone();
        ByteBuffer.wrap(crafted).putInt(MetadataFormat.VERSION_OFFSET, 2);
        Files.write(file, withFreshCrc(crafted));

        final CorruptedStateException ex = readCorrupted("tag 7 in version 2");

        assertEquals(sstAt(), ex.getOffset());
        assertTrue(ex.getMessage().contains("keyed handle tag=7 in a version 2 file"), ex.getMessage());
    }

    @Test
    void shouldRefuseAnSstFileOfANewerCheckpointEvenWithAValidCrc() throws IOException
    {
        final int at = nameAt("s2") - Long.BYTES;
        assertEquals(3, ByteBuffer.wrap(good).getLong(at));

        final CorruptedStateException ex = readCraftedSst(at, 4L, "SST file of checkpoint 4 in checkpoint 3");

        assertEquals(at, ex.getOffset());
        assertTrue(ex.getMessage().contains("sharedFiles[1] checkpointId=4; expected 0..3"), ex.getMessage());
    }

    @Test
    void shouldRefuseANegativeSstCheckpointIdEvenWithAValidCrc() throws IOException
    {
        final CorruptedStateException ex = readCraftedSst(sstAt() + 9, -1L, "checkpoint id -1");

        assertEquals(sstAt() + 9, ex.getOffset());
        assertTrue(ex.getMessage().contains("SST handle checkpointId=-1"), ex.getMessage());
    }

    @Test
    void shouldRefuseAFileNameThatIsNotAPlainNameEvenWithAValidCrc() throws IOException
    {
        final CorruptedStateException ex = readCraftedName("pf", "..");

        assertTrue(ex.getMessage().contains("privateFiles[0] fileName=\"..\"; expected a plain file name"),
            ex.getMessage());
    }

    @Test
    void shouldRefuseTwoFilesOfOneNameEvenWithAValidCrc() throws IOException
    {
        final CorruptedStateException ex = readCraftedName("s2", "s1");

        assertTrue(ex.getMessage().contains("sharedFiles[1] fileName=\"s1\" is the name of sharedFiles[0] too"),
            ex.getMessage());
    }

    @Test
    void shouldRefuseAFileLengthOtherThanItsStreamsSizeEvenWithAValidCrc() throws IOException
    {
        final int at = nameAt("s2") + Integer.BYTES + 2;
        assertEquals(4, ByteBuffer.wrap(good).getLong(at));

        final CorruptedStateException longer = readCraftedSst(at, 5L, "length 5 of a stream of 4 bytes");
        assertEquals(at, longer.getOffset());
        assertTrue(longer.getMessage().contains("sharedFiles[1] length=5; expected the size of its stream"),
            longer.getMessage());

        final CorruptedStateException negative = readCraftedSst(at, -1L, "length -1");
        assertEquals(at, negative.getOffset());
        assertTrue(negative.getMessage().contains("sharedFiles[1] length=-1; expected >= 0"), negative.getMessage());
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

    /** @return where the SST handle's tag is in the good file. */
    private int sstAt() throws IOException
    {
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        MetadataHandles.writeKeyed(new MetadataOutput(encoded), sst, directory, "sst");
        final int at = indexOf(good, encoded.toByteArray());
        assertEquals(MetadataFormat.TAG_INCREMENTAL_SST, good[at]);
        return at;
    }

    /** @return where the SST handle ends in the good file. */
    private int sstEnd() throws IOException
    {
        final ByteArrayOutputStream encoded = new ByteArrayOutputStream();
        MetadataHandles.writeKeyed(new MetadataOutput(encoded), sst, directory, "sst");
        return sstAt() + encoded.size();
    }

    /** @return where the file name {@code name} (two characters) of the SST handle is recorded: at its length. */
    private int nameAt(final String name) throws IOException
    {
        final byte[] recorded = ByteBuffer.allocate(Integer.BYTES + 2).putInt(2)
            .put(name.getBytes(StandardCharsets.US_ASCII)).array();
        final int at = indexOf(good, recorded);
        assertTrue(at > sstAt() && at < sstEnd(), name + " at " + at);
        return at;
    }

    /** Writes the good file with the two-character file name {@code from} replaced by {@code to}, and reads it. */
    private CorruptedStateException readCraftedName(final String from, final String to) throws IOException
    {
        final int at = nameAt(from);
        final byte[] crafted = good.clone();
        System.arraycopy(to.getBytes(StandardCharsets.US_ASCII), 0, crafted, at + Integer.BYTES, 2);
        Files.write(file, withFreshCrc(crafted));
        final CorruptedStateException ex = readCorrupted(from + " named " + to);
        assertEquals(at, ex.getOffset(), ex.getMessage());
        return ex;
    }

    /** Writes the good file with a long at {@code at} inside the SST handle, and reads it. */
    private CorruptedStateException readCraftedSst(final int at, final long value, final String what)
        throws IOException
    {
        final byte[] crafted = good.clone();
        ByteBuffer.wrap(crafted).putLong(at, value);
        Files.write(file, withFreshCrc(crafted));
        final CorruptedStateException ex = readCorrupted(what);
        assertTrue(ex.getOffset() >= sstAt() && ex.getOffset() < sstEnd(), ex.getMessage());
        return ex;
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

package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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

    @BeforeEach
    void writeSmallMetadata() throws IOException
    {
        directory = Files.createDirectories(base.resolve("chk-3"));
        final TaskStateSnapshot state = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 7),
                new FileStateHandle(directory.resolve("ab").resolve("state"), 100))),
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
        ByteBuffer.wrap(newer).putInt(MetadataFormat.VERSION_OFFSET, 2);
        Files.write(file, withFreshCrc(newer));

        final CorruptedStateException ex = readCorrupted("version 2");

        assertEquals(MetadataFormat.VERSION_OFFSET, ex.getOffset());
        assertTrue(ex.getMessage().contains("metadata format version 2 is newer than 1"), ex.getMessage());
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

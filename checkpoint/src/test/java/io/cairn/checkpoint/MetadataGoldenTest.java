package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import io.cairn.snapshot.UploadedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata formats, byte for byte. Version 1: a forced savepoint with a keyed file inside its directory (so the
 * bytes hold no absolute path and do not depend on where the test runs), an inline operator stream and a master
 * state. Version 2: a checkpoint with an incremental keyed handle, whose chains reference a file inside the
 * checkpoint's directory and an inline stream. Version 3: a checkpoint with an SST handle of the RocksDB backend (a
 * meta stream, SST files of this checkpoint and an earlier one, private files), files inside the checkpoint's
 * directory and inline. Older versions are still read, and their content is written as the current version with
 * the same body. Changing the format is a decision (a new version, new golden bytes, and these still read), never an
 * accident.
 */
class MetadataGoldenTest
{
    private static final String GOLDEN_V1 =
        "434149524e4d443100000001000000036a6f6200000000000000050000000000" +
        "0003e800000000000004e2010201000000010000000101000000000000007f03" +
        "000000056b657965640000000000000400000000010205000000026f70000000" +
        "0301020300000001000000076f66667365747300000000000000000400000000" +
        "0000000100000000000000030000000100000004686f6f6b000000012a000000" +
        "000000000500000000000003e800000000000000fa0000000000000403000000" +
        "000000000700000000000000090000000100000000000000e5e8ca4442434149" +
        "524e4d4431";

    private static final String GOLDEN_V2 =
        "434149524e4d443100000002000000036a6f6200000000000000060000000000" +
        "0007d00000000000000834000100000000010000000106000000000000000200" +
        "0000000000000600000003000000000000000403000000046261736500000000" +
        "0000012c0000000000000006030000000564656c746100000000000000140000" +
        "00000000000605000000036b6732000000010200000002000000000000000100" +
        "0000000000000100000002000000000000000000000000000000060000000000" +
        "0007d00000000000000064000000000000014100000000000000030000000000" +
        "0000050000000100000000000000fb105d30f6434149524e4d4431";

    private static final String GOLDEN_V3 =
        "434149524e4d443100000003000000036a6f6200000000000000090000000000" +
        "000bb80000000000000c1c000200000000010000000107000000000000003f00" +
        "000000000000090123456789abcdeffedcba9876543210000000046d65746100" +
        "0000000000005a1122334403000000046d657461000000000000005a00000002" +
        "00000000000000070000000a3030303030372e73737400000000000007d05566" +
        "778803000000057373742d3700000000000007d000000000000000090000000a" +
        "3030303031322e737374000000000000000299aabbcc05000000067373742d31" +
        "32000000020102000000020000000743555252454e540000000000000010ddee" +
        "ff00030000000763757272656e7400000000000000100000000f4d414e494645" +
        "53542d303030303133000000000000012c0a0b0c0d03000000086d616e696665" +
        "7374000000000000012c00000000000000000000000000000009000000000000" +
        "0bb8000000000000006400000000000009680000000000000004000000000000" +
        "000600000001000000000000019a3aab89dc434149524e4d4431";

    @TempDir
    Path base;

    @Test
    void shouldWriteVersionThreeByteForByte() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-9"));

        final Path file = CheckpointMetadataSerializer.write(goldenSst(directory), directory);

        assertArrayEquals(HexFormat.of().parseHex(GOLDEN_V3), Files.readAllBytes(file));
    }

    @Test
    void shouldReadVersionThree() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("elsewhere"));
        Files.write(directory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME),
            HexFormat.of().parseHex(GOLDEN_V3));

        assertEquals(goldenSst(directory), CheckpointMetadataSerializer.read(directory));
    }

    @Test
    void shouldWriteVersionTwoContentAsVersionThreeWithTheSameBody() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-6"));

        final Path file = CheckpointMetadataSerializer.write(goldenIncremental(directory), directory);

        assertSameBodyAsCurrentVersion(HexFormat.of().parseHex(GOLDEN_V2), Files.readAllBytes(file));
    }

    @Test
    void shouldReadVersionTwo() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("elsewhere"));
        Files.write(directory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME),
            HexFormat.of().parseHex(GOLDEN_V2));

        assertEquals(goldenIncremental(directory), CheckpointMetadataSerializer.read(directory));
    }

    @Test
    void shouldWriteVersionOneContentAsVersionThreeWithTheSameBody() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("savepoint-golden"));
        final byte[] v1 = HexFormat.of().parseHex(GOLDEN_V1);

        final byte[] written = Files.readAllBytes(CheckpointMetadataSerializer.write(golden(directory), directory));

        assertSameBodyAsCurrentVersion(v1, written);
    }

    /** The bytes of an older version, but for the version field and so the CRC. */
    private static void assertSameBodyAsCurrentVersion(final byte[] older, final byte[] written)
    {
        final int crcOffset = older.length - MetadataFormat.FOOTER_LENGTH + MetadataFormat.FOOTER_CRC_OFFSET;
        assertEquals(older.length, written.length);
        assertEquals(MetadataFormat.VERSION, ByteBuffer.wrap(written).getInt(MetadataFormat.VERSION_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(older, 0, MetadataFormat.VERSION_OFFSET),
            Arrays.copyOfRange(written, 0, MetadataFormat.VERSION_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(older, MetadataFormat.HEADER_LENGTH, crcOffset),
            Arrays.copyOfRange(written, MetadataFormat.HEADER_LENGTH, crcOffset), "header, body and length");
        assertArrayEquals(Arrays.copyOfRange(older, crcOffset + Integer.BYTES, older.length),
            Arrays.copyOfRange(written, crcOffset + Integer.BYTES, written.length), "the closing magic");
    }

    @Test
    void shouldReadVersionOne() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("elsewhere"));
        Files.write(directory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME),
            HexFormat.of().parseHex(GOLDEN_V1));

        assertEquals(golden(directory), CheckpointMetadataSerializer.read(directory));
    }

    private static CheckpointMetadata golden(final Path directory)
    {
        final TaskStateSnapshot state = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 127),
                new FileStateHandle(directory.resolve("keyed"), 1024))),
            List.of(new OperatorStateHandle(new ByteStreamStateHandle("op", new byte[]{1, 2, 3}),
                Map.of("offsets", OperatorStatePartitionInfo.split(4, 1, 3)))));
        return new CheckpointMetadata("job", 5, 1000, 1250, CheckpointProperties.forSavepoint(true), List.of(state),
            List.of(new MasterState("hook", new byte[]{42})),
            new CompletedCheckpointStats(5, 1000, 250, 1027, 7, 9, 1));
    }

    /** Key groups 0..2: 0 reads the base of checkpoint 4 and the delta of 6, 1 has no state, 2 the inline base. */
    private static CheckpointMetadata goldenIncremental(final Path directory)
    {
        final IncrementalKeyGroupsStateHandle incremental = new IncrementalKeyGroupsStateHandle(
            KeyGroupRange.of(0, 2), 6,
            List.of(new FileStateHandle(directory.resolve("base"), 300),
                new FileStateHandle(directory.resolve("delta"), 20),
                new ByteStreamStateHandle("kg2", new byte[]{2})),
            new long[]{4, 6, 6}, new int[][]{{0, 1}, {}, {2}});
        final TaskStateSnapshot state = new TaskStateSnapshot(List.of(incremental), List.of());
        return new CheckpointMetadata("job", 6, 2000, 2100,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION), List.of(state),
            List.of(), new CompletedCheckpointStats(6, 2000, 100, 321, 3, 5, 1));
    }

    /**
     * Key groups 0..63 of checkpoint 9 of backend 0x0123...: its meta stream and two private files in the
     * checkpoint's directory, an SST file checkpoint 7 uploaded (a file) and one it uploaded itself (inline).
     */
    private static CheckpointMetadata goldenSst(final Path directory)
    {
        final IncrementalSstStateHandle sst = new IncrementalSstStateHandle(KeyGroupRange.of(0, 63), 9,
            new UUID(0x0123456789ABCDEFL, 0xFEDCBA9876543210L),
            new UploadedFile("meta", new FileStateHandle(directory.resolve("meta"), 90), 9, 90, 0x11223344),
            List.of(new UploadedFile("000007.sst", new FileStateHandle(directory.resolve("sst-7"), 2000), 7, 2000,
                    0x55667788),
                new UploadedFile("000012.sst", new ByteStreamStateHandle("sst-12", new byte[]{1, 2}), 9, 2,
                    0x99AABBCC)),
            List.of(new UploadedFile("CURRENT", new FileStateHandle(directory.resolve("current"), 16), 9, 16,
                    0xDDEEFF00),
                new UploadedFile("MANIFEST-000013", new FileStateHandle(directory.resolve("manifest"), 300), 9, 300,
                    0x0A0B0C0D)));
        final TaskStateSnapshot state = new TaskStateSnapshot(List.of(sst), List.of());
        return new CheckpointMetadata("job", 9, 3000, 3100,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(state),
            List.of(), new CompletedCheckpointStats(9, 3000, 100, 2408, 4, 6, 1));
    }
}

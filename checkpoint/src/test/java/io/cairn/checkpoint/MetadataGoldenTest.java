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

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata formats, byte for byte. Version 1: a forced savepoint with a keyed file inside its directory (so the
 * bytes hold no absolute path and do not depend on where the test runs), an inline operator stream and a master
 * state; it is still read, and its content is written as version 2 with the same body. Version 2: a checkpoint with
 * an incremental keyed handle, whose chains reference a file inside the checkpoint's directory and an inline stream.
 * Changing the format is a decision (a new version, new golden bytes, and these still read), never an accident.
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

    @TempDir
    Path base;

    @Test
    void shouldWriteVersionTwoByteForByte() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-6"));

        final Path file = CheckpointMetadataSerializer.write(goldenIncremental(directory), directory);

        assertArrayEquals(HexFormat.of().parseHex(GOLDEN_V2), Files.readAllBytes(file));
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
    void shouldWriteVersionOneContentAsVersionTwoWithTheSameBody() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("savepoint-golden"));
        final byte[] v1 = HexFormat.of().parseHex(GOLDEN_V1);

        final byte[] written = Files.readAllBytes(CheckpointMetadataSerializer.write(golden(directory), directory));

        final int crcOffset = v1.length - MetadataFormat.FOOTER_LENGTH + MetadataFormat.FOOTER_CRC_OFFSET;
        assertEquals(v1.length, written.length);
        assertEquals(2, ByteBuffer.wrap(written).getInt(MetadataFormat.VERSION_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(v1, 0, MetadataFormat.VERSION_OFFSET),
            Arrays.copyOfRange(written, 0, MetadataFormat.VERSION_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(v1, MetadataFormat.HEADER_LENGTH, crcOffset),
            Arrays.copyOfRange(written, MetadataFormat.HEADER_LENGTH, crcOffset), "header, body and length");
        assertArrayEquals(Arrays.copyOfRange(v1, crcOffset + Integer.BYTES, v1.length),
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
}

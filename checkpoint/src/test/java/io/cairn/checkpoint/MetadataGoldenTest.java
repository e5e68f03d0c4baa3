package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata format version 1, byte for byte: a forced savepoint with a keyed file inside its directory (so the bytes
 * hold no absolute path and do not depend on where the test runs), an inline operator stream and a master state.
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

    @TempDir
    Path base;

    @Test
    void shouldWriteVersionOneByteForByte() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("savepoint-golden"));

        final Path file = CheckpointMetadataSerializer.write(golden(directory), directory);

        assertArrayEquals(HexFormat.of().parseHex(GOLDEN_V1), Files.readAllBytes(file));
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
}

package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import io.cairn.snapshot.PositionedInput;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.snapshot.UploadedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataRoundTripTest
{
    static final String JOB_ID = "job-7";

    @TempDir
    Path base;

    @Test
    void shouldRoundTripEveryHandleTypeAndMasterStates() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("job-7").resolve("chk-42"));
        final CheckpointMetadata metadata = fullMetadata(directory, base.resolve("job-7").resolve("shared"), 42,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION));

        final Path file = CheckpointMetadataSerializer.write(metadata, directory);
        final CheckpointMetadata read = CheckpointMetadataSerializer.read(directory);

        assertEquals(directory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME), file);
        assertEquals(metadata, read);
        assertEquals(metadata.getTaskStates(), read.getTaskStates());
        assertEquals(metadata.getMasterStates(), read.getMasterStates());
        assertArrayEquals(new byte[]{1, 2, 3}, read.getMasterStates().get(0).bytes());
        assertEquals(metadata.getStats().toString(), read.getStats().toString());
        assertEquals(List.of(CheckpointMetadataSerializer.METADATA_FILE_NAME), fileNames(directory));
    }

    @Test
    void shouldRoundTripIncrementalHandlesWithTheirWritersAndChains() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("job-7").resolve("chk-12"));
        final Path shared = base.resolve("job-7").resolve("shared");
        final IncrementalKeyGroupsStateHandle whole = incremental(shared, directory, 12);
        final TaskStateSnapshot first = new TaskStateSnapshot(List.of(whole), List.of());
        final TaskStateSnapshot second = new TaskStateSnapshot(List.of(whole.getIntersection(KeyGroupRange.of(2, 3)),
            new KeyGroupsStateHandle(KeyGroupRange.of(4, 7), new FileStateHandle(directory.resolve("full"), 9))),
            List.of());
        final CheckpointMetadata metadata = new CheckpointMetadata(JOB_ID, 12, 1, 2,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(first, second),
            List.of(), stats(12));

        CheckpointMetadataSerializer.write(metadata, directory);
        final CheckpointMetadata read = CheckpointMetadataSerializer.read(directory);

        assertEquals(metadata, read);
        final IncrementalKeyGroupsStateHandle back =
            (IncrementalKeyGroupsStateHandle)read.getTaskStates().get(0).getKeyedState().get(0);
        assertEquals(whole.getStreams(), back.getStreams());
        assertEquals(shared.resolve("base-3"), ((FileStateHandle)back.getStreams().get(0)).getFilePath(),
            "a shared stream keeps its absolute path");
        for (int i = 0; i < whole.getStreams().size(); i++)
        {
            assertEquals(whole.getStreamCheckpointId(i), back.getStreamCheckpointId(i));
        }
        for (int keyGroup = 0; keyGroup <= 3; keyGroup++)
        {
            assertArrayEquals(whole.getChain(keyGroup), back.getChain(keyGroup), "chain of " + keyGroup);
        }
        assertEquals(List.of(CheckpointMetadataSerializer.METADATA_FILE_NAME), fileNames(directory));
    }

    @Test
    void shouldRoundTripSstHandlesWithTheirFilesWritersAndIntersections() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("job-7").resolve("chk-21"));
        final Path shared = base.resolve("job-7").resolve("shared");
        final IncrementalSstStateHandle whole = sst(shared, directory, 21);
        final TaskStateSnapshot first = new TaskStateSnapshot(List.of(whole), List.of());
        final TaskStateSnapshot second =
            new TaskStateSnapshot(List.of(whole.getIntersection(KeyGroupRange.of(5, 100))), List.of());
        final CheckpointMetadata metadata = new CheckpointMetadata(JOB_ID, 21, 1, 2,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(first, second),
            List.of(), stats(21));

        CheckpointMetadataSerializer.write(metadata, directory);
        final CheckpointMetadata read = CheckpointMetadataSerializer.read(directory);

        assertEquals(metadata, read);
        final IncrementalSstStateHandle back =
            (IncrementalSstStateHandle)read.getTaskStates().get(0).getKeyedState().get(0);
        assertEquals(whole.getBackendId(), back.getBackendId());
        assertEquals(whole.getSharedFiles(), back.getSharedFiles());
        assertEquals(whole.getPrivateFiles(), back.getPrivateFiles());
        assertEquals(whole.getMeta(), back.getMeta());
        assertEquals(shared.resolve("sst-19"), ((FileStateHandle)back.getSharedStreams().get(0)).getFilePath(),
            "a shared SST file keeps its absolute path");
        assertEquals(KeyGroupRange.of(5, 15), read.getTaskStates().get(1).getKeyedState().get(0).getKeyGroupRange());
        assertEquals(List.of(CheckpointMetadataSerializer.METADATA_FILE_NAME), fileNames(directory));
    }

    @Test
    void shouldRefuseAnIncrementalHandleWithAStreamTypeTheFormatDoesNotKnow() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-13"));
        final IncrementalKeyGroupsStateHandle handle = new IncrementalKeyGroupsStateHandle(KeyGroupRange.of(0, 0),
            13, List.of(new ByteStreamStateHandle("ok", new byte[]{1}), new ForeignStreamHandle()),
            new long[]{12, 13}, new int[][]{{0, 1}});
        final CheckpointMetadata failing = new CheckpointMetadata(JOB_ID, 13, 1, 2,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE),
            List.of(new TaskStateSnapshot(List.of(handle), List.of())), List.of(), stats(13));

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> CheckpointMetadataSerializer.write(failing, directory));

        assertTrue(ex.getMessage().contains("taskStates[0].keyedState[0].streams[1]"), ex.getMessage());
        assertEquals(List.of(), fileNames(directory), "no _metadata and no temporary file");
    }

    @Test
    void shouldRoundTripEveryRetentionPolicyAndForcedSavepoints() throws IOException
    {
        final List<CheckpointProperties> all = List.of(
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION),
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION),
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE),
            CheckpointProperties.forSavepoint(false),
            CheckpointProperties.forSavepoint(true));
        for (int i = 0; i < all.size(); i++)
        {
            final Path directory = Files.createDirectories(base.resolve("p" + i));
            final CheckpointMetadata metadata = fullMetadata(directory, base.resolve("shared"), i, all.get(i));
            CheckpointMetadataSerializer.write(metadata, directory);
            assertEquals(all.get(i), CheckpointMetadataSerializer.read(directory).getProperties());
        }
    }

    @Test
    void shouldRoundTripAnEmptyCheckpoint() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-0"));
        final CheckpointMetadata metadata = new CheckpointMetadata("", 0, 0, 0,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION),
            List.of(), List.of(), stats(0));

        CheckpointMetadataSerializer.write(metadata, directory);

        assertEquals(metadata, CheckpointMetadataSerializer.read(directory));
    }

    @Test
    void shouldResolveFilesInsideTheDirectoryAgainstWhereItIsReadFrom() throws IOException
    {
        final Path original = Files.createDirectories(base.resolve("savepoints").resolve("savepoint-abc"));
        final Path shared = Files.createDirectories(base.resolve("job-7").resolve("shared"));
        final CheckpointMetadata metadata = fullMetadata(original, shared, 9, CheckpointProperties.forSavepoint(false));
        writeStateFiles(metadata);
        CheckpointMetadataSerializer.write(metadata, original);

        final Path moved = Files.createDirectories(base.resolve("elsewhere")).resolve("renamed");
        Files.move(original, moved);
        final CheckpointMetadata read = CheckpointMetadataSerializer.read(moved);

        final KeyGroupsStateHandle keyed = (KeyGroupsStateHandle)read.getTaskStates().get(0).getKeyedState().get(0);
        final Path keyedFile = ((FileStateHandle)keyed.getDelegate()).getFilePath();
        assertEquals(moved.resolve("sub").resolve("keyed-0"), keyedFile);
        assertTrue(Files.exists(keyedFile), "the moved file is found where the directory went");
        final OperatorStateHandle operator = read.getTaskStates().get(0).getOperatorState().get(0);
        assertEquals(shared.resolve("operator-0"), ((FileStateHandle)operator.getDelegate()).getFilePath(),
            "a file outside the directory keeps its absolute path");
        assertEquals(metadata.getMasterStates(), read.getMasterStates());
    }

    @Test
    void shouldResolveFilesAgainstARelativeDirectoryAsAbsolute() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-3"));
        final CheckpointMetadata metadata = fullMetadata(directory, base.resolve("shared"), 3,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE));
        final Path relative = Path.of("").toAbsolutePath().relativize(directory);
        CheckpointMetadataSerializer.write(metadata, relative);

        assertEquals(metadata, CheckpointMetadataSerializer.read(relative));
    }

    @Test
    void shouldThrowNoSuchFileWithoutMetadata() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-1"));

        assertThrows(NoSuchFileException.class, () -> CheckpointMetadataSerializer.read(directory));
    }

    @Test
    void shouldRefuseToOverwriteMetadata() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-5"));
        final CheckpointMetadata first = fullMetadata(directory, base.resolve("shared"), 5,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE));
        final Path file = CheckpointMetadataSerializer.write(first, directory);
        final byte[] written = Files.readAllBytes(file);
        final CheckpointMetadata second = new CheckpointMetadata(JOB_ID, 5, 1, 2, first.getProperties(), List.of(),
            List.of(), stats(5));

        final IllegalStateException ex =
            assertThrows(IllegalStateException.class, () -> CheckpointMetadataSerializer.write(second, directory));

        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
        assertArrayEquals(written, Files.readAllBytes(file));
        assertEquals(List.of(CheckpointMetadataSerializer.METADATA_FILE_NAME), fileNames(directory));
    }

    @Test
    void shouldLeaveNothingBehindWhenAStreamHandleCannotBeWrittenMidway() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-6"));
        final CheckpointMetadata valid = fullMetadata(directory, base.resolve("shared"), 6,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE));
        final TaskStateSnapshot unknown = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 1), new ForeignStreamHandle())), List.of());
        final List<TaskStateSnapshot> tasks = new ArrayList<>(valid.getTaskStates());
        tasks.add(unknown);
        final CheckpointMetadata failing = new CheckpointMetadata(JOB_ID, 6, 1, 2, valid.getProperties(), tasks,
            valid.getMasterStates(), valid.getStats());

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> CheckpointMetadataSerializer.write(failing, directory));

        assertTrue(ex.getMessage().contains("taskStates[3].keyedState[0].delegate"), ex.getMessage());
        assertTrue(ex.getMessage().contains(ForeignStreamHandle.class.getName()), ex.getMessage());
        assertEquals(List.of(), fileNames(directory), "no _metadata and no temporary file");
    }

    @Test
    void shouldRefuseAKeyedHandleTypeTheFormatDoesNotKnow() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-8"));
        final TaskStateSnapshot unknown = new TaskStateSnapshot(List.of(new ForeignKeyedHandle()), List.of());
        final CheckpointMetadata failing = new CheckpointMetadata(JOB_ID, 8, 1, 2,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(unknown),
            List.of(), stats(8));

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> CheckpointMetadataSerializer.write(failing, directory));

        assertTrue(ex.getMessage().contains("taskStates[0].keyedState[0]"), ex.getMessage());
        assertEquals(List.of(), fileNames(directory));
    }

    @Test
    void shouldRefuseTextUtf8CannotCarry() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-9"));
        final CheckpointMetadata failing = new CheckpointMetadata("job-\uD800", 9, 1, 2,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(), List.of(),
            stats(9));

        assertThrows(IllegalArgumentException.class, () -> CheckpointMetadataSerializer.write(failing, directory));
        assertEquals(List.of(), fileNames(directory));
    }

    @Test
    void shouldTurnMetadataIntoTheCompletedCheckpointAndBack() throws IOException
    {
        final Path directory = Files.createDirectories(base.resolve("chk-11"));
        final CheckpointMetadata metadata = fullMetadata(directory, base.resolve("shared"), 11,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE));

        final CompletedCheckpoint checkpoint = metadata.toCompletedCheckpoint(directory);

        assertEquals(11, checkpoint.getCheckpointId());
        assertEquals(directory, checkpoint.getDirectory());
        assertEquals(3, checkpoint.getNumberOfSubtasks());
        assertEquals(metadata, CheckpointMetadata.of(checkpoint));
    }

    @Test
    void shouldRefuseNullsWithTheirNames()
    {
        final CheckpointProperties properties =
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE);
        final List<TaskStateSnapshot> withNull = new ArrayList<>();
        withNull.add(null);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new CheckpointMetadata(JOB_ID, 1, 0, 0, properties, withNull, List.of(), stats(1)));
        assertEquals("taskStates[0]=null; expected no null element", ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new CheckpointMetadata(JOB_ID, -1, 0, 0, properties, List.of(), List.of(), stats(1)));
        assertThrows(IllegalArgumentException.class,
            () -> new CheckpointMetadata(null, 1, 0, 0, properties, List.of(), List.of(), stats(1)));
    }

    /**
     * Metadata with every handle type: subtask 0 has a keyed file inside {@code directory} and an operator file in
     * {@code sharedDirectory}, subtask 1 in-memory streams, subtask 2 no state.
     */
    static CheckpointMetadata fullMetadata(
        final Path directory,
        final Path sharedDirectory,
        final long checkpointId,
        final CheckpointProperties properties)
    {
        final Map<String, OperatorStatePartitionInfo> states = new LinkedHashMap<>();
        states.put("split", OperatorStatePartitionInfo.split(10, 2, 7));
        states.put("union", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 3));
        states.put("broadcast-\u00fc", OperatorStatePartitionInfo.whole(OperatorStateMode.BROADCAST, 0));
        final TaskStateSnapshot first = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(0, 63),
                new FileStateHandle(directory.resolve("sub").resolve("keyed-0"), 4096))),
            List.of(new OperatorStateHandle(new FileStateHandle(sharedDirectory.resolve("operator-0"), 77), states)));
        final TaskStateSnapshot second = new TaskStateSnapshot(
            List.of(new KeyGroupsStateHandle(KeyGroupRange.of(64, 127),
                    new ByteStreamStateHandle("inline-keyed", new byte[]{9, 8, 7})),
                new KeyGroupsStateHandle(KeyGroupRange.of(100, 100), new ByteStreamStateHandle("", new byte[0]))),
            List.of(new OperatorStateHandle(new ByteStreamStateHandle("inline-operator", new byte[]{5}),
                Map.of("only", OperatorStatePartitionInfo.whole(OperatorStateMode.SPLIT_DISTRIBUTE, 1)))));
        return new CheckpointMetadata(JOB_ID, checkpointId, 1_700_000_000_000L + checkpointId,
            1_700_000_000_250L + checkpointId, properties, List.of(first, second, TaskStateSnapshot.empty()),
            List.of(new MasterState("hook-a", new byte[]{1, 2, 3}), new MasterState("hook-\u00e9", new byte[0])),
            new CompletedCheckpointStats(checkpointId, 1_700_000_000_000L + checkpointId, 250, 4176, 12_000,
                900_000, 3));
    }

    /**
     * An incremental handle of key groups 0..3 for {@code checkpointId} (at least 3): 0 reads a shared base of
     * checkpoint {@code checkpointId - 2} and a shared delta of {@code checkpointId - 1}, 1 has no state, 2 reads
     * the same base and a delta of this checkpoint kept inline, 3 a base of this checkpoint inside its directory.
     */
    static IncrementalKeyGroupsStateHandle incremental(
        final Path sharedDirectory, final Path directory, final long checkpointId)
    {
        return new IncrementalKeyGroupsStateHandle(KeyGroupRange.of(0, 3), checkpointId,
            List.of(new FileStateHandle(sharedDirectory.resolve("base-3"), 512),
                new FileStateHandle(sharedDirectory.resolve("delta-4"), 64),
                new ByteStreamStateHandle("delta-inline", new byte[]{4, 2}),
                new FileStateHandle(directory.resolve("base-own"), 128)),
            new long[]{checkpointId - 2, checkpointId - 1, checkpointId, checkpointId},
            new int[][]{{0, 1}, {}, {0, 2}, {3}});
    }

    /**
     * An SST handle of key groups 0..15 for {@code checkpointId} (at least 2): an SST file of checkpoint
     * {@code checkpointId - 2} in the shared directory, one of this checkpoint inline, and the meta stream and a
     * private file in the checkpoint's directory.
     */
    static IncrementalSstStateHandle sst(final Path sharedDirectory, final Path directory, final long checkpointId)
    {
        return new IncrementalSstStateHandle(KeyGroupRange.of(0, 15), checkpointId,
            new UUID(0xCAFEL, 0xBEEFL),
            new UploadedFile("cairn-meta", new FileStateHandle(directory.resolve("meta"), 77), checkpointId, 77, -5),
            List.of(new UploadedFile("000019.sst", new FileStateHandle(sharedDirectory.resolve("sst-19"), 4096),
                    checkpointId - 2, 4096, 123456789),
                new UploadedFile("000023.sst", new ByteStreamStateHandle("sst-inline", new byte[]{9, 9, 9}),
                    checkpointId, 3, 0)),
            List.of(new UploadedFile("MANIFEST-000024", new FileStateHandle(directory.resolve("manifest"), 250),
                checkpointId, 250, Integer.MIN_VALUE)));
    }

    static CompletedCheckpointStats stats(final long checkpointId)
    {
        return new CompletedCheckpointStats(checkpointId, 1, 2, 3, 4, 5, 6);
    }

    static List<String> fileNames(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map((path) -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static void writeStateFiles(final CheckpointMetadata metadata) throws IOException
    {
        for (final TaskStateSnapshot state : metadata.getTaskStates())
        {
            for (final KeyedStateHandle handle : state.getKeyedState())
            {
                writeIfFile(((KeyGroupsStateHandle)handle).getDelegate());
            }
            for (final OperatorStateHandle handle : state.getOperatorState())
            {
                writeIfFile(handle.getDelegate());
            }
        }
    }

    private static void writeIfFile(final StreamStateHandle handle) throws IOException
    {
        if (handle instanceof FileStateHandle)
        {
            final Path file = ((FileStateHandle)handle).getFilePath();
            Files.createDirectories(file.getParent());
            Files.write(file, "state".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** A stream handle of a type checkpoint metadata cannot record. */
    static final class ForeignStreamHandle implements StreamStateHandle
    {
        private static final long serialVersionUID = 1L;

        @Override
        public PositionedInput openInput()
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public String describe()
        {
            return "foreign";
        }

        @Override
        public void discardState()
        {
        }

        @Override
        public long getStateSize()
        {
            return 0;
        }
    }

    /** A keyed handle of a type checkpoint metadata cannot record. */
    static final class ForeignKeyedHandle implements KeyedStateHandle
    {
        private static final long serialVersionUID = 1L;

        @Override
        public KeyGroupRange getKeyGroupRange()
        {
            return KeyGroupRange.of(0, 0);
        }

        @Override
        public KeyedStateHandle getIntersection(final KeyGroupRange keyGroupRange)
        {
            return null;
        }

        @Override
        public void discardState()
        {
        }

        @Override
        public long getStateSize()
        {
            return 0;
        }
    }
}

package io.cairn.checkpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.StreamStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSystemCheckpointStorageTest
{
    private static final String JOB_ID = "a1b2c3d4e5f6-job";

    @TempDir
    Path base;

    @Test
    void shouldCreateJobLayoutOnInitializeBaseLocations() throws IOException
    {
        final FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(base, JOB_ID);
        storage.initializeBaseLocations();
        storage.initializeBaseLocations();

        final Path jobDirectory = base.resolve(JOB_ID);
        assertEquals(jobDirectory, storage.getCheckpointsDirectory());
        assertEquals(jobDirectory.resolve("shared"), storage.getSharedStateDirectory());
        assertEquals(jobDirectory.resolve("taskowned"), storage.getTaskOwnedStateDirectory());
        assertTrue(Files.isDirectory(storage.getSharedStateDirectory()));
        assertTrue(Files.isDirectory(storage.getTaskOwnedStateDirectory()));
        assertEquals(JOB_ID, storage.getJobId());
        assertTrue(storage.supportsHighlyAvailableStorage());
        assertFalse(storage.hasDefaultSavepointLocation());
        assertNull(storage.getDefaultSavepointDirectory());
        assertEquals(FileSystemCheckpointStorage.DEFAULT_WRITE_BUFFER_SIZE, storage.getWriteBufferSize());
    }

    @Test
    void shouldCreateCheckpointDirectoryWithAbsoluteExternalPointer() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(7);

        final Path expected = base.resolve(JOB_ID).resolve("chk-7");
        assertEquals(expected, location.getDirectory());
        assertTrue(Files.isDirectory(expected));
        assertEquals(7, location.getCheckpointId());
        assertFalse(location.isSavepoint());
        assertEquals(expected.toAbsolutePath().toString(), location.getExternalPointer());
        assertTrue(Path.of(location.getExternalPointer()).isAbsolute());
        assertEquals(expected, location.getStreamFactory().getCheckpointDirectory());
        assertEquals(storage.getSharedStateDirectory(), location.getStreamFactory().getSharedStateDirectory());
    }

    @Test
    void shouldWriteExclusiveStateToCheckpointDirectoryAndSharedStateToSharedDirectory() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(1);

        final FileStateHandle exclusive = write(location, CheckpointedStateScope.EXCLUSIVE, 10);
        final FileStateHandle shared = write(location, CheckpointedStateScope.SHARED, 20);

        assertEquals(location.getDirectory(), exclusive.getFilePath().getParent());
        assertEquals(storage.getSharedStateDirectory(), shared.getFilePath().getParent());
        assertEquals(10, Files.size(exclusive.getFilePath()));
        assertEquals(20, Files.size(shared.getFilePath()));
    }

    @Test
    void shouldWriteTaskOwnedStateToTaskOwnedDirectoryAndKeepItOnDiscard() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final FileStateHandle handle;
        try (CheckpointStateOutputStream out = storage.createTaskOwnedStateStream())
        {
            out.write(new byte[] { 1, 2, 3 });
            handle = (FileStateHandle)out.closeAndGetHandle();
        }

        assertEquals(storage.getTaskOwnedStateDirectory(), handle.getFilePath().getParent());
        handle.discardState();
        assertFalse(Files.exists(handle.getFilePath()));
        assertTrue(Files.isDirectory(storage.getTaskOwnedStateDirectory()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", ".", "..", "a/b", "a\\b", "../escape", "/abs", "job id", "j\u00f6b", "job:1", "a\u0000b", "tab\t" })
    void shouldRejectUnsafeJobIds(final String jobId)
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> new FileSystemCheckpointStorage(base, jobId));
        assertTrue(ex.getMessage().startsWith("jobId="), ex.getMessage());
        assertTrue(ex.getMessage().contains("expected a single path segment"), ex.getMessage());
    }

    @Test
    void shouldRejectNullAndOverlongJobIds()
    {
        assertThrows(IllegalArgumentException.class, () -> new FileSystemCheckpointStorage(base, null));
        assertThrows(IllegalArgumentException.class, () -> new FileSystemCheckpointStorage(base, "x".repeat(256)));
        assertEquals("x".repeat(255), new FileSystemCheckpointStorage(base, "x".repeat(255)).getJobId());
    }

    @ParameterizedTest
    @ValueSource(strings = { "job", "Job-1_a.b", "...", ".hidden", "0" })
    void shouldAcceptSafeJobIds(final String jobId)
    {
        assertEquals(base.resolve(jobId), new FileSystemCheckpointStorage(base, jobId).getCheckpointsDirectory());
    }

    @Test
    void shouldRejectBadOptions()
    {
        final IllegalArgumentException noBase = assertThrows(
            IllegalArgumentException.class, () -> new FileSystemCheckpointStorage(null, JOB_ID));
        assertTrue(noBase.getMessage().startsWith("checkpointBaseDirectory=null"), noBase.getMessage());
        final IllegalArgumentException buffer = assertThrows(
            IllegalArgumentException.class, () -> FileSystemCheckpointStorage.builder(base, JOB_ID).writeBufferSize(0));
        assertEquals("writeBufferSize=0; expected >= 1", buffer.getMessage());
    }

    @Test
    void shouldRejectNegativeCheckpointIds() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final Path target = base.resolve("savepoints");

        for (final Executable call : new Executable[] {
            () -> storage.initializeLocationForCheckpoint(-1),
            () -> storage.initializeLocationForSavepoint(-1, target.toString()),
            () -> storage.createCheckpointStreamFactory(-1),
            () -> storage.resolveCheckpointStorageLocation(-1, null) })
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, call);
            assertEquals("checkpointId=-1; expected >= 0", ex.getMessage());
        }
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(storage.getCheckpointsDirectory().resolve("chk--1")));
    }

    @Test
    void shouldCreateUniqueSavepointDirectoriesUnderTheTarget() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final Path target = base.resolve("savepoints").resolve("nested");
        final Set<Path> directories = new HashSet<>();
        for (int i = 0; i < 50; i++)
        {
            final CheckpointStorageLocation location = storage.initializeLocationForSavepoint(3, target.toString());
            assertTrue(location.isSavepoint());
            assertEquals(target, location.getDirectory().getParent());
            assertTrue(location.getDirectory().getFileName().toString().matches("savepoint-a1b2c3-[0-9a-f]{12}"),
                location.getDirectory().toString());
            assertTrue(Files.isDirectory(location.getDirectory()));
            assertTrue(directories.add(location.getDirectory()), "reused " + location.getDirectory());
        }
    }

    @Test
    void shouldKeepAllOfASavepointsStateInItsDirectory() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final CheckpointStorageLocation location =
            storage.initializeLocationForSavepoint(4, base.resolve("sp").toString());

        final FileStateHandle exclusive = write(location, CheckpointedStateScope.EXCLUSIVE, 5);
        final FileStateHandle shared = write(location, CheckpointedStateScope.SHARED, 6);

        assertEquals(location.getDirectory(), exclusive.getFilePath().getParent());
        assertEquals(location.getDirectory(), shared.getFilePath().getParent());
    }

    @Test
    void shouldUseDefaultSavepointDirectoryWithoutTarget() throws IOException
    {
        final Path defaultDirectory = base.resolve("default-savepoints");
        final FileSystemCheckpointStorage storage = FileSystemCheckpointStorage.builder(base, "short")
            .defaultSavepointDirectory(defaultDirectory)
            .build();

        assertTrue(storage.hasDefaultSavepointLocation());
        assertEquals(defaultDirectory, storage.getDefaultSavepointDirectory());
        final CheckpointStorageLocation location = storage.initializeLocationForSavepoint(9, null);
        assertEquals(defaultDirectory, location.getDirectory().getParent());
        assertTrue(location.getDirectory().getFileName().toString().matches("savepoint-short-[0-9a-f]{12}"));
    }

    @Test
    void shouldRejectSavepointWithoutTargetOrDefault() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();

        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> storage.initializeLocationForSavepoint(1, null));
        assertTrue(ex.getMessage().startsWith("targetLocation=null; expected"), ex.getMessage());
        assertTrue(ex.getMessage().contains("default savepoint directory"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> storage.initializeLocationForSavepoint(1, " "));
    }

    @Test
    void shouldDisposeCheckpointDirectoryOnFailureAndKeepSharedState() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(3);
        write(location, CheckpointedStateScope.EXCLUSIVE, 100);
        write(location, CheckpointedStateScope.EXCLUSIVE, 200);
        final FileStateHandle shared = write(location, CheckpointedStateScope.SHARED, 300);
        Files.createDirectories(location.getDirectory().resolve("nested").resolve("deeper"));
        Files.write(location.getDirectory().resolve("nested").resolve("deeper").resolve("file"), new byte[7]);

        location.disposeOnFailure();
        location.disposeOnFailure();

        assertFalse(Files.exists(location.getDirectory()));
        assertTrue(Files.exists(shared.getFilePath()));
        assertTrue(Files.isDirectory(storage.getSharedStateDirectory()));
        // A late writer of the disposed checkpoint fails and does not bring the directory back.
        assertThrows(IOException.class,
            () -> location.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE));
        assertFalse(Files.exists(location.getDirectory()));
    }

    @Test
    void shouldResolveLocationsForWorkers() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final CheckpointStorageLocation checkpoint = storage.initializeLocationForCheckpoint(5);
        final CheckpointStorageLocation savepoint =
            storage.initializeLocationForSavepoint(6, base.resolve("sp").toString());

        final FsCheckpointStreamFactory byDefault = storage.resolveCheckpointStorageLocation(5, null);
        final FsCheckpointStreamFactory byPointer =
            storage.resolveCheckpointStorageLocation(5, checkpoint.getExternalPointer());
        final FsCheckpointStreamFactory direct = storage.createCheckpointStreamFactory(5);
        for (final FsCheckpointStreamFactory factory : new FsCheckpointStreamFactory[] { byDefault, byPointer, direct })
        {
            assertEquals(checkpoint.getDirectory(), factory.getCheckpointDirectory());
            assertEquals(storage.getSharedStateDirectory(), factory.getSharedStateDirectory());
        }
        final FsCheckpointStreamFactory forSavepoint =
            storage.resolveCheckpointStorageLocation(6, savepoint.getExternalPointer());
        assertEquals(savepoint.getDirectory(), forSavepoint.getCheckpointDirectory());
        assertEquals(savepoint.getDirectory(), forSavepoint.getSharedStateDirectory());
        assertEquals(savepoint.getDirectory(), write(forSavepoint, CheckpointedStateScope.SHARED, 1)
            .getFilePath().getParent());

        final IllegalArgumentException relative = assertThrows(
            IllegalArgumentException.class, () -> storage.resolveCheckpointStorageLocation(5, "relative/dir"));
        assertTrue(relative.getMessage().startsWith("externalPointer=relative/dir; expected"));
        final IllegalArgumentException otherCheckpoint = assertThrows(IllegalArgumentException.class,
            () -> storage.resolveCheckpointStorageLocation(6, checkpoint.getExternalPointer()));
        assertTrue(otherCheckpoint.getMessage().contains("checkpointId=6"), otherCheckpoint.getMessage());
    }

    @Test
    void shouldNotCreateDirectoriesForWorkers() throws IOException
    {
        final FileSystemCheckpointStorage storage = initializedStorage();
        final FsCheckpointStreamFactory factory = storage.createCheckpointStreamFactory(11);

        assertThrows(IOException.class,
            () -> factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE));
        assertFalse(Files.exists(factory.getCheckpointDirectory()));
        assertThrows(IllegalArgumentException.class, () -> factory.createCheckpointStateOutputStream(null));
    }

    private FileSystemCheckpointStorage initializedStorage() throws IOException
    {
        final FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(base, JOB_ID);
        storage.initializeBaseLocations();
        return storage;
    }

    private static FileStateHandle write(
        final CheckpointStreamFactory factory, final CheckpointedStateScope scope, final int length) throws IOException
    {
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope))
        {
            out.write(new byte[length]);
            final StreamStateHandle handle = out.closeAndGetHandle();
            assertNotNull(handle);
            return (FileStateHandle)handle;
        }
    }
}

package io.cairn.checkpoint.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateHandleTest
{
    @TempDir
    Path base;

    private FileSystemCheckpointStorage storage;

    @BeforeEach
    void setUp() throws IOException
    {
        storage = new FileSystemCheckpointStorage(base, "job");
        storage.initializeBaseLocations();
    }

    @Test
    void shouldDeleteFileOnDiscardIdempotently() throws IOException
    {
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(1);
        final FileStateHandle first = write(location, CheckpointedStateScope.EXCLUSIVE);
        final FileStateHandle second = write(location, CheckpointedStateScope.EXCLUSIVE);

        first.discardState();
        first.discardState();

        assertFalse(Files.exists(first.getFilePath()));
        assertTrue(Files.exists(second.getFilePath()));
        assertTrue(Files.isDirectory(location.getDirectory()), "a directory still in use stays");
    }

    @Test
    void shouldDeleteTheFileButNeverItsCheckpointDirectory() throws IOException
    {
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(12);
        final FileStateHandle first = write(location, CheckpointedStateScope.EXCLUSIVE);
        final FileStateHandle second = write(location, CheckpointedStateScope.EXCLUSIVE);

        first.discardState();
        second.discardState();
        second.discardState();

        assertFalse(Files.exists(first.getFilePath()));
        assertFalse(Files.exists(second.getFilePath()));
        assertTrue(Files.isDirectory(location.getDirectory()), "a pending checkpoint keeps its directory");
    }

    @Test
    void shouldNeverRemoveSharedTaskOwnedOrSavepointDirectories() throws IOException
    {
        final CheckpointStorageLocation location = storage.initializeLocationForCheckpoint(2);
        final CheckpointStorageLocation savepoint =
            storage.initializeLocationForSavepoint(3, base.resolve("sp").toString());
        final FileStateHandle shared = write(location, CheckpointedStateScope.SHARED);
        final FileStateHandle inSavepoint = write(savepoint, CheckpointedStateScope.EXCLUSIVE);
        final FileStateHandle taskOwned;
        try (CheckpointStateOutputStream out = storage.createTaskOwnedStateStream())
        {
            out.write(1);
            taskOwned = (FileStateHandle)out.closeAndGetHandle();
        }

        shared.discardState();
        inSavepoint.discardState();
        taskOwned.discardState();

        assertFalse(Files.exists(shared.getFilePath()));
        assertFalse(Files.exists(inSavepoint.getFilePath()));
        assertFalse(Files.exists(taskOwned.getFilePath()));
        assertTrue(Files.isDirectory(storage.getSharedStateDirectory()));
        assertTrue(Files.isDirectory(storage.getTaskOwnedStateDirectory()));
        assertTrue(Files.isDirectory(savepoint.getDirectory()));
    }

    @Test
    void shouldDiscardAFileThatNeverExisted() throws IOException
    {
        final FileStateHandle handle = new FileStateHandle(base.resolve("job").resolve("chk-9").resolve("gone"), 5);

        handle.discardState();

        assertFalse(Files.exists(base.resolve("job").resolve("chk-9")));
        assertThrows(NoSuchFileException.class, handle::openInput);
    }

    @Test
    void shouldCompareByAbsolutePathAndSize() throws IOException, ClassNotFoundException
    {
        final Path relative = Path.of("some", "..", "some", "file");
        final FileStateHandle handle = new FileStateHandle(relative, 10);
        final FileStateHandle same = new FileStateHandle(Path.of("some", "file").toAbsolutePath(), 10);

        assertEquals(Path.of("some", "file").toAbsolutePath(), handle.getFilePath());
        assertEquals(handle.getFilePath().toString(), handle.describe());
        assertEquals(same, handle);
        assertEquals(same.hashCode(), handle.hashCode());
        assertNotEquals(new FileStateHandle(relative, 11), handle);
        assertNotEquals(new FileStateHandle(Path.of("other"), 10), handle);
        assertEquals("FileStateHandle{filePath=" + handle.describe() + ", stateSize=10}", handle.toString());
        assertEquals(10, handle.getStateSize());

        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(handle);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())))
        {
            assertEquals(handle, in.readObject());
        }
    }

    @Test
    void shouldRejectBadArguments()
    {
        final IllegalArgumentException noPath =
            assertThrows(IllegalArgumentException.class, () -> new FileStateHandle(null, 0));
        assertTrue(noPath.getMessage().startsWith("filePath=null; expected"), noPath.getMessage());
        final IllegalArgumentException negative =
            assertThrows(IllegalArgumentException.class, () -> new FileStateHandle(base, -1));
        assertEquals("stateSize=-1; expected >= 0", negative.getMessage());
    }

    private static FileStateHandle write(final CheckpointStreamFactory factory, final CheckpointedStateScope scope)
        throws IOException
    {
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope))
        {
            out.write(new byte[] { 1, 2, 3, 4 });
            return (FileStateHandle)out.closeAndGetHandle();
        }
    }
}

package io.cairn.checkpoint.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.PositionedInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsCheckpointStateOutputStreamTest
{
    private static final int BUFFER_SIZE = 4096;

    @TempDir
    Path base;

    private FileSystemCheckpointStorage storage;
    private CheckpointStorageLocation location;

    @BeforeEach
    void setUp() throws IOException
    {
        storage = FileSystemCheckpointStorage.builder(base, "job").writeBufferSize(BUFFER_SIZE).build();
        storage.initializeBaseLocations();
        location = storage.initializeLocationForCheckpoint(1);
    }

    @Test
    void shouldRoundTripThroughPositionedReads() throws IOException
    {
        final byte[] data = randomBytes(5 * BUFFER_SIZE + 1234, 1);
        final FileStateHandle handle;
        try (CheckpointStateOutputStream out = exclusiveStream())
        {
            // Single bytes, small arrays that fill the buffer, and arrays larger than the buffer.
            int written = 0;
            for (; written < 100; written++)
            {
                out.write(data[written]);
            }
            for (final int length : new int[] { 1, 17, BUFFER_SIZE - 50, BUFFER_SIZE, 2 * BUFFER_SIZE + 3 })
            {
                out.write(data, written, length);
                written += length;
                assertEquals(written, out.getPos());
            }
            out.write(data, written, data.length - written);
            assertEquals(data.length, out.getPos());
            handle = (FileStateHandle)out.closeAndGetHandle();
        }

        assertEquals(data.length, handle.getStateSize());
        assertArrayEquals(data, Files.readAllBytes(handle.getFilePath()));
        try (PositionedInput input = handle.openInput())
        {
            assertEquals(data.length, input.length());
            assertEquals(handle.describe(), input.describe());
            final long[] positions = { 0, 1, BUFFER_SIZE - 1, BUFFER_SIZE, data.length / 2, data.length - 1 };
            for (final long position : positions)
            {
                final int length = (int)Math.min(777, data.length - position);
                final byte[] target = new byte[length + 10];
                input.readFully(position, target, 5, length);
                assertArrayEquals(Arrays.copyOfRange(data, (int)position, (int)position + length),
                    Arrays.copyOfRange(target, 5, 5 + length), "at " + position);
            }
            final byte[] whole = new byte[data.length];
            input.readFully(0, whole, 0, whole.length);
            assertArrayEquals(data, whole);
            input.readFully(data.length, whole, 0, 0);
        }
    }

    @Test
    void shouldWriteArraysLargerThanADirectWriteWhole() throws IOException
    {
        final byte[] data = randomBytes(5 * 1024 * 1024 / 2 + 3, 7);
        final FileStateHandle handle;
        try (CheckpointStateOutputStream out = exclusiveStream())
        {
            out.write(data, 0, 1);
            out.write(data, 1, data.length - 1);
            handle = (FileStateHandle)out.closeAndGetHandle();
        }

        assertEquals(data.length, handle.getStateSize());
        assertArrayEquals(data, Files.readAllBytes(handle.getFilePath()));
    }

    @Test
    void shouldThrowEofNamingFileAndOffsetWhenReadingPastTheEnd() throws IOException
    {
        final FileStateHandle handle = writeHandle(randomBytes(1000, 2));
        final String path = handle.getFilePath().toAbsolutePath().toString();
        try (PositionedInput input = handle.openInput())
        {
            final EOFException across = assertThrows(
                EOFException.class, () -> input.readFully(998, new byte[4], 0, 4));
            assertTrue(across.getMessage().startsWith(path + ": "), across.getMessage());
            assertTrue(across.getMessage().contains("at offset 998"), across.getMessage());
            final EOFException after = assertThrows(
                EOFException.class, () -> input.readFully(5000, new byte[1], 0, 1));
            assertTrue(after.getMessage().contains(path), after.getMessage());
            assertTrue(after.getMessage().contains("at offset 5000"), after.getMessage());
            assertThrows(IllegalArgumentException.class, () -> input.readFully(-1, new byte[1], 0, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> input.readFully(0, new byte[1], 1, 1));
        }
    }

    @Test
    void shouldReturnHandleOnlyOnceTheFileHasItsFullSizeOnDisk() throws IOException
    {
        final byte[] data = randomBytes(BUFFER_SIZE - 1, 3);
        try (CheckpointStateOutputStream out = exclusiveStream())
        {
            final Path file = ((FsCheckpointStateOutputStream)out).file();
            out.write(data);
            // Still buffered: nothing has reached the file yet.
            assertEquals(0, Files.size(file));

            final FileStateHandle handle = (FileStateHandle)out.closeAndGetHandle();

            assertEquals(file.toAbsolutePath(), handle.getFilePath());
            assertEquals(data.length, Files.size(file));
            assertEquals(data.length, handle.getStateSize());
            assertArrayEquals(data, Files.readAllBytes(file));
        }
    }

    @Test
    void shouldNeverReuseFileNames() throws IOException
    {
        // Two "attempts" of the same checkpoint, through two factories, in both scopes. Most streams are abandoned,
        // which frees their names on disk: a name must not come back even then.
        final List<FsCheckpointStreamFactory> factories = List.of(
            storage.createCheckpointStreamFactory(1), storage.resolveCheckpointStorageLocation(1, null));
        final Set<String> names = new HashSet<>();
        int kept = 0;
        for (int i = 0; i < 250; i++)
        {
            for (final FsCheckpointStreamFactory factory : factories)
            {
                for (final CheckpointedStateScope scope : CheckpointedStateScope.values())
                {
                    try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope))
                    {
                        final String name = ((FsCheckpointStateOutputStream)out).file().getFileName().toString();
                        assertEquals(name, UUID.fromString(name).toString());
                        assertTrue(names.add(name), "reused " + name);
                        out.write(i);
                        if (i % 25 == 0)
                        {
                            final FileStateHandle handle = (FileStateHandle)out.closeAndGetHandle();
                            assertEquals(name, handle.getFilePath().getFileName().toString());
                            kept++;
                        }
                    }
                }
            }
        }
        assertEquals(1000, names.size());
        assertEquals(kept / 2, fileCount(location.getDirectory()));
        assertEquals(kept / 2, fileCount(storage.getSharedStateDirectory()));
    }

    @Test
    void shouldDeleteFileWhenClosedWithoutHandle() throws IOException
    {
        final CheckpointStateOutputStream out = exclusiveStream();
        final Path file = ((FsCheckpointStateOutputStream)out).file();
        out.write(randomBytes(3 * BUFFER_SIZE, 4));
        out.flush();
        assertEquals(3 * BUFFER_SIZE, Files.size(file));

        out.close();
        out.close();

        assertFalse(Files.exists(file));
        assertEquals(0, fileCount(location.getDirectory()));
    }

    @Test
    void shouldLeaveNoFileWhenTheWriterFailsMidWrite() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () ->
        {
            try (CheckpointStateOutputStream out = location.createCheckpointStateOutputStream(
                CheckpointedStateScope.SHARED))
            {
                files.add(((FsCheckpointStateOutputStream)out).file());
                out.write(randomBytes(2 * BUFFER_SIZE + 1, 5));
                assertTrue(Files.size(files.get(0)) > 0);
                throw new IllegalStateException("the snapshot failed");
            }
        });

        assertEquals("the snapshot failed", ex.getMessage());
        assertFalse(Files.exists(files.get(0)));
        assertEquals(0, fileCount(storage.getSharedStateDirectory()));
    }

    @Test
    void shouldReturnNullAndLeaveNoFileWhenNothingWasWritten() throws IOException
    {
        try (CheckpointStateOutputStream out = exclusiveStream())
        {
            assertEquals(0, out.getPos());
            assertNull(out.closeAndGetHandle());
        }
        assertEquals(0, fileCount(location.getDirectory()));
    }

    @Test
    void shouldRejectUseAfterCloseNamingTheFile() throws IOException
    {
        final CheckpointStateOutputStream cancelled = exclusiveStream();
        final String cancelledFile = ((FsCheckpointStateOutputStream)cancelled).file().toString();
        cancelled.write(1);
        cancelled.close();
        assertClosed(cancelled, cancelledFile);

        final CheckpointStateOutputStream completed = exclusiveStream();
        final String completedFile = ((FsCheckpointStateOutputStream)completed).file().toString();
        completed.write(1);
        final FileStateHandle handle = (FileStateHandle)completed.closeAndGetHandle();
        assertClosed(completed, completedFile);
        completed.close();
        assertTrue(Files.exists(handle.getFilePath()), "close after closeAndGetHandle must keep the file");
        assertEquals(1, handle.getStateSize());
    }

    @Test
    void shouldDeleteFileWhenCloseAndGetHandleFails() throws IOException
    {
        final CheckpointStateOutputStream out = exclusiveStream();
        final Path file = ((FsCheckpointStateOutputStream)out).file();
        out.write(randomBytes(100, 6));
        // The checkpoint is aborted while the stream is still open: its directory and the file are gone.
        location.disposeOnFailure();

        assertThrows(IOException.class, out::closeAndGetHandle);

        assertFalse(Files.exists(file));
        assertFalse(Files.exists(location.getDirectory()));
        out.close();
    }

    @Test
    void shouldFailCreatingAStreamOverAnExistingFile() throws IOException
    {
        final Path existing = location.getDirectory().resolve("taken");
        Files.write(existing, new byte[] { 42 });

        assertThrows(FileAlreadyExistsException.class,
            () -> new FsCheckpointStateOutputStream(existing, BUFFER_SIZE));

        assertArrayEquals(new byte[] { 42 }, Files.readAllBytes(existing));
    }

    @Test
    void shouldCreateStreamsFromLocationAndFactoryAlike() throws IOException
    {
        final FsCheckpointStreamFactory factory = location.getStreamFactory();
        assertSame(factory, location.getStreamFactory());
        assertEquals(BUFFER_SIZE, factory.getWriteBufferSize());
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(
            CheckpointedStateScope.EXCLUSIVE))
        {
            out.write(7);
            assertEquals(location.getDirectory(), ((FileStateHandle)out.closeAndGetHandle()).getFilePath().getParent());
        }
    }

    private static void assertClosed(final CheckpointStateOutputStream out, final String file)
    {
        for (final IOException ex : new IOException[] {
            assertThrows(IOException.class, () -> out.write(1)),
            assertThrows(IOException.class, () -> out.write(new byte[3], 0, 3)),
            assertThrows(IOException.class, out::flush),
            assertThrows(IOException.class, out::closeAndGetHandle) })
        {
            assertEquals("file=" + file + "; the stream is closed, expected an open stream", ex.getMessage());
        }
    }

    private CheckpointStateOutputStream exclusiveStream() throws IOException
    {
        return location.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE);
    }

    private FileStateHandle writeHandle(final byte[] data) throws IOException
    {
        try (CheckpointStateOutputStream out = exclusiveStream())
        {
            out.write(data);
            return (FileStateHandle)out.closeAndGetHandle();
        }
    }

    private static byte[] randomBytes(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long fileCount(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.count();
        }
    }
}

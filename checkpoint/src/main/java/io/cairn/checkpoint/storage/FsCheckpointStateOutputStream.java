package io.cairn.checkpoint.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.StreamStateHandle;

/**
 * Writes one snapshot stream to a new file, through a heap buffer so that small writes cost no system call.
 *
 * <p>{@link #closeAndGetHandle()} writes what is buffered, fsyncs the file, closes it, checks that the file holds
 * every byte written, fsyncs its directory and only then returns the handle: a handle the coordinator records
 * always names durable bytes. If any of that fails, the file is deleted before the exception is thrown.
 * {@link #close()} without {@link #closeAndGetHandle()} abandons the stream and deletes the file, so a cancelled
 * or failed snapshot leaves nothing behind.
 *
 * <p>Not thread-safe, with one exception: {@link #close()} may be called from another thread to cancel a write.
 * Exactly one of {@link #close()} and {@link #closeAndGetHandle()} takes effect; a write that runs into a
 * concurrent cancellation fails with an {@link IOException}.
 */
final class FsCheckpointStateOutputStream extends CheckpointStateOutputStream
{
    private static final int MAX_DIRECT_WRITE_LENGTH = 1024 * 1024;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private long position;

    /**
     * Creates the file; it must not exist yet.
     *
     * @param file       the file to create.
     * @param bufferSize how many bytes to buffer before writing to the file.
     * @throws IOException if the file exists or cannot be created.
     */
    FsCheckpointStateOutputStream(final Path file, final int bufferSize) throws IOException
    {
        this.file = file;
        this.buffer = ByteBuffer.allocate(bufferSize);
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Creates a stream to a new file in {@code directory}, named by a random UUID so that no name is ever reused,
     * by another attempt, another task or another process.
     *
     * @param directory  where the file goes; it must exist.
     * @param bufferSize how many bytes to buffer before writing to the file.
     * @return the stream.
     * @throws IOException if the file cannot be created (for example, the directory is gone).
     */
    static FsCheckpointStateOutputStream createInDirectory(final Path directory, final int bufferSize)
        throws IOException
    {
        return new FsCheckpointStateOutputStream(directory.resolve(UUID.randomUUID().toString()), bufferSize);
    }

    /** @return the file written. */
    Path file()
    {
        return file;
    }

    @Override
    public void write(final int b) throws IOException
    {
        checkOpen();
        if (!buffer.hasRemaining())
        {
            flushBuffer();
        }
        buffer.put((byte)b);
        position++;
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        checkOpen();
        if (length >= buffer.capacity())
        {
            // Larger than the buffer: straight to the file, one copy less. In slices, as the channel copies a heap
            // array through a temporary direct buffer of the write's size, which the thread then keeps.
            flushBuffer();
            int done = 0;
            while (done < length)
            {
                final int slice = Math.min(length - done, MAX_DIRECT_WRITE_LENGTH);
                writeFully(ByteBuffer.wrap(bytes, offset + done, slice));
                done += slice;
            }
        }
        else
        {
            if (length > buffer.remaining())
            {
                flushBuffer();
            }
            buffer.put(bytes, offset, length);
        }
        position += length;
    }

    /** Writes the buffered bytes to the file; does not fsync (that is {@link #closeAndGetHandle()}'s job). */
    @Override
    public void flush() throws IOException
    {
        checkOpen();
        flushBuffer();
    }

    @Override
    public long getPos()
    {
        return position;
    }

    @Override
    public StreamStateHandle closeAndGetHandle() throws IOException
    {
        if (!closed.compareAndSet(false, true))
        {
            throw closedException();
        }
        try
        {
            if (position == 0)
            {
                channel.close();
                Files.deleteIfExists(file);
                return null;
            }
            flushBuffer();
            channel.force(true);
            channel.close();
            final long size = Files.size(file);
            if (size != position)
            {
                throw new IOException("file=" + file + "; holds " + size + " bytes after fsync, expected " +
                    position + " (changed by another process?)");
            }
            CheckpointDirectories.syncDirectory(file.getParent());
            return new FileStateHandle(file, position);
        }
        catch (final IOException | RuntimeException ex)
        {
            discardFile(ex);
            throw ex;
        }
    }

    /** Abandons the stream, unless {@link #closeAndGetHandle()} was called: closes and deletes the file. */
    @Override
    public void close() throws IOException
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        IOException failure = null;
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            failure = ex;
        }
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            if (failure == null)
            {
                failure = ex;
            }
            else
            {
                failure.addSuppressed(ex);
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    @Override
    public String toString()
    {
        return "FsCheckpointStateOutputStream{file=" + file + ", pos=" + position + ", closed=" + closed.get() + "}";
    }

    private void flushBuffer() throws IOException
    {
        if (buffer.position() > 0)
        {
            buffer.flip();
            writeFully(buffer);
            buffer.clear();
        }
    }

    private void writeFully(final ByteBuffer source) throws IOException
    {
        while (source.hasRemaining())
        {
            channel.write(source);
        }
    }

    private void checkOpen() throws IOException
    {
        if (closed.get())
        {
            throw closedException();
        }
    }

    private IOException closedException()
    {
        return new IOException("file=" + file + "; the stream is closed, expected an open stream");
    }

    private void discardFile(final Throwable cause)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            cause.addSuppressed(ex);
        }
        try
        {
            Files.deleteIfExists(file);
        }
        catch (final IOException ex)
        {
            cause.addSuppressed(ex);
        }
    }
}

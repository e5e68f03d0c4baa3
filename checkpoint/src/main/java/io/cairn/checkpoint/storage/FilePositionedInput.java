package io.cairn.checkpoint.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.cairn.snapshot.PositionedInput;

/**
 * Positional reads of a file through a {@link FileChannel}. Reads never move a shared position, so one input may
 * serve several threads at once.
 */
final class FilePositionedInput implements PositionedInput
{
    private final String name;
    private final FileChannel channel;

    FilePositionedInput(final Path file) throws IOException
    {
        this.name = file.toString();
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    /**
     * @return the file's length now.
     * @throws UncheckedIOException if the file's size cannot be read (the interface allows no checked exception).
     */
    @Override
    public long length()
    {
        try
        {
            return channel.size();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("file=" + name + "; could not read its length", ex);
        }
    }

    @Override
    public void readFully(final long position, final byte[] target, final int offset, final int length)
        throws IOException
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("position=" + position + "; expected >= 0 (file=" + name + ")");
        }
        if (target == null || offset < 0 || length < 0 || offset > target.length - length)
        {
            throw new IndexOutOfBoundsException("offset=" + offset + ", length=" + length + ", target.length=" +
                (target == null ? "null" : String.valueOf(target.length)) + "; expected a range inside target");
        }
        final ByteBuffer buffer = ByteBuffer.wrap(target, offset, length);
        while (buffer.hasRemaining())
        {
            final long at = position + buffer.position() - offset;
            if (channel.read(buffer, at) < 0)
            {
                throw new EOFException(name + ": read of " + length + " bytes at offset " + position +
                    " runs past the end of the file at offset " + at + " (file length " + channel.size() + ")");
            }
        }
    }

    @Override
    public String describe()
    {
        return name;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
    }

    @Override
    public String toString()
    {
        return "FilePositionedInput{file=" + name + "}";
    }
}

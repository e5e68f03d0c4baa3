package io.cairn.rocksdb;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CancellationException;
import java.util.zip.CRC32C;

import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.PositionedInput;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.snapshot.UploadedFile;

/**
 * Copies local files into checkpoint streams and back, with the integrity check every Cairn stream has: the length
 * and CRC32C of the bytes, computed while they are copied up, recorded in the {@link UploadedFile}, and checked
 * while they are copied down, so a damaged, truncated or swapped stream is a {@link CorruptedStateException} naming
 * the stream before RocksDB opens any of it.
 */
final class UploadedFiles
{
    private static final int BUFFER_LENGTH = 64 << 10;

    private UploadedFiles()
    {
    }

    /** @return a buffer for {@link #upload} and {@link #download}: one per snapshot or restore, for all its files. */
    static byte[] newCopyBuffer()
    {
        return new byte[BUFFER_LENGTH];
    }

    /**
     * Copies a local file into a new stream. A cancelled snapshot interrupts the copy: the stream is abandoned.
     *
     * @param file         the local file.
     * @param factory      where the stream is created.
     * @param scope        SHARED for an SST file, EXCLUSIVE for the others.
     * @param checkpointId the checkpoint uploading it.
     * @param buffer       a buffer from {@link #newCopyBuffer()}, not used by another copy at the same time.
     * @return the uploaded file, with its length and CRC32C.
     * @throws IOException           if the file cannot be read or the stream written.
     * @throws CancellationException if the thread is interrupted.
     */
    static UploadedFile upload(
        final Path file,
        final CheckpointStreamFactory factory,
        final CheckpointedStateScope scope,
        final long checkpointId,
        final byte[] buffer) throws IOException
    {
        final String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file);
            CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope))
        {
            final Checksummed checksummed = new Checksummed(out);
            int read;
            while ((read = in.read(buffer)) > 0)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    throw new CancellationException("the upload of " + file + " for checkpoint " + checkpointId +
                        " was cancelled");
                }
                checksummed.write(buffer, 0, read);
            }
            return uploaded(name, out, checksummed, checkpointId);
        }
    }

    /**
     * Makes what was written durable and describes it: a stream of nothing is kept inline, as an empty
     * {@link ByteStreamStateHandle} (stream factories return no handle for no bytes).
     */
    static UploadedFile uploaded(
        final String fileName, final CheckpointStateOutputStream out, final Checksummed checksummed,
        final long checkpointId) throws IOException
    {
        final StreamStateHandle written = out.closeAndGetHandle();
        final StreamStateHandle stream = written != null ? written :
            new ByteStreamStateHandle(fileName + " of checkpoint " + checkpointId + " (empty)", new byte[0]);
        return new UploadedFile(fileName, stream, checkpointId, checksummed.length(), checksummed.crc32c());
    }

    /**
     * Copies an uploaded file into {@code target}, checking its length before and its CRC32C after.
     *
     * @param file   the uploaded file.
     * @param target a local file that does not exist yet.
     * @param buffer a buffer from {@link #newCopyBuffer()}, not used by another copy at the same time.
     * @throws CorruptedStateException if the stream's length or CRC32C is not the recorded one (the partial copy
     *                                 is left for the caller to delete with its directory).
     * @throws IOException             if the stream cannot be read or the file written.
     */
    static void download(final UploadedFile file, final Path target, final byte[] buffer) throws IOException
    {
        try (PositionedInput in = file.stream().openInput();
            OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW))
        {
            final long length = checkLength(file, in);
            final CRC32C crc = new CRC32C();
            for (long position = 0; position < length; )
            {
                final int chunk = (int)Math.min(buffer.length, length - position);
                in.readFully(position, buffer, 0, chunk);
                crc.update(buffer, 0, chunk);
                out.write(buffer, 0, chunk);
                position += chunk;
            }
            checkCrc(file, in.describe(), (int)crc.getValue());
        }
    }

    /**
     * Reads a small uploaded file (a meta stream) into memory, checking its length and CRC32C.
     *
     * @param file the uploaded file.
     * @return its bytes.
     * @throws CorruptedStateException if the stream's length or CRC32C is not the recorded one.
     * @throws IOException             if the stream cannot be read.
     */
    static byte[] read(final UploadedFile file) throws IOException
    {
        try (PositionedInput in = file.stream().openInput())
        {
            final long length = checkLength(file, in);
            if (length > Integer.MAX_VALUE - 8)
            {
                throw new CorruptedStateException(in.describe(), 0, file.fileName() + " has " + length +
                    " bytes; expected a meta stream, a few kilobytes");
            }
            final byte[] bytes = new byte[(int)length];
            in.readFully(0, bytes, 0, bytes.length);
            final CRC32C crc = new CRC32C();
            crc.update(bytes);
            checkCrc(file, in.describe(), (int)crc.getValue());
            return bytes;
        }
    }

    private static long checkLength(final UploadedFile file, final PositionedInput in) throws IOException
    {
        final long length = in.length();
        if (length != file.length())
        {
            throw new CorruptedStateException(in.describe(), Math.min(length, file.length()), file.fileName() +
                " of checkpoint " + file.checkpointId() + ": the stream has " + length + " bytes; expected " +
                file.length() + ", as the checkpoint recorded (truncated, grown, or not the file it wrote)");
        }
        return length;
    }

    private static void checkCrc(final UploadedFile file, final String stream, final int crc32c)
        throws CorruptedStateException
    {
        if (crc32c != file.crc32c())
        {
            throw new CorruptedStateException(stream, 0, file.fileName() + " of checkpoint " +
                file.checkpointId() + ": the CRC32C of its " + file.length() + " bytes is " +
                Integer.toHexString(crc32c) + "; expected " + Integer.toHexString(file.crc32c()) +
                ", as the checkpoint recorded (the bytes are damaged)");
        }
    }

    /** Counts the bytes written through it and keeps their CRC32C; does not close the stream it writes to. */
    static final class Checksummed extends FilterOutputStream
    {
        private final CRC32C crc = new CRC32C();
        private long length;

        Checksummed(final OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final int b) throws IOException
        {
            out.write(b);
            crc.update(b);
            length++;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            out.write(b, off, len);
            crc.update(b, off, len);
            length += len;
        }

        @Override
        public void close()
        {
            // The stream belongs to the caller: closing it without closeAndGetHandle() would abandon it.
        }

        long length()
        {
            return length;
        }

        int crc32c()
        {
            return (int)crc.getValue();
        }
    }
}

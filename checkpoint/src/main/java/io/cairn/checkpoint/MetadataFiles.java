package io.cairn.checkpoint;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import io.cairn.checkpoint.storage.CheckpointDirectories;

/**
 * The file operations behind checkpoint metadata: writing a file atomically and durably, making a directory's
 * entries durable, and deleting a checkpoint directory that never completed.
 */
final class MetadataFiles
{
    /** How the temporary name of a metadata file being written starts; a random UUID follows. */
    static final String IN_PROGRESS_PREFIX = ".inprogress-";

    private static final int WRITE_BUFFER_SIZE = 64 * 1024;

    private MetadataFiles()
    {
    }

    /** Writes the content of a file to a stream it does not close. */
    @FunctionalInterface
    interface Content
    {
        /**
         * @param out where the content goes.
         * @throws IOException if writing fails.
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes a new file so that, after a crash at any moment, it either does not exist or holds all of its content:
     * the content goes to {@code <target>.inprogress-<uuid>} in the same directory, is fsynced, and the temporary
     * file is renamed atomically to the target; then the directory is fsynced, so the rename itself is durable.
     * If anything fails before the rename, the temporary file is deleted and the target is never created.
     *
     * @param target  the file to create.
     * @param content its content.
     * @throws IllegalStateException if the target exists: it is never overwritten.
     * @throws IOException           if the file cannot be written.
     */
    static void writeAtomically(final Path target, final Content content) throws IOException
    {
        checkAbsent(target);
        final Path directory = target.getParent();
        final Path temporary = target.resolveSibling(target.getFileName() + IN_PROGRESS_PREFIX + UUID.randomUUID());
        try
        {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE))
            {
                // The buffered stream is flushed, not closed: closing it would close the channel before the fsync.
                final OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), WRITE_BUFFER_SIZE);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            // A second check narrows the window in which a concurrent writer of the same file could be replaced;
            // one checkpoint has one writer, so this only ever catches a caller's mistake.
            checkAbsent(target);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            try
            {
                Files.deleteIfExists(temporary);
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        CheckpointDirectories.syncDirectory(directory);
    }

    private static void checkAbsent(final Path target)
    {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IllegalStateException("file=" + target + "; already exists, expected no metadata yet " +
                "(metadata is written once and never overwritten)");
        }
    }
}

package io.cairn.checkpoint.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The directory layout of filesystem checkpoint storage, and the few file operations on it that must be exact
 * about what they delete and what they make durable.
 *
 * <pre>
 *  &lt;base&gt;/&lt;job-id&gt;/            the job's checkpoints directory
 *      chk-&lt;id&gt;/                 exclusive state of checkpoint &lt;id&gt;, deleted with it
 *      shared/                   state referenced by several checkpoints (incremental state)
 *      taskowned/                state owned by the tasks, never deleted by a checkpoint
 *  &lt;savepoint target&gt;/savepoint-&lt;job-id prefix&gt;-&lt;random&gt;/   one self-contained savepoint
 * </pre>
 */
public final class CheckpointDirectories
{
    /** How the directory of a checkpoint's exclusive state starts; the checkpoint id follows. */
    static final String CHECKPOINT_DIR_PREFIX = "chk-";
    /** The directory of state shared between checkpoints. */
    static final String SHARED_STATE_DIR = "shared";
    /** The directory of task-owned state. */
    static final String TASK_OWNED_STATE_DIR = "taskowned";
    /** How a savepoint's directory starts. */
    static final String SAVEPOINT_DIR_PREFIX = "savepoint-";

    private static final int MAX_SEGMENT_LENGTH = 255;

    private CheckpointDirectories()
    {
    }

    /**
     * @param checkpointId a checkpoint id.
     * @return the name of its exclusive directory.
     */
    static String checkpointDirectoryName(final long checkpointId)
    {
        return CHECKPOINT_DIR_PREFIX + checkpointId;
    }


    /**
     * @param checkpointsDirectory a job's checkpoints directory, {@code <base>/<job-id>}.
     * @return its directory of shared state, {@code <base>/<job-id>/shared}.
     */
    public static Path sharedStateDirectory(final Path checkpointsDirectory)
    {
        return checkpointsDirectory.resolve(SHARED_STATE_DIR);
    }

    /**
     * @param jobId a job id.
     * @return the id, if it is safe as a single path segment.
     * @throws IllegalArgumentException if it is not.
     */
    static String checkJobId(final String jobId)
    {
        if (jobId == null || jobId.isEmpty() || jobId.length() > MAX_SEGMENT_LENGTH ||
            ".".equals(jobId) || "..".equals(jobId))
        {
            throw badJobId(jobId);
        }
        for (int i = 0; i < jobId.length(); i++)
        {
            final char c = jobId.charAt(i);
            final boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '_' || c == '.';
            if (!safe)
            {
                throw badJobId(jobId);
            }
        }
        return jobId;
    }

    /**
     * @param checkpointId a checkpoint id.
     * @return the id, if it is not negative.
     * @throws IllegalArgumentException if it is.
     */
    static long checkCheckpointId(final long checkpointId)
    {
        if (checkpointId < 0)
        {
            throw new IllegalArgumentException("checkpointId=" + checkpointId + "; expected >= 0");
        }
        return checkpointId;
    }


    /**
     * Deletes a directory and everything in it, without following symbolic links. Idempotent.
     *
     * @param directory the directory.
     * @throws IOException if something in it could not be deleted.
     */
    public static void deleteRecursively(final Path directory) throws IOException
    {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                throws IOException
            {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(final Path file, final IOException ex) throws IOException
            {
                if (ex instanceof NoSuchFileException)
                {
                    return FileVisitResult.CONTINUE;
                }
                throw ex;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException ex) throws IOException
            {
                if (ex != null && !(ex instanceof NoSuchFileException))
                {
                    throw ex;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Makes a directory's entries durable (fsync of the directory), so that a file created in it survives a
     * crash of the machine and not only its contents. Some platforms and filesystems cannot open or sync a
     * directory; there the file's own fsync is all that can be done, and the failure is ignored.
     *
     * @param directory the directory.
     */
    public static void syncDirectory(final Path directory)
    {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ignore)
        {
            // A directory that cannot be opened or synced (some platforms refuse either) is not a failure.
        }
    }

    private static IllegalArgumentException badJobId(final String jobId)
    {
        return new IllegalArgumentException("jobId=" + (jobId == null ? "null" : "\"" + jobId + "\"") +
            "; expected a single path segment of 1 to " + MAX_SEGMENT_LENGTH +
            " ASCII letters, digits, '-', '_' or '.', other than \".\" and \"..\"");
    }
}

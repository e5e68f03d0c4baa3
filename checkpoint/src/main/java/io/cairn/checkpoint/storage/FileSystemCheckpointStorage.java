package io.cairn.checkpoint.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import io.cairn.snapshot.CheckpointStateOutputStream;

/**
 * Checkpoint storage on a filesystem: the directories of one job's checkpoints and savepoints, and the stream
 * factories that write into them. The layout:
 *
 * <pre>
 *  &lt;base&gt;/&lt;job-id&gt;/chk-&lt;id&gt;/    exclusive state of checkpoint &lt;id&gt;: deleted with the checkpoint
 *  &lt;base&gt;/&lt;job-id&gt;/shared/      state referenced by several checkpoints (incremental state)
 *  &lt;base&gt;/&lt;job-id&gt;/taskowned/   state the tasks own, never deleted by a checkpoint
 *  &lt;target&gt;/savepoint-&lt;job-id prefix&gt;-&lt;random&gt;/   a savepoint: all its state, nothing shared
 * </pre>
 *
 * <p>The coordinator calls {@link #initializeBaseLocations()} once, then
 * {@link #initializeLocationForCheckpoint(long)} or {@link #initializeLocationForSavepoint(long, String)} per
 * snapshot. A worker, possibly in another process, writes through {@link #createCheckpointStreamFactory(long)},
 * {@link #resolveCheckpointStorageLocation(long, String)} and {@link #createTaskOwnedStateStream()}; it never
 * creates directories, so a late writer of an aborted checkpoint fails instead of leaving files behind.
 *
 * <p>Every file is written to a fresh name (a random UUID), fsynced before its handle is returned, and its
 * directory entry fsynced too. Immutable and thread-safe.
 */
public final class FileSystemCheckpointStorage
{
    /** How many bytes a stream buffers before writing to its file, unless configured otherwise: 64 KiB. */
    public static final int DEFAULT_WRITE_BUFFER_SIZE = 64 * 1024;

    private static final int JOB_ID_PREFIX_LENGTH = 6;
    private static final int SAVEPOINT_RANDOM_LENGTH = 12;
    private static final int SAVEPOINT_DIRECTORY_ATTEMPTS = 10;

    private final String jobId;
    private final Path checkpointsDirectory;
    private final Path sharedStateDirectory;
    private final Path taskOwnedStateDirectory;
    private final Path defaultSavepointDirectory;
    private final int writeBufferSize;

    /**
     * Storage with no default savepoint directory and the default write buffer.
     *
     * @param checkpointBaseDirectory the directory under which every job's checkpoints go.
     * @param jobId                   the job's id: a single path segment of ASCII letters, digits, '-', '_' and
     *                                '.', other than "." and "..".
     * @throws IllegalArgumentException if an argument is null or the job id is not a safe path segment.
     */
    public FileSystemCheckpointStorage(final Path checkpointBaseDirectory, final String jobId)
    {
        this(builder(checkpointBaseDirectory, jobId));
    }

    private FileSystemCheckpointStorage(final Builder builder)
    {
        this.jobId = builder.jobId;
        this.checkpointsDirectory = builder.checkpointBaseDirectory.resolve(builder.jobId);
        this.sharedStateDirectory = CheckpointDirectories.sharedStateDirectory(checkpointsDirectory);
        this.taskOwnedStateDirectory = checkpointsDirectory.resolve(CheckpointDirectories.TASK_OWNED_STATE_DIR);
        this.defaultSavepointDirectory = builder.defaultSavepointDirectory;
        this.writeBufferSize = builder.writeBufferSize;
    }

    /**
     * @param checkpointBaseDirectory the directory under which every job's checkpoints go.
     * @param jobId                   the job's id: a single path segment of ASCII letters, digits, '-', '_' and
     *                                '.', other than "." and "..".
     * @return a builder for the rest of the options.
     * @throws IllegalArgumentException if an argument is null or the job id is not a safe path segment.
     */
    public static Builder builder(final Path checkpointBaseDirectory, final String jobId)
    {
        return new Builder(checkpointBaseDirectory, jobId);
    }

    /**
     * Creates the job's directories: its checkpoints directory, {@code shared/} and {@code taskowned/}. Idempotent.
     *
     * @throws IOException if they cannot be created.
     */
    public void initializeBaseLocations() throws IOException
    {
        Files.createDirectories(sharedStateDirectory);
        Files.createDirectories(taskOwnedStateDirectory);
    }

    /**
     * Creates the directory of a checkpoint's exclusive state, {@code chk-<id>}.
     *
     * @param checkpointId the checkpoint's id, not negative.
     * @return its location.
     * @throws IllegalArgumentException if the id is negative.
     * @throws IOException              if the directory cannot be created.
     */
    public CheckpointStorageLocation initializeLocationForCheckpoint(final long checkpointId) throws IOException
    {
        final Path directory = checkpointDirectory(CheckpointDirectories.checkCheckpointId(checkpointId));
        Files.createDirectories(directory);
        return new CheckpointStorageLocation(checkpointId, directory, false,
            new FsCheckpointStreamFactory(directory, sharedStateDirectory, writeBufferSize));
    }

    /**
     * Creates a new, uniquely named savepoint directory, {@code savepoint-<job-id prefix>-<random>}, under the
     * target location, or under the default savepoint directory if there is none. The savepoint keeps all of its
     * state there, shared or not, so it can outlive the job's checkpoints.
     *
     * @param checkpointId   the savepoint's checkpoint id, not negative.
     * @param targetLocation the directory to put the savepoint in, or null for the default savepoint directory.
     * @return its location.
     * @throws IllegalArgumentException if the id is negative, or there is neither a target nor a default.
     * @throws IOException              if the directory cannot be created.
     */
    public CheckpointStorageLocation initializeLocationForSavepoint(
        final long checkpointId, final String targetLocation) throws IOException
    {
        CheckpointDirectories.checkCheckpointId(checkpointId);
        final Path parent;
        if (targetLocation != null)
        {
            if (targetLocation.isBlank())
            {
                throw new IllegalArgumentException("targetLocation=\"" + targetLocation +
                    "\"; expected a directory, or null for the default savepoint directory");
            }
            parent = absolute(Path.of(targetLocation));
        }
        else if (defaultSavepointDirectory != null)
        {
            parent = defaultSavepointDirectory;
        }
        else
        {
            throw new IllegalArgumentException("targetLocation=null; expected a savepoint target location, as " +
                "this storage has no default savepoint directory (see Builder.defaultSavepointDirectory)");
        }
        Files.createDirectories(parent);
        final String prefix = CheckpointDirectories.SAVEPOINT_DIR_PREFIX +
            jobId.substring(0, Math.min(JOB_ID_PREFIX_LENGTH, jobId.length())) + "-";
        FileAlreadyExistsException lastCollision = null;
        for (int attempt = 0; attempt < SAVEPOINT_DIRECTORY_ATTEMPTS; attempt++)
        {
            final Path directory = parent.resolve(prefix + randomHex());
            try
            {
                Files.createDirectory(directory);
            }
            catch (final FileAlreadyExistsException ex)
            {
                lastCollision = ex;
                continue;
            }
            return new CheckpointStorageLocation(checkpointId, directory, true,
                new FsCheckpointStreamFactory(directory, directory, writeBufferSize));
        }
        throw new IOException("targetLocation=" + parent + "; could not create a unique savepoint directory in " +
            SAVEPOINT_DIRECTORY_ATTEMPTS + " attempts", lastCollision);
    }

    /**
     * The stream factory of a checkpoint at its default location, for a worker: exclusive state goes to
     * {@code chk-<id>}, shared state to {@code shared/}. The coordinator creates those directories; this does not.
     *
     * @param checkpointId the checkpoint's id, not negative.
     * @return the factory.
     * @throws IllegalArgumentException if the id is negative.
     */
    public FsCheckpointStreamFactory createCheckpointStreamFactory(final long checkpointId)
    {
        final Path directory = checkpointDirectory(CheckpointDirectories.checkCheckpointId(checkpointId));
        return new FsCheckpointStreamFactory(directory, sharedStateDirectory, writeBufferSize);
    }

    /**
     * The stream factory of a checkpoint by the location the coordinator chose, for a worker.
     *
     * @param checkpointId    the checkpoint's id, not negative.
     * @param externalPointer the location's {@link CheckpointStorageLocation#getExternalPointer()}, or null for
     *                        the checkpoint's default location. Any other directory is taken for a savepoint's,
     *                        which holds all its state.
     * @return the factory.
     * @throws IllegalArgumentException if the id is negative, the pointer is not an absolute path, or it names the
     *                                  directory of another checkpoint of this job.
     */
    public FsCheckpointStreamFactory resolveCheckpointStorageLocation(
        final long checkpointId, final String externalPointer)
    {
        final FsCheckpointStreamFactory defaultFactory = createCheckpointStreamFactory(checkpointId);
        if (externalPointer == null)
        {
            return defaultFactory;
        }
        final Path directory = Path.of(externalPointer);
        if (!directory.isAbsolute())
        {
            throw new IllegalArgumentException("externalPointer=" + externalPointer +
                "; expected the absolute path of a checkpoint or savepoint directory");
        }
        final Path normalized = directory.normalize();
        if (normalized.equals(defaultFactory.getCheckpointDirectory()))
        {
            return defaultFactory;
        }
        if (checkpointsDirectory.equals(normalized.getParent()))
        {
            throw new IllegalArgumentException("externalPointer=" + externalPointer + ", checkpointId=" +
                checkpointId + "; expected " + defaultFactory.getCheckpointDirectory() + " or a savepoint directory");
        }
        return new FsCheckpointStreamFactory(normalized, normalized, writeBufferSize);
    }

    /**
     * A stream to a new file in {@code taskowned/}: state a task owns and deletes itself, which no checkpoint
     * deletes.
     *
     * @return the stream; the caller closes it.
     * @throws IOException if the file cannot be created (for example, before {@link #initializeBaseLocations()}).
     */
    public CheckpointStateOutputStream createTaskOwnedStateStream() throws IOException
    {
        return FsCheckpointStateOutputStream.createInDirectory(taskOwnedStateDirectory, writeBufferSize);
    }

    /**
     * True: the files are as available as the directory is. Any directory every process of the job can see
     * works, be it a local disk for a job in one process or a shared or network filesystem mounted by all;
     * nothing is kept only in one process's memory.
     *
     * @return true.
     */
    public boolean supportsHighlyAvailableStorage()
    {
        return true;
    }

    /** @return true if savepoints without a target location go to a default savepoint directory. */
    public boolean hasDefaultSavepointLocation()
    {
        return defaultSavepointDirectory != null;
    }

    /** @return the default savepoint directory, or null if there is none. */
    public Path getDefaultSavepointDirectory()
    {
        return defaultSavepointDirectory;
    }

    /** @return the job's id. */
    public String getJobId()
    {
        return jobId;
    }

    /** @return the job's checkpoints directory, {@code <base>/<job-id>}. */
    public Path getCheckpointsDirectory()
    {
        return checkpointsDirectory;
    }

    /** @return the directory of state shared between checkpoints, {@code <base>/<job-id>/shared}. */
    public Path getSharedStateDirectory()
    {
        return sharedStateDirectory;
    }

    /** @return the directory of task-owned state, {@code <base>/<job-id>/taskowned}. */
    public Path getTaskOwnedStateDirectory()
    {
        return taskOwnedStateDirectory;
    }

    /** @return how many bytes a stream buffers before writing to its file. */
    public int getWriteBufferSize()
    {
        return writeBufferSize;
    }

    @Override
    public String toString()
    {
        return "FileSystemCheckpointStorage{checkpointsDirectory=" + checkpointsDirectory +
            ", defaultSavepointDirectory=" + defaultSavepointDirectory + ", writeBufferSize=" + writeBufferSize + "}";
    }

    private Path checkpointDirectory(final long checkpointId)
    {
        return checkpointsDirectory.resolve(CheckpointDirectories.checkpointDirectoryName(checkpointId));
    }

    private static String randomHex()
    {
        // The top 48 bits of a random UUID are all random (its version digit comes after them): 12 hex digits,
        // padded by a leading 1 that is cut off again.
        final long bits = UUID.randomUUID().getMostSignificantBits() >>> (Long.SIZE - 4 * SAVEPOINT_RANDOM_LENGTH);
        return Long.toHexString(bits | (1L << (4 * SAVEPOINT_RANDOM_LENGTH))).substring(1);
    }

    private static Path absolute(final Path path)
    {
        return path.toAbsolutePath().normalize();
    }

    /** Options of a {@link FileSystemCheckpointStorage}, checked as they are set. */
    public static final class Builder
    {
        private final Path checkpointBaseDirectory;
        private final String jobId;
        private Path defaultSavepointDirectory;
        private int writeBufferSize = DEFAULT_WRITE_BUFFER_SIZE;

        private Builder(final Path checkpointBaseDirectory, final String jobId)
        {
            if (checkpointBaseDirectory == null)
            {
                throw new IllegalArgumentException("checkpointBaseDirectory=null; expected a directory");
            }
            this.checkpointBaseDirectory = absolute(checkpointBaseDirectory);
            this.jobId = CheckpointDirectories.checkJobId(jobId);
        }

        /**
         * @param directory where savepoints without a target location go, or null for none (the default).
         * @return this builder.
         */
        public Builder defaultSavepointDirectory(final Path directory)
        {
            this.defaultSavepointDirectory = directory == null ? null : absolute(directory);
            return this;
        }

        /**
         * @param bytes how many bytes a stream buffers before writing to its file; at least 1. Default
         *              {@link #DEFAULT_WRITE_BUFFER_SIZE}.
         * @return this builder.
         * @throws IllegalArgumentException if {@code bytes < 1}.
         */
        public Builder writeBufferSize(final int bytes)
        {
            if (bytes < 1)
            {
                throw new IllegalArgumentException("writeBufferSize=" + bytes + "; expected >= 1");
            }
            this.writeBufferSize = bytes;
            return this;
        }

        /** @return the storage. */
        public FileSystemCheckpointStorage build()
        {
            return new FileSystemCheckpointStorage(this);
        }
    }
}

package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import io.cairn.checkpoint.storage.CheckpointDirectories;
import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SharedStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * The completed checkpoints of a job whose checkpoints live in a directory on a filesystem
 * ({@code <base>/<job-id>/chk-<id>/}), recovered from that directory when the store opens: a job that restarts
 * finds its latest checkpoint by itself.
 *
 * <p>{@link #open} scans the {@code chk-<id>} directories. A checkpoint is complete exactly when its
 * {@code _metadata} is there (it is written last, atomically):
 * <ul>
 *     <li>a directory with valid metadata is a completed checkpoint; the newest {@code maxRetained} are retained,
 *     older ones are discarded (a subsumption that a crash interrupted), except for files that a retained
 *     checkpoint still references;</li>
 *     <li>a directory without metadata (state files, perhaps a {@code _metadata.inprogress-*} left by a crash) is a
 *     checkpoint that never completed, and is deleted;</li>
 *     <li>a directory whose metadata is damaged is never deleted, but kept for inspection and reported in
 *     {@link #getDamagedCheckpoints()}; if it is newer than every valid checkpoint, {@link RecoveryMode} decides
 *     whether opening fails or falls back to the newest valid one.</li>
 * </ul>
 * The shared and exclusive streams of incremental handles ({@link SharedStateHandle}) count as referenced like any
 * other file. Last, every regular file
 * directly in the job's {@code shared/} directory that no retained checkpoint references is deleted: what checkpoints
 * beyond retention, checkpoints that never completed and interrupted subsumptions left there. (A damaged checkpoint is
 * never restored from; the shared files only it might reference are not spared, its own directory is.) The
 * coordinator then rebuilds its {@link SharedStateRegistry} from the retained checkpoints.
 * Open a store only while no checkpoint of the job is being written: a checkpoint in progress looks incomplete, and
 * its shared streams unreferenced.
 *
 * <p>After opening, it behaves as a {@link StandaloneCompletedCheckpointStore}: thread-safe, lock-free adds,
 * subsumed checkpoints returned for the caller to discard. The caller writes each checkpoint's metadata
 * ({@link CheckpointMetadataSerializer#write}) before adding it.
 */
public final class FileSystemCompletedCheckpointStore implements CompletedCheckpointStore
{
    private static final String CHECKPOINT_DIR_PREFIX = "chk-";

    private final Path directory;
    private final String jobId;
    private final List<DamagedCheckpoint> damagedCheckpoints;
    private final StandaloneCompletedCheckpointStore checkpoints;

    private FileSystemCompletedCheckpointStore(
        final Path directory,
        final String jobId,
        final List<DamagedCheckpoint> damagedCheckpoints,
        final StandaloneCompletedCheckpointStore checkpoints)
    {
        this.directory = directory;
        this.jobId = jobId;
        this.damagedCheckpoints = List.copyOf(damagedCheckpoints);
        this.checkpoints = checkpoints;
    }

    /**
     * Opens the store of a job's checkpoints directory, recovering its completed checkpoints and cleaning up what
     * a crash left (see the class comment). A directory that does not exist yet holds no checkpoint.
     *
     * @param jobCheckpointsDirectory the job's checkpoints directory, {@code <base>/<job-id>}.
     * @param jobId                   the job; metadata of another job counts as damaged.
     * @param maxRetained             how many checkpoints to retain at most, at least 1.
     * @param mode                    what to do if the newest checkpoint's metadata is damaged.
     * @return the store, retaining the newest valid checkpoints.
     * @throws IllegalArgumentException if an argument is null or {@code maxRetained < 1}.
     * @throws CorruptedStateException  in {@link RecoveryMode#STRICT}, if a checkpoint newer than every valid one
     *                                  is damaged; nothing was deleted then.
     * @throws IOException              if the directory cannot be read, or leftovers cannot be deleted.
     */
    public static FileSystemCompletedCheckpointStore open(
        final Path jobCheckpointsDirectory, final String jobId, final int maxRetained, final RecoveryMode mode)
        throws IOException
    {
        if (jobCheckpointsDirectory == null || jobId == null || mode == null)
        {
            throw new IllegalArgumentException("jobCheckpointsDirectory=" + jobCheckpointsDirectory + ", jobId=" +
                jobId + ", mode=" + mode + "; expected all non-null");
        }
        final StandaloneCompletedCheckpointStore store = new StandaloneCompletedCheckpointStore(maxRetained);
        final Path directory = jobCheckpointsDirectory.toAbsolutePath().normalize();
        final NavigableMap<Long, CheckpointMetadata> valid = new TreeMap<>();
        final List<Path> incomplete = new ArrayList<>();
        final List<DamagedCheckpoint> damaged = new ArrayList<>();
        for (final Map.Entry<Long, Path> entry : checkpointDirectories(directory).entrySet())
        {
            final long checkpointId = entry.getKey();
            final Path checkpointDirectory = entry.getValue();
            if (!Files.exists(checkpointDirectory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME),
                LinkOption.NOFOLLOW_LINKS))
            {
                incomplete.add(checkpointDirectory);
                continue;
            }
            try
            {
                valid.put(checkpointId, CheckpointMetadataSerializer.read(checkpointDirectory, jobId, checkpointId));
            }
            catch (final CorruptedStateException ex)
            {
                damaged.add(new DamagedCheckpoint(checkpointId, checkpointDirectory, ex));
            }
        }
        // A savepoint has no business in a checkpoint directory: it is neither retained nor deleted.
        valid.values().removeIf((metadata) -> metadata.getProperties().isSavepoint());

        final long newestValid = valid.isEmpty() ? -1 : valid.lastKey();
        if (mode == RecoveryMode.STRICT)
        {
            checkNoDamagedNewerThan(newestValid, damaged);
        }

        final List<CompletedCheckpoint> retained = new ArrayList<>();
        final List<CompletedCheckpoint> excess = new ArrayList<>();
        for (final CheckpointMetadata metadata : valid.descendingMap().values())
        {
            final CompletedCheckpoint checkpoint = metadata.toCompletedCheckpoint(
                directory.resolve(CHECKPOINT_DIR_PREFIX + metadata.getCheckpointId()));
            (retained.size() < maxRetained ? retained : excess).add(checkpoint);
        }
        final Set<Path> referenced = referencedFiles(retained);
        for (final Path checkpointDirectory : incomplete)
        {
            deleteUnlessReferenced(checkpointDirectory, referenced);
        }
        for (final CompletedCheckpoint checkpoint : excess)
        {
            discardUnreferenced(checkpoint, referenced);
        }
        deleteUnreferencedSharedFiles(CheckpointDirectories.sharedStateDirectory(directory), referenced);
        for (int i = retained.size() - 1; i >= 0; i--)
        {
            store.addCheckpointAndSubsumeOldest(retained.get(i));
        }
        return new FileSystemCompletedCheckpointStore(directory, jobId, damaged, store);
    }

    /**
     * @throws IllegalArgumentException if the checkpoint is null, a savepoint, another job's, or has the id of one
     *                                  in the store.
     * @throws IllegalStateException    if the store was shut down.
     */
    @Override
    public List<CompletedCheckpoint> addCheckpointAndSubsumeOldest(final CompletedCheckpoint checkpoint)
    {
        if (checkpoint != null && !jobId.equals(checkpoint.getJobId()))
        {
            throw new IllegalArgumentException("checkpoint.jobId=" + checkpoint.getJobId() + "; expected " + jobId +
                ", the job of this store");
        }
        return checkpoints.addCheckpointAndSubsumeOldest(checkpoint);
    }

    @Override
    public CompletedCheckpoint getLatestCheckpoint()
    {
        return checkpoints.getLatestCheckpoint();
    }

    @Override
    public List<CompletedCheckpoint> getAllCheckpoints()
    {
        return checkpoints.getAllCheckpoints();
    }

    @Override
    public int getNumberOfRetainedCheckpoints()
    {
        return checkpoints.getNumberOfRetainedCheckpoints();
    }

    @Override
    public int getMaxNumberOfRetainedCheckpoints()
    {
        return checkpoints.getMaxNumberOfRetainedCheckpoints();
    }

    /**
     * As {@link StandaloneCompletedCheckpointStore#shutdown(JobStatus)}. Damaged checkpoints are left alone.
     */
    @Override
    public void shutdown(final JobStatus jobStatus)
    {
        checkpoints.shutdown(jobStatus);
    }

    /** @return the checkpoints whose metadata was damaged when the store opened, oldest first; kept on disk. */
    public List<DamagedCheckpoint> getDamagedCheckpoints()
    {
        return damagedCheckpoints;
    }

    /** @return the job's checkpoints directory, absolute. */
    public Path getDirectory()
    {
        return directory;
    }

    /** @return the job. */
    public String getJobId()
    {
        return jobId;
    }

    @Override
    public String toString()
    {
        return "FileSystemCompletedCheckpointStore{directory=" + directory + ", jobId=" + jobId + ", " +
            checkpoints + ", damaged=" + damagedCheckpoints.size() + "}";
    }

    private static NavigableMap<Long, Path> checkpointDirectories(final Path directory) throws IOException
    {
        final NavigableMap<Long, Path> directories = new TreeMap<>();
        if (!Files.exists(directory))
        {
            return directories;
        }
        if (!Files.isDirectory(directory))
        {
            throw new NotDirectoryException(directory.toString());
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory))
        {
            for (final Path child : children)
            {
                final long checkpointId = checkpointIdOf(child.getFileName().toString());
                if (checkpointId >= 0 && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS))
                {
                    directories.put(checkpointId, child);
                }
            }
        }
        return directories;
    }

    /** @return the id of a directory named {@code chk-<id>}, the id written without leading zeros; else -1. */
    private static long checkpointIdOf(final String name)
    {
        if (!name.startsWith(CHECKPOINT_DIR_PREFIX))
        {
            return -1;
        }
        final String digits = name.substring(CHECKPOINT_DIR_PREFIX.length());
        for (int i = 0; i < digits.length(); i++)
        {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9')
            {
                return -1;
            }
        }
        try
        {
            final long checkpointId = Long.parseLong(digits);
            return digits.equals(Long.toString(checkpointId)) ? checkpointId : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private static void checkNoDamagedNewerThan(final long newestValid, final List<DamagedCheckpoint> damaged)
        throws CorruptedStateException
    {
        CorruptedStateException failure = null;
        for (int i = damaged.size() - 1; i >= 0 && damaged.get(i).getCheckpointId() > newestValid; i--)
        {
            final CorruptedStateException cause = damaged.get(i).getCause();
            if (failure == null)
            {
                failure = new CorruptedStateException(cause.getStream(), cause.getOffset(), "checkpoint " +
                    damaged.get(i).getCheckpointId() + " is the newest and its metadata is damaged (" +
                    cause.getMessage() + "); recovery mode STRICT refuses to fall back to " +
                    (newestValid < 0 ? "no checkpoint" : "checkpoint " + newestValid) + ", nothing was deleted");
                failure.initCause(cause);
            }
            else
            {
                failure.addSuppressed(cause);
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    private static Set<Path> referencedFiles(final List<CompletedCheckpoint> checkpoints)
    {
        final Set<Path> files = new HashSet<>();
        for (final CompletedCheckpoint checkpoint : checkpoints)
        {
            final List<StreamStateHandle> handles = new ArrayList<>(ownStreamHandles(checkpoint));
            handles.addAll(SharedStateRegistry.sharedStreams(checkpoint.getTaskStates()));
            for (final StreamStateHandle handle : handles)
            {
                if (handle instanceof FileStateHandle)
                {
                    files.add(((FileStateHandle)handle).getFilePath());
                }
            }
        }
        return files;
    }

    /**
     * @return the streams of its full keyed and operator handles and the exclusive streams of its incremental ones;
     * the shared streams of incremental ones are not its own.
     */
    private static List<StreamStateHandle> ownStreamHandles(final CompletedCheckpoint checkpoint)
    {
        final List<StreamStateHandle> handles = new ArrayList<>();
        for (final TaskStateSnapshot state : checkpoint.getTaskStates())
        {
            for (final KeyedStateHandle handle : state.getKeyedState())
            {
                if (handle instanceof KeyGroupsStateHandle)
                {
                    handles.add(((KeyGroupsStateHandle)handle).getDelegate());
                }
                else if (handle instanceof SharedStateHandle)
                {
                    handles.addAll(((SharedStateHandle)handle).getExclusiveStreams());
                }
            }
            for (final OperatorStateHandle handle : state.getOperatorState())
            {
                handles.add(handle.getDelegate());
            }
        }
        return handles;
    }

    /**
     * Discards a checkpoint beyond retention, sparing the files retained checkpoints still reference. Its metadata
     * goes first: a crash halfway leaves an incomplete checkpoint, cleaned up by the next open, never a complete
     * one that lost files. Its shared streams are left to {@link #deleteUnreferencedSharedFiles}, which deletes only
     * those in the job's shared directory.
     */
    private static void discardUnreferenced(final CompletedCheckpoint checkpoint, final Set<Path> referenced)
        throws IOException
    {
        Files.deleteIfExists(checkpoint.getDirectory().resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME));
        for (final StreamStateHandle handle : ownStreamHandles(checkpoint))
        {
            if (!(handle instanceof FileStateHandle) || !referenced.contains(((FileStateHandle)handle).getFilePath()))
            {
                handle.discardState();
            }
        }
        deleteUnlessReferenced(checkpoint.getDirectory(), referenced);
    }

    /** Deletes the regular files directly in the shared directory that no retained checkpoint references. */
    private static void deleteUnreferencedSharedFiles(final Path sharedDirectory, final Set<Path> referenced)
        throws IOException
    {
        if (!Files.isDirectory(sharedDirectory, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        final List<Path> unreferenced = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sharedDirectory))
        {
            for (final Path file : files)
            {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !referenced.contains(file))
                {
                    unreferenced.add(file);
                }
            }
        }
        for (final Path file : unreferenced)
        {
            Files.deleteIfExists(file);
        }
    }

    private static void deleteUnlessReferenced(final Path checkpointDirectory, final Set<Path> referenced)
        throws IOException
    {
        for (final Path file : referenced)
        {
            if (file.startsWith(checkpointDirectory))
            {
                return;
            }
        }
        CheckpointDirectories.deleteRecursively(checkpointDirectory);
    }

    /** A checkpoint whose metadata was found damaged: never restored from, never deleted by the store. */
    public static final class DamagedCheckpoint
    {
        private final long checkpointId;
        private final Path directory;
        private final CorruptedStateException cause;

        DamagedCheckpoint(final long checkpointId, final Path directory, final CorruptedStateException cause)
        {
            this.checkpointId = checkpointId;
            this.directory = directory;
            this.cause = cause;
        }

        /** @return the checkpoint's id, from its directory's name. */
        public long getCheckpointId()
        {
            return checkpointId;
        }

        /** @return its directory. */
        public Path getDirectory()
        {
            return directory;
        }

        /** @return what is wrong with its metadata, naming the file and the offset. */
        public CorruptedStateException getCause()
        {
            return cause;
        }

        @Override
        public String toString()
        {
            return "DamagedCheckpoint{checkpointId=" + checkpointId + ", directory=" + directory + ", cause=" +
                cause.getMessage() + "}";
        }
    }
}

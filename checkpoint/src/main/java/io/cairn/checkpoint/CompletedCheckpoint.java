package io.cairn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cairn.checkpoint.storage.CheckpointDirectories;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.SharedStateHandle;
import io.cairn.snapshot.StateHandle;
import io.cairn.snapshot.StateHandles;

/**
 * A checkpoint every subtask acknowledged and whose metadata is durable: what a job restores from.
 *
 * <p>It owns its directory ({@code chk-<id>/}, or a savepoint's directory) and the state files in it. Discarding
 * deletes them, subject to the retention policy: savepoints are never discarded by the system. The shared streams
 * of its incremental handles ({@link SharedStateHandle}) are not its own: later checkpoints may reference them
 * (their exclusive streams are its own, and go with it). Discarding never deletes them directly; it unregisters the
 * checkpoint from the {@link SharedStateRegistry} it was registered with, which deletes what no retained checkpoint
 * references any more. A checkpoint never registered leaves them alone.
 */
public final class CompletedCheckpoint
{
    private final String jobId;
    private final long checkpointId;
    private final long timestamp;
    private final long completionTimestamp;
    private final CheckpointProperties properties;
    private final Path directory;
    private final List<TaskStateSnapshot> taskStates;
    private final List<MasterState> masterStates;
    private final CompletedCheckpointStats stats;
    private final AtomicBoolean discarded = new AtomicBoolean();
    private volatile SharedStateRegistry sharedStateRegistry;

    /**
     * @param jobId               the job.
     * @param checkpointId        the checkpoint.
     * @param timestamp           when it was triggered (epoch ms).
     * @param completionTimestamp when it completed (epoch ms).
     * @param properties          checkpoint or savepoint, and its retention.
     * @param directory           the directory holding its metadata and exclusive state, or null (in memory).
     * @param taskStates          the state of each subtask, by subtask index.
     * @param masterStates        the master hooks' states.
     * @param stats               its figures.
     */
    public CompletedCheckpoint(
        final String jobId,
        final long checkpointId,
        final long timestamp,
        final long completionTimestamp,
        final CheckpointProperties properties,
        final Path directory,
        final List<TaskStateSnapshot> taskStates,
        final List<MasterState> masterStates,
        final CompletedCheckpointStats stats)
    {
        this.jobId = Objects.requireNonNull(jobId, "jobId");
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
        this.completionTimestamp = completionTimestamp;
        this.properties = Objects.requireNonNull(properties, "properties");
        this.directory = directory;
        this.taskStates = List.copyOf(taskStates);
        this.masterStates = List.copyOf(masterStates);
        this.stats = Objects.requireNonNull(stats, "stats");
    }

    /** @return the job. */
    public String getJobId()
    {
        return jobId;
    }

    /** @return the checkpoint's id. */
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return when it was triggered (epoch ms). */
    public long getTimestamp()
    {
        return timestamp;
    }

    /** @return when it completed (epoch ms). */
    public long getCompletionTimestamp()
    {
        return completionTimestamp;
    }

    /** @return from trigger to completion, in ms. */
    public long getDuration()
    {
        return completionTimestamp - timestamp;
    }

    /** @return the bytes of state it references. */
    public long getSize()
    {
        long size = 0;
        for (final TaskStateSnapshot state : taskStates)
        {
            size += state.getStateSize();
        }
        return size;
    }

    /** @return where it lives: its directory's absolute path, or null if it lives in memory. */
    public String getExternalPointer()
    {
        return directory == null ? null : directory.toAbsolutePath().toString();
    }

    /** @return its directory, or null. */
    public Path getDirectory()
    {
        return directory;
    }

    /** @return the state of each subtask, by subtask index. */
    public List<TaskStateSnapshot> getTaskStates()
    {
        return taskStates;
    }

    /** @return the number of subtasks that wrote it: the parallelism it was taken at. */
    public int getNumberOfSubtasks()
    {
        return taskStates.size();
    }

    /** @return the master hooks' states. */
    public List<MasterState> getMasterHookStates()
    {
        return masterStates;
    }

    /** @return checkpoint or savepoint, and its retention. */
    public CheckpointProperties getProperties()
    {
        return properties;
    }

    /** @return its figures. */
    public CompletedCheckpointStats getStatsSummary()
    {
        return stats;
    }

    /** @return true once its files were deleted. */
    public boolean isDiscarded()
    {
        return discarded.get();
    }

    /**
     * Discards it because a newer checkpoint took its place; savepoints are kept.
     *
     * @return done when the files are gone (or kept).
     */
    public CompletableFuture<Void> discardOnSubsume()
    {
        return properties.isSavepoint() ? CompletableFuture.completedFuture(null) : discard();
    }

    /**
     * Discards it because the job was cancelled, unless its policy retains it then; savepoints are kept.
     *
     * @return done when the files are gone (or kept).
     */
    public CompletableFuture<Void> discardOnCancellation()
    {
        return discardOnShutdown(JobStatus.CANCELED);
    }

    /**
     * Discards it because the job ended as {@code jobStatus}, unless its policy retains it then. A suspended job
     * keeps everything; savepoints are always kept.
     *
     * @param jobStatus how the job ended.
     * @return done when the files are gone (or kept).
     */
    public CompletableFuture<Void> discardOnShutdown(final JobStatus jobStatus)
    {
        return shouldBeDiscardedOnShutdown(jobStatus) ? discard() : CompletableFuture.completedFuture(null);
    }

    /**
     * @param jobStatus how the job ended.
     * @return true if its retention policy discards it then.
     */
    public boolean shouldBeDiscardedOnShutdown(final JobStatus jobStatus)
    {
        if (properties.isSavepoint() || jobStatus == JobStatus.SUSPENDED)
        {
            return false;
        }
        final CheckpointRetentionPolicy policy = properties.getRetentionPolicy();
        switch (jobStatus)
        {
            case CANCELED:
                return policy != CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION;
            case FAILED:
                return policy == CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION;
            default:
                return true;
        }
    }

    /**
     * Deletes its metadata, its own state and its directory now, whatever its type, and unregisters it from its
     * shared-state registry, which then deletes the shared streams no retained checkpoint references. Idempotent.
     *
     * @return done when the files are gone; failed if some could not be deleted.
     */
    public CompletableFuture<Void> discard()
    {
        if (!discarded.compareAndSet(false, true))
        {
            return CompletableFuture.completedFuture(null);
        }
        try
        {
            // The metadata goes first: a crash half way must not leave a checkpoint that looks complete but has
            // lost files. A directory without metadata is an incomplete checkpoint, which the store cleans up.
            if (directory != null)
            {
                Files.deleteIfExists(directory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME));
            }
            try
            {
                StateHandles.discardAll(ownHandles());
            }
            finally
            {
                final SharedStateRegistry registry = sharedStateRegistry;
                if (registry != null && registry.unregisterCheckpoint(this))
                {
                    registry.cleanup();
                }
            }
            if (directory != null)
            {
                CheckpointDirectories.deleteRecursively(directory);
            }
            return CompletableFuture.completedFuture(null);
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** Makes {@link #discard()} unregister it from the registry it was registered with. */
    void attach(final SharedStateRegistry registry)
    {
        this.sharedStateRegistry = registry;
    }

    /** @return every handle but the incremental ones, and of those the exclusive streams only. */
    private List<StateHandle> ownHandles()
    {
        final List<StateHandle> own = new ArrayList<>();
        for (final TaskStateSnapshot state : taskStates)
        {
            for (final StateHandle handle : state.allHandles())
            {
                if (handle instanceof SharedStateHandle)
                {
                    own.addAll(((SharedStateHandle)handle).getExclusiveStreams());
                }
                else
                {
                    own.add(handle);
                }
            }
        }
        return own;
    }

    @Override
    public String toString()
    {
        return "CompletedCheckpoint{jobId=" + jobId + ", checkpointId=" + checkpointId + ", type=" +
            properties.getCheckpointType() + ", subtasks=" + taskStates.size() + ", size=" + getSize() +
            ", pointer=" + getExternalPointer() + (discarded.get() ? ", discarded" : "") + "}";
    }
}

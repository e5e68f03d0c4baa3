package io.cairn.checkpoint;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.cairn.snapshot.CheckpointProperties;

/**
 * What a completed checkpoint's {@code _metadata} file records: the job, the checkpoint's id and times, its
 * properties, the state handles of every subtask (by subtask index), the master hooks' states and the
 * checkpoint's figures. {@link CheckpointMetadataSerializer} writes and reads it; {@link #toCompletedCheckpoint}
 * turns it into the checkpoint a job restores from. Immutable.
 */
public final class CheckpointMetadata
{
    private final String jobId;
    private final long checkpointId;
    private final long timestamp;
    private final long completionTimestamp;
    private final CheckpointProperties properties;
    private final List<TaskStateSnapshot> taskStates;
    private final List<MasterState> masterStates;
    private final CompletedCheckpointStats stats;

    /**
     * @param jobId               the job.
     * @param checkpointId        the checkpoint, not negative.
     * @param timestamp           when it was triggered (epoch ms).
     * @param completionTimestamp when it completed (epoch ms).
     * @param properties          checkpoint or savepoint, and its retention.
     * @param taskStates          the state of each subtask, by subtask index; copied, none null.
     * @param masterStates        the master hooks' states; copied, none null.
     * @param stats               its figures.
     * @throws IllegalArgumentException if an argument is null, holds a null, or the id is negative.
     */
    public CheckpointMetadata(
        final String jobId,
        final long checkpointId,
        final long timestamp,
        final long completionTimestamp,
        final CheckpointProperties properties,
        final List<TaskStateSnapshot> taskStates,
        final List<MasterState> masterStates,
        final CompletedCheckpointStats stats)
    {
        if (jobId == null)
        {
            throw new IllegalArgumentException("jobId=null; expected the job's id");
        }
        if (checkpointId < 0)
        {
            throw new IllegalArgumentException("checkpointId=" + checkpointId + "; expected >= 0");
        }
        if (properties == null)
        {
            throw new IllegalArgumentException("properties=null; expected the checkpoint's properties");
        }
        if (stats == null)
        {
            throw new IllegalArgumentException("stats=null; expected the checkpoint's figures");
        }
        this.jobId = jobId;
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
        this.completionTimestamp = completionTimestamp;
        this.properties = properties;
        this.taskStates = copyWithoutNulls(taskStates, "taskStates");
        this.masterStates = copyWithoutNulls(masterStates, "masterStates");
        this.stats = stats;
    }

    /**
     * @param checkpoint a completed checkpoint.
     * @return what its metadata file records.
     */
    public static CheckpointMetadata of(final CompletedCheckpoint checkpoint)
    {
        return new CheckpointMetadata(checkpoint.getJobId(), checkpoint.getCheckpointId(), checkpoint.getTimestamp(),
            checkpoint.getCompletionTimestamp(), checkpoint.getProperties(), checkpoint.getTaskStates(),
            checkpoint.getMasterHookStates(), checkpoint.getStatsSummary());
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

    /** @return checkpoint or savepoint, and its retention. */
    public CheckpointProperties getProperties()
    {
        return properties;
    }

    /** @return the state of each subtask, by subtask index; read-only. */
    public List<TaskStateSnapshot> getTaskStates()
    {
        return taskStates;
    }

    /** @return the master hooks' states; read-only. */
    public List<MasterState> getMasterStates()
    {
        return masterStates;
    }

    /** @return its figures. */
    public CompletedCheckpointStats getStats()
    {
        return stats;
    }

    /**
     * @param directory the directory the metadata was read from, which the checkpoint owns, or null for a
     *                  checkpoint that lives in memory.
     * @return the completed checkpoint it describes.
     */
    public CompletedCheckpoint toCompletedCheckpoint(final Path directory)
    {
        return new CompletedCheckpoint(jobId, checkpointId, timestamp, completionTimestamp, properties, directory,
            taskStates, masterStates, stats);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof CheckpointMetadata))
        {
            return false;
        }
        final CheckpointMetadata that = (CheckpointMetadata)o;
        return checkpointId == that.checkpointId && timestamp == that.timestamp &&
            completionTimestamp == that.completionTimestamp && jobId.equals(that.jobId) &&
            properties.equals(that.properties) && taskStates.equals(that.taskStates) &&
            masterStates.equals(that.masterStates) && statsEqual(stats, that.stats);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(jobId, checkpointId, timestamp, completionTimestamp, properties, taskStates,
            masterStates);
    }

    @Override
    public String toString()
    {
        return "CheckpointMetadata{jobId=" + jobId + ", checkpointId=" + checkpointId + ", type=" +
            properties.getCheckpointType() + ", subtasks=" + taskStates.size() + ", masterStates=" +
            masterStates.size() + "}";
    }

    // CompletedCheckpointStats has no equals of its own; metadata equality compares its figures.
    private static boolean statsEqual(final CompletedCheckpointStats a, final CompletedCheckpointStats b)
    {
        return a.getCheckpointId() == b.getCheckpointId() && a.getTriggerTimestamp() == b.getTriggerTimestamp() &&
            a.getEndToEndDurationMillis() == b.getEndToEndDurationMillis() && a.getStateSize() == b.getStateSize() &&
            a.getMaxSyncDurationNanos() == b.getMaxSyncDurationNanos() &&
            a.getMaxAsyncDurationNanos() == b.getMaxAsyncDurationNanos() &&
            a.getNumberOfSubtasks() == b.getNumberOfSubtasks();
    }

    private static <T> List<T> copyWithoutNulls(final List<T> list, final String name)
    {
        if (list == null)
        {
            throw new IllegalArgumentException(name + "=null; expected a list, possibly empty");
        }
        for (int i = 0; i < list.size(); i++)
        {
            if (list.get(i) == null)
            {
                throw new IllegalArgumentException(name + "[" + i + "]=null; expected no null element");
            }
        }
        return List.copyOf(list);
    }
}

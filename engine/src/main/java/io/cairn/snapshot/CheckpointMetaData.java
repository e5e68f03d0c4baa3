package io.cairn.snapshot;

import java.io.Serializable;

/** The identity of a checkpoint as a subtask sees it: its id and the time it was triggered. Immutable. */
public final class CheckpointMetaData implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final long checkpointId;
    private final long timestamp;

    /**
     * @param checkpointId the checkpoint's id, {@code >= 0}.
     * @param timestamp    when it was triggered, in epoch milliseconds.
     */
    public CheckpointMetaData(final long checkpointId, final long timestamp)
    {
        if (checkpointId < 0)
        {
            throw new IllegalArgumentException("checkpointId=" + checkpointId + "; expected >= 0");
        }
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
    }

    /** @return the checkpoint's id. */
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return when it was triggered, in epoch milliseconds. */
    public long getTimestamp()
    {
        return timestamp;
    }

    @Override
    public String toString()
    {
        return "CheckpointMetaData{checkpointId=" + checkpointId + ", timestamp=" + timestamp + "}";
    }
}

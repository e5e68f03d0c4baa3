package io.cairn.checkpoint;

import java.util.Objects;

/** A subtask's acknowledgement of a checkpoint: its state handles and what it measured. Immutable. */
public final class AcknowledgeCheckpoint
{
    private final long checkpointId;
    private final int subtaskIndex;
    private final TaskStateSnapshot subtaskState;
    private final CheckpointMetrics metrics;

    /**
     * @param checkpointId the checkpoint.
     * @param subtaskIndex the subtask, {@code 0..parallelism-1}.
     * @param subtaskState its state handles.
     * @param metrics      what it measured.
     */
    public AcknowledgeCheckpoint(
        final long checkpointId,
        final int subtaskIndex,
        final TaskStateSnapshot subtaskState,
        final CheckpointMetrics metrics)
    {
        this.checkpointId = checkpointId;
        this.subtaskIndex = subtaskIndex;
        this.subtaskState = Objects.requireNonNull(subtaskState, "subtaskState");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** @return the checkpoint. */
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return the subtask. */
    public int getSubtaskIndex()
    {
        return subtaskIndex;
    }

    /** @return its state handles. */
    public TaskStateSnapshot getSubtaskState()
    {
        return subtaskState;
    }

    /** @return what it measured. */
    public CheckpointMetrics getMetrics()
    {
        return metrics;
    }

    @Override
    public String toString()
    {
        return "AcknowledgeCheckpoint{checkpointId=" + checkpointId + ", subtask=" + subtaskIndex + "}";
    }
}

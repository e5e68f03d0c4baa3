package io.cairn.checkpoint;

/** A subtask's refusal of a checkpoint, with the cause. Immutable. */
public final class DeclineCheckpoint
{
    private final long checkpointId;
    private final int subtaskIndex;
    private final Throwable cause;

    /**
     * @param checkpointId the checkpoint.
     * @param subtaskIndex the subtask.
     * @param cause        why it declined.
     */
    public DeclineCheckpoint(final long checkpointId, final int subtaskIndex, final Throwable cause)
    {
        this.checkpointId = checkpointId;
        this.subtaskIndex = subtaskIndex;
        this.cause = cause;
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

    /** @return why it declined, possibly null. */
    public Throwable getCause()
    {
        return cause;
    }

    @Override
    public String toString()
    {
        return "DeclineCheckpoint{checkpointId=" + checkpointId + ", subtask=" + subtaskIndex +
            ", cause=" + cause + "}";
    }
}

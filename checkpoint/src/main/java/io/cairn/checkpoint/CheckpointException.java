package io.cairn.checkpoint;

/** A checkpoint did not complete, for {@link #getReason()}. */
public final class CheckpointException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final CheckpointFailureReason reason;
    private final long checkpointId;

    /**
     * @param checkpointId the checkpoint, or -1 if it got no id.
     * @param reason       why it failed.
     * @param detail       what happened, or null.
     * @param cause        the underlying failure, or null.
     */
    public CheckpointException(
        final long checkpointId, final CheckpointFailureReason reason, final String detail, final Throwable cause)
    {
        super("checkpoint " + (checkpointId < 0 ? "(not triggered)" : checkpointId) + " failed: " + reason +
            (detail == null ? "" : ": " + detail), cause);
        this.reason = reason;
        this.checkpointId = checkpointId;
    }

    /** @return why it failed. */
    public CheckpointFailureReason getReason()
    {
        return reason;
    }

    /** @return the checkpoint, or -1. */
    public long getCheckpointId()
    {
        return checkpointId;
    }
}

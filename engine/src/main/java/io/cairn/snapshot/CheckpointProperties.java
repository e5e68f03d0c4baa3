package io.cairn.snapshot;

import java.io.Serializable;
import java.util.Objects;

/** The type, retention and forcing of a checkpoint; immutable. */
public final class CheckpointProperties implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final CheckpointType checkpointType;
    private final CheckpointRetentionPolicy retentionPolicy;
    private final boolean forced;

    private CheckpointProperties(
        final CheckpointType checkpointType, final CheckpointRetentionPolicy retentionPolicy, final boolean forced)
    {
        this.checkpointType = checkpointType;
        this.retentionPolicy = retentionPolicy;
        this.forced = forced;
    }

    /**
     * @param retentionPolicy what happens to the checkpoint when the job terminates.
     * @return the properties of a regular checkpoint.
     */
    public static CheckpointProperties forCheckpoint(final CheckpointRetentionPolicy retentionPolicy)
    {
        if (retentionPolicy == null)
        {
            throw new IllegalArgumentException("retentionPolicy=null; expected a CheckpointRetentionPolicy");
        }
        return new CheckpointProperties(CheckpointType.CHECKPOINT, retentionPolicy, false);
    }

    /**
     * @param forced whether the savepoint may be taken past the limit of concurrent checkpoints.
     * @return the properties of a savepoint, which is always retained.
     */
    public static CheckpointProperties forSavepoint(final boolean forced)
    {
        return new CheckpointProperties(CheckpointType.SAVEPOINT, CheckpointRetentionPolicy.RETAIN_ON_FAILURE, forced);
    }

    /** @return checkpoint or savepoint. */
    public CheckpointType getCheckpointType()
    {
        return checkpointType;
    }

    /** @return what happens to it when the job terminates (savepoints are never discarded by the system). */
    public CheckpointRetentionPolicy getRetentionPolicy()
    {
        return retentionPolicy;
    }

    /** @return true if it may be triggered past the limit of concurrent checkpoints. */
    public boolean isForced()
    {
        return forced;
    }

    /** @return true for savepoints. */
    public boolean isSavepoint()
    {
        return checkpointType.isSavepoint();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof CheckpointProperties))
        {
            return false;
        }
        final CheckpointProperties that = (CheckpointProperties)o;
        return checkpointType == that.checkpointType && retentionPolicy == that.retentionPolicy &&
            forced == that.forced;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(checkpointType, retentionPolicy, forced);
    }

    @Override
    public String toString()
    {
        return "CheckpointProperties{type=" + checkpointType + ", retention=" + retentionPolicy + ", forced=" +
            forced + "}";
    }
}

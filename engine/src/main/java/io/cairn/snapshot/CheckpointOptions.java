package io.cairn.snapshot;

import java.io.Serializable;

/** Options a snapshot is taken with: its type and, for a savepoint, where it goes. Immutable. */
public final class CheckpointOptions implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final CheckpointOptions CHECKPOINT = new CheckpointOptions(CheckpointType.CHECKPOINT, null);

    private final CheckpointType checkpointType;
    private final String targetLocation;

    /**
     * @param checkpointType checkpoint or savepoint.
     * @param targetLocation where the snapshot's files go, or null for the storage's default location.
     */
    public CheckpointOptions(final CheckpointType checkpointType, final String targetLocation)
    {
        if (checkpointType == null)
        {
            throw new IllegalArgumentException("checkpointType=null; expected CHECKPOINT or SAVEPOINT");
        }
        this.checkpointType = checkpointType;
        this.targetLocation = targetLocation;
    }

    /** @return the options of a regular checkpoint at the default location. */
    public static CheckpointOptions forCheckpoint()
    {
        return CHECKPOINT;
    }

    /** @return checkpoint or savepoint. */
    public CheckpointType getCheckpointType()
    {
        return checkpointType;
    }

    /** @return the target location, or null for the default. */
    public String getTargetLocation()
    {
        return targetLocation;
    }

    /** @return always true: Cairn snapshots are exactly-once consistent. */
    public boolean isExactlyOnceMode()
    {
        return true;
    }

    @Override
    public String toString()
    {
        return "CheckpointOptions{type=" + checkpointType + ", targetLocation=" + targetLocation + "}";
    }
}

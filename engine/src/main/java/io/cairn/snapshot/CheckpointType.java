package io.cairn.snapshot;

/** What a snapshot is for: a checkpoint (owned and discarded by the system) or a savepoint (owned by the user). */
public enum CheckpointType
{
    /** A checkpoint: taken periodically or on demand, retained and discarded by the coordinator. */
    CHECKPOINT("Checkpoint"),
    /** A savepoint: self-contained, never subsumed nor deleted by retention. */
    SAVEPOINT("Savepoint");

    private final String name;

    CheckpointType(final String name)
    {
        this.name = name;
    }

    /** @return a display name. */
    public String getName()
    {
        return name;
    }

    /** @return true for {@link #SAVEPOINT}. */
    public boolean isSavepoint()
    {
        return this == SAVEPOINT;
    }
}

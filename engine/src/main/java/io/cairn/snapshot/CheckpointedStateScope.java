package io.cairn.snapshot;

/** Who owns a stream written for a checkpoint. */
public enum CheckpointedStateScope
{
    /** Owned by one checkpoint alone: deleted with it. */
    EXCLUSIVE,
    /** May be referenced by several checkpoints (incremental state): deleted when none references it. */
    SHARED
}

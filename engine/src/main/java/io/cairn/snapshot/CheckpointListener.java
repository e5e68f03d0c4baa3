package io.cairn.snapshot;

/**
 * Hears how the checkpoints it took part in ended. Calls come on the owner's thread (for a backend, the subtask's).
 */
public interface CheckpointListener
{
    /**
     * Checkpoint {@code checkpointId} completed: every participant acknowledged it and its metadata is durable.
     *
     * @param checkpointId the checkpoint.
     */
    default void notifyCheckpointComplete(final long checkpointId)
    {
    }

    /**
     * Checkpoint {@code checkpointId} will never complete.
     *
     * @param checkpointId the checkpoint.
     */
    default void notifyCheckpointAborted(final long checkpointId)
    {
    }
}

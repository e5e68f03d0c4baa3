package io.cairn.checkpoint;

/** Why a checkpoint did not complete, and whether that counts toward the tolerable failures. */
public enum CheckpointFailureReason
{
    /** The coordinator is shut down. */
    COORDINATOR_SHUTDOWN(false),
    /** Periodic checkpointing is not running. */
    PERIODIC_SCHEDULER_SHUTDOWN(false),
    /** As many checkpoints as allowed are pending. */
    TOO_MANY_CONCURRENT_CHECKPOINTS(false),
    /** The minimum pause since the last completed checkpoint has not passed. */
    MINIMUM_TIME_BETWEEN_CHECKPOINTS(false),
    /** A subtask declined it. */
    CHECKPOINT_DECLINED(true),
    /** Not every subtask acknowledged it within the timeout. */
    CHECKPOINT_EXPIRED(true),
    /** A newer checkpoint completed first. */
    CHECKPOINT_SUBSUMED(false),
    /** Triggering it failed (storage, a master hook, a subtask that could not be reached). */
    TRIGGER_CHECKPOINT_FAILURE(true),
    /** Writing its metadata or adding it to the store failed. */
    FINALIZE_CHECKPOINT_FAILURE(true);

    private final boolean countsAsFailure;

    CheckpointFailureReason(final boolean countsAsFailure)
    {
        this.countsAsFailure = countsAsFailure;
    }

    /** @return true if it counts toward the tolerable consecutive failures. */
    public boolean countsAsFailure()
    {
        return countsAsFailure;
    }
}

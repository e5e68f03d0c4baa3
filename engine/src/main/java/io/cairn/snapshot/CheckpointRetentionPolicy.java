package io.cairn.snapshot;

/** What happens to a retained checkpoint when the job terminates. */
public enum CheckpointRetentionPolicy
{
    /** Discarded whenever the job terminates. */
    NEVER_RETAIN_AFTER_TERMINATION,
    /** Kept when the job is cancelled or fails; discarded when it finishes. */
    RETAIN_ON_CANCELLATION,
    /** Kept when the job fails; discarded when it finishes or is cancelled. */
    RETAIN_ON_FAILURE
}

package io.cairn.checkpoint;

/**
 * What {@link FileSystemCompletedCheckpointStore#open} does when a checkpoint's metadata is damaged. Either way a
 * damaged checkpoint is never deleted (it is kept for inspection) and never restored from, and damaged checkpoints
 * older than the newest valid one are only reported, in
 * {@link FileSystemCompletedCheckpointStore#getDamagedCheckpoints()}.
 */
public enum RecoveryMode
{
    /**
     * If a checkpoint newer than every valid one is damaged, opening the store fails with a
     * {@link io.cairn.snapshot.CorruptedStateException} naming its metadata file: the job does not silently
     * restart from older state than it last completed.
     */
    STRICT,
    /**
     * Damaged checkpoints are skipped and reported, and the newest valid one is used: the job restarts from older
     * state rather than not at all.
     */
    FALL_BACK_TO_OLDER
}

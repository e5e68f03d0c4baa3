package io.cairn.checkpoint;

import java.util.List;

/**
 * The completed checkpoints a job keeps: the newest N of them, so a restore can pick the latest. Savepoints are not
 * kept here (their owner keeps their pointers); retention never touches them.
 *
 * <p>Thread-safe: checkpoints completing on different threads may be added concurrently.
 */
public interface CompletedCheckpointStore
{
    /**
     * Adds a checkpoint; if more than {@link #getMaxNumberOfRetainedCheckpoints()} are kept then, the oldest are
     * removed and returned for the caller to discard (subsumed).
     *
     * @param checkpoint a completed checkpoint (not a savepoint).
     * @return the checkpoints no longer retained, oldest first; empty if none.
     */
    List<CompletedCheckpoint> addCheckpointAndSubsumeOldest(CompletedCheckpoint checkpoint);

    /**
     * @return the newest retained checkpoint, or null if none.
     */
    CompletedCheckpoint getLatestCheckpoint();

    /** @return the retained checkpoints, oldest first. */
    List<CompletedCheckpoint> getAllCheckpoints();

    /** @return how many are retained now. */
    int getNumberOfRetainedCheckpoints();

    /** @return how many are retained at most. */
    int getMaxNumberOfRetainedCheckpoints();

    /**
     * Forgets every checkpoint, discarding those whose retention policy discards them when the job ends as
     * {@code jobStatus}.
     *
     * @param jobStatus how the job ended.
     */
    void shutdown(JobStatus jobStatus);
}

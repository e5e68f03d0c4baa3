package io.cairn.checkpoint;

import java.util.List;

/** Hears when more consecutive checkpoints failed than the configuration tolerates. */
@FunctionalInterface
public interface CheckpointFailureListener
{
    /**
     * @param consecutiveFailures how many checkpoints failed in a row.
     * @param causes              their failures, oldest first.
     */
    void onTolerableFailuresExceeded(int consecutiveFailures, List<CheckpointException> causes);
}

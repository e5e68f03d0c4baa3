package io.cairn.checkpoint;

/** Where a subtask sends its answers to a checkpoint: the coordinator, in a single process. */
public interface CheckpointResponder
{
    /**
     * @param message the subtask's acknowledgement.
     */
    void acknowledgeCheckpoint(AcknowledgeCheckpoint message);

    /**
     * @param message the subtask's refusal.
     */
    void declineCheckpoint(DeclineCheckpoint message);
}

package io.cairn.checkpoint;

import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;

/**
 * A subtask as the coordinator sees it. Calls come from the coordinator's threads; an implementation hands them
 * to the subtask's own thread ({@link SubtaskCheckpointAgent} does).
 */
public interface CheckpointParticipant
{
    /** @return the subtask's index, {@code 0..parallelism-1}. */
    int getSubtaskIndex();

    /**
     * Starts the subtask's part of a checkpoint; it answers later with
     * {@link CheckpointCoordinator#receiveAcknowledgeMessage} or {@link CheckpointCoordinator#receiveDeclineMessage}.
     *
     * @param metaData      the checkpoint's id and trigger time.
     * @param options       checkpoint or savepoint.
     * @param streamFactory where the subtask writes its state.
     */
    void triggerCheckpoint(
        CheckpointMetaData metaData, CheckpointOptions options, CheckpointStreamFactory streamFactory);

    /**
     * @param checkpointId a checkpoint that completed.
     */
    void notifyCheckpointComplete(long checkpointId);

    /**
     * @param checkpointId a checkpoint that will never complete; its work may stop.
     */
    void notifyCheckpointAborted(long checkpointId);

    /**
     * Loads the subtask's state before it processes anything.
     *
     * @param checkpointId  the checkpoint restored.
     * @param keyGroupRange the key groups the subtask owns.
     * @param keyedState    the keyed handles covering them (from any number of old subtasks).
     * @param operatorState the operator handles assigned to it.
     * @throws Exception if the state cannot be loaded (damaged files among them).
     */
    void restoreState(
        long checkpointId,
        KeyGroupRange keyGroupRange,
        List<KeyedStateHandle> keyedState,
        List<OperatorStateHandle> operatorState) throws Exception;
}

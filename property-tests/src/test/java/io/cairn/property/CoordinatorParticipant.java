package io.cairn.property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.checkpoint.CheckpointParticipant;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;

/**
 * A subtask for the coordinator model: it remembers where each triggered checkpoint wants its state and writes a
 * small file there when the scenario says it acknowledges. It never answers by itself.
 */
final class CoordinatorParticipant implements CheckpointParticipant
{
    private final int subtaskIndex;
    private final KeyGroupRange keyGroupRange;
    private final Map<Long, CheckpointStreamFactory> locations = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private volatile long lastTriggered = -1;

    /**
     * @param subtaskIndex   the subtask.
     * @param parallelism    how many subtasks there are.
     * @param maxParallelism the job's number of key groups.
     */
    CoordinatorParticipant(final int subtaskIndex, final int parallelism, final int maxParallelism)
    {
        this.subtaskIndex = subtaskIndex;
        this.keyGroupRange =
            KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtaskIndex);
    }

    @Override
    public int getSubtaskIndex()
    {
        return subtaskIndex;
    }

    @Override
    public void triggerCheckpoint(
        final CheckpointMetaData metaData, final CheckpointOptions options, final CheckpointStreamFactory streamFactory)
    {
        locations.put(metaData.getCheckpointId(), streamFactory);
        lastTriggered = metaData.getCheckpointId();
    }

    /** @return the id of the checkpoint this subtask was last triggered for, or -1. */
    long lastTriggered()
    {
        return lastTriggered;
    }

    /**
     * @param checkpointId a checkpoint this subtask was triggered for.
     * @return where the coordinator told it to write (the checkpoint's storage location), or null.
     */
    CheckpointStreamFactory location(final long checkpointId)
    {
        return locations.get(checkpointId);
    }

    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
    }

    @Override
    public void notifyCheckpointAborted(final long checkpointId)
    {
    }

    @Override
    public void restoreState(
        final long checkpointId,
        final KeyGroupRange range,
        final List<KeyedStateHandle> keyedState,
        final List<OperatorStateHandle> operatorState)
    {
    }

    /**
     * Writes a new state file for a checkpoint this subtask was triggered for, where the checkpoint's location says.
     *
     * @param checkpointId the checkpoint.
     * @param scope        exclusive (in the checkpoint's directory) or shared.
     * @return the state, naming the new file.
     */
    TaskStateSnapshot writeState(final long checkpointId, final CheckpointedStateScope scope)
    {
        final CheckpointStreamFactory location = locations.get(checkpointId);
        if (location == null)
        {
            throw new IllegalStateException("subtask " + subtaskIndex + " was not triggered for " + checkpointId);
        }
        return writeState(location, checkpointId, scope);
    }

    /**
     * Writes a new state file through any stream factory.
     *
     * @param factory      where to write.
     * @param checkpointId the checkpoint the state is for.
     * @param scope        exclusive or shared.
     * @return the state, naming the new file.
     */
    TaskStateSnapshot writeState(
        final CheckpointStreamFactory factory, final long checkpointId, final CheckpointedStateScope scope)
    {
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(scope))
        {
            out.write(("subtask " + subtaskIndex + " of checkpoint " + checkpointId + ", write " +
                writes.incrementAndGet()).getBytes(StandardCharsets.UTF_8));
            return new TaskStateSnapshot(
                List.of(new KeyGroupsStateHandle(keyGroupRange, out.closeAndGetHandle())), List.of());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

package io.cairn.property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.checkpoint.CheckpointParticipant;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * A subtask with an incremental keyed backend, as the retention model needs one: it remembers where each triggered
 * checkpoint wants its state, and its <em>baseline</em>, the incremental handle its next checkpoint builds on (the
 * last checkpoint it completed, or the one it restored). Writing a checkpoint, each key group keeps its chain, adds a
 * delta to it (a new base instead, once the chain is as long as allowed), starts over with a new base, or loses its
 * state; the checkpoint writes at most one new base stream and one delta stream, shared by the key groups that need
 * them. It never answers by itself.
 */
final class IncrementalParticipant implements CheckpointParticipant
{
    private final int subtaskIndex;
    private final KeyGroupRange keyGroupRange;
    private final Map<Long, CheckpointStreamFactory> locations = new ConcurrentHashMap<>();
    private volatile IncrementalKeyGroupsStateHandle baseline;

    /**
     * @param subtaskIndex   the subtask.
     * @param parallelism    how many subtasks there are.
     * @param maxParallelism the job's number of key groups.
     */
    IncrementalParticipant(final int subtaskIndex, final int parallelism, final int maxParallelism)
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
    }

    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
    }

    @Override
    public void notifyCheckpointAborted(final long checkpointId)
    {
    }

    /** Takes the restored handle as its baseline (none if it restored nothing). */
    @Override
    public void restoreState(
        final long checkpointId,
        final KeyGroupRange range,
        final List<KeyedStateHandle> keyedState,
        final List<OperatorStateHandle> operatorState)
    {
        baseline = keyedState.isEmpty() ? null : (IncrementalKeyGroupsStateHandle)keyedState.get(0);
    }

    /** @return what the next checkpoint builds on, or null if it writes every key group anew. */
    IncrementalKeyGroupsStateHandle baseline()
    {
        return baseline;
    }

    /** @param handle what the next checkpoint builds on, or null to write every key group anew. */
    void baseline(final IncrementalKeyGroupsStateHandle handle)
    {
        baseline = handle;
    }

    /**
     * Writes an incremental checkpoint on the baseline.
     *
     * @param checkpointId a checkpoint this subtask was triggered for.
     * @param maxChain     the longest chain allowed.
     * @param random       the choices per key group.
     * @return the handle to acknowledge with.
     */
    IncrementalKeyGroupsStateHandle writeIncremental(
        final long checkpointId, final int maxChain, final SplittableRandom random)
    {
        final IncrementalKeyGroupsStateHandle base = baseline;
        final List<StreamStateHandle> streams = new ArrayList<>();
        final Map<StreamStateHandle, Integer> indexes = new HashMap<>();
        final List<Long> writers = new ArrayList<>();
        final int[][] chains = new int[keyGroupRange.getNumberOfKeyGroups()][];
        StreamStateHandle newBase = null;
        StreamStateHandle newDelta = null;
        for (int g = 0; g < chains.length; g++)
        {
            final int[] old = base == null ? new int[0] : base.getChain(keyGroupRange.getStartKeyGroup() + g);
            final int choice = random.nextInt(10);
            final List<StreamStateHandle> chain = new ArrayList<>();
            final List<Long> chainWriters = new ArrayList<>();
            if (choice == 0)
            {
                // the key group's state was cleared
            }
            else if (choice <= 6 && old.length > 0)
            {
                for (final int index : old)
                {
                    chain.add(base.getStreams().get(index));
                    chainWriters.add(base.getStreamCheckpointId(index));
                }
                if (choice >= 4 && old.length < maxChain)
                {
                    newDelta = newDelta == null ?
                        write(checkpointId, CheckpointedStateScope.SHARED, "delta") : newDelta;
                    chain.add(newDelta);
                    chainWriters.add(checkpointId);
                }
                else if (choice >= 4)
                {
                    newBase = newBase == null ? write(checkpointId, CheckpointedStateScope.SHARED, "base") : newBase;
                    chain.clear();
                    chainWriters.clear();
                    chain.add(newBase);
                    chainWriters.add(checkpointId);
                }
            }
            else
            {
                newBase = newBase == null ? write(checkpointId, CheckpointedStateScope.SHARED, "base") : newBase;
                chain.add(newBase);
                chainWriters.add(checkpointId);
            }
            chains[g] = new int[chain.size()];
            for (int c = 0; c < chain.size(); c++)
            {
                final StreamStateHandle stream = chain.get(c);
                if (!indexes.containsKey(stream))
                {
                    indexes.put(stream, streams.size());
                    streams.add(stream);
                    writers.add(chainWriters.get(c));
                }
                chains[g][c] = indexes.get(stream);
            }
        }
        final long[] writerIds = writers.stream().mapToLong(Long::longValue).toArray();
        return new IncrementalKeyGroupsStateHandle(keyGroupRange, checkpointId, streams, writerIds, chains);
    }

    /**
     * Writes this subtask's state as one full, exclusive stream, as for a savepoint.
     *
     * @param checkpointId a savepoint this subtask was triggered for.
     * @return the state.
     */
    TaskStateSnapshot writeFull(final long checkpointId)
    {
        return new TaskStateSnapshot(List.of(new KeyGroupsStateHandle(keyGroupRange,
            write(checkpointId, CheckpointedStateScope.EXCLUSIVE, "full"))), List.of());
    }

    private StreamStateHandle write(final long checkpointId, final CheckpointedStateScope scope, final String what)
    {
        final CheckpointStreamFactory location = locations.get(checkpointId);
        if (location == null)
        {
            throw new IllegalStateException("subtask " + subtaskIndex + " was not triggered for " + checkpointId);
        }
        try (CheckpointStateOutputStream out = location.createCheckpointStateOutputStream(scope))
        {
            out.write((what + " of subtask " + subtaskIndex + ", checkpoint " + checkpointId)
                .getBytes(StandardCharsets.UTF_8));
            return out.closeAndGetHandle();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

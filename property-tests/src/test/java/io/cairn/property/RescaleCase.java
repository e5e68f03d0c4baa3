package io.cairn.property;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * One change of parallelism: {@code oldParallelism} writer subtasks, each owning its key groups, filled with
 * {@code writes} (each key written by the subtask that owns its key group) and snapshotted; then
 * {@code newParallelism} reader subtasks, each restored from all the writers' snapshots.
 *
 * @param maxParallelism the number of key groups, the same before and after.
 * @param oldParallelism the number of writers.
 * @param newParallelism the number of readers.
 * @param writes         what the writers write, in order.
 */
record RescaleCase(int maxParallelism, int oldParallelism, int newParallelism, List<SnapshotWrite> writes)
{
    /** The most subtasks before or after. */
    static final int MAX_PARALLELISM_GENERATED = 8;

    private static final int MAX_WRITES = 120;

    /** @return cases for max parallelism 128 and 37, parallelism 1..8 before and after. */
    static Gen<RescaleCase> cases()
    {
        final Gen<Long> keys = Generate.frequency(
            Pair.of(3, Generate.longRange(-2000, 2000)),
            Pair.of(1, SourceDSL.longs().all()));
        final Gen<Integer> parallelisms = Generate.range(1, MAX_PARALLELISM_GENERATED);
        return Generate.pick(List.of(128, 37)).zip(
            parallelisms,
            parallelisms,
            lists().of(SnapshotWrite.writes(keys)).ofSizeBetween(0, MAX_WRITES),
            RescaleCase::new);
    }

    /**
     * Writes, snapshots and restores at the new parallelism, and checks that each reader holds exactly the model's
     * keys of its key groups, that together they hold the model, and that each read only header, meta, index,
     * footer and the sections of the key groups it owns.
     *
     * @param backends the backend under test.
     * @throws Exception whatever a backend throws.
     */
    void check(final SnapshotBackends backends) throws Exception
    {
        final StateModel model = new StateModel();
        final List<KeyGroupsStateHandle> handles = writeAndSnapshot(backends, model);
        final SnapshotImage expected = SnapshotImage.of(model);
        final List<SnapshotStreamLayout> layouts = new ArrayList<>();
        for (final KeyGroupsStateHandle handle : handles)
        {
            final SnapshotStreamLayout layout =
                SnapshotStreamLayout.of((ByteStreamStateHandle)handle.getDelegate());
            for (final int keyGroup : layout.partitions())
            {
                if (!handle.getKeyGroupRange().contains(keyGroup))
                {
                    throw new AssertionError(layout + " holds key group " + keyGroup + " outside its writer's " +
                        handle.getKeyGroupRange());
                }
            }
            layouts.add(layout);
        }
        final Map<SnapshotImage.Slot, Object> union = new HashMap<>();
        for (int index = 0; index < newParallelism; index++)
        {
            restoreReader(backends, index, handles, layouts, expected, union);
        }
        if (!union.equals(expected.values()))
        {
            throw new AssertionError("the readers together hold " + union.size() + " values, the model " +
                expected.values().size());
        }
    }

    private List<KeyGroupsStateHandle> writeAndSnapshot(final SnapshotBackends backends, final StateModel model)
        throws Exception
    {
        final List<KeyedStateBackend<Long>> writers = new ArrayList<>();
        try
        {
            for (int index = 0; index < oldParallelism; index++)
            {
                final KeyedStateBackend<Long> writer = backends.open(maxParallelism,
                    KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        maxParallelism, oldParallelism, index));
                writers.add(writer);
                SnapshotStates.registerAll(writer);
            }
            for (final SnapshotWrite write : writes)
            {
                final int keyGroup =
                    KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(write.key()), maxParallelism);
                write.apply(writers.get(KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(
                    maxParallelism, oldParallelism, keyGroup)), model);
            }
            final CheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("rescale-writer");
            final List<KeyGroupsStateHandle> handles = new ArrayList<>();
            for (final KeyedStateBackend<Long> writer : writers)
            {
                final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                    writer.snapshot(1L, 1L, streams, CheckpointOptions.forCheckpoint());
                future.run();
                final KeyedStateHandle handle = future.get().getJobManagerOwnedSnapshot();
                if (handle == null)
                {
                    continue;
                }
                if (!(handle instanceof KeyGroupsStateHandle) ||
                    !(((KeyGroupsStateHandle)handle).getDelegate() instanceof ByteStreamStateHandle))
                {
                    throw new AssertionError("expected a KeyGroupsStateHandle over a ByteStreamStateHandle from a " +
                        "MemoryCheckpointStreamFactory, got " + handle);
                }
                if (!handle.getKeyGroupRange().equals(writer.getKeyGroupRange()))
                {
                    throw new AssertionError("the snapshot of the writer owning " + writer.getKeyGroupRange() +
                        " has " + handle.getKeyGroupRange());
                }
                handles.add((KeyGroupsStateHandle)handle);
            }
            return handles;
        }
        finally
        {
            writers.forEach(KeyedStateBackend::close);
        }
    }

    private void restoreReader(
        final SnapshotBackends backends,
        final int index,
        final List<KeyGroupsStateHandle> handles,
        final List<SnapshotStreamLayout> layouts,
        final SnapshotImage expected,
        final Map<SnapshotImage.Slot, Object> union) throws Exception
    {
        final KeyGroupRange range =
            KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, newParallelism, index);
        final String reader = "reader " + index + " of " + newParallelism + " owning " + range;
        final List<RescaleCountingStreamHandle> counted = new ArrayList<>();
        final List<KeyGroupsStateHandle> wrapped = new ArrayList<>();
        for (final KeyGroupsStateHandle handle : handles)
        {
            final RescaleCountingStreamHandle counting = new RescaleCountingStreamHandle(handle.getDelegate());
            counted.add(counting);
            wrapped.add(new KeyGroupsStateHandle(handle.getKeyGroupRange(), counting));
        }
        try (KeyedStateBackend<Long> backend = backends.open(maxParallelism, range))
        {
            backend.restore(wrapped);
            for (int i = 0; i < counted.size(); i++)
            {
                for (final long[] read : counted.get(i).reads())
                {
                    final String outside = layouts.get(i).readOutside(read[0], (int)read[1], range);
                    if (outside != null)
                    {
                        throw new AssertionError(reader + " read what it does not own: " + outside + "; " +
                            layouts.get(i));
                    }
                }
            }
            final SnapshotImage part = SnapshotImage.read(backend, expected);
            for (final Map.Entry<SnapshotImage.Slot, Object> entry : part.values().entrySet())
            {
                final long key = entry.getKey().key();
                final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), maxParallelism);
                final int owner =
                    KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(maxParallelism, newParallelism, keyGroup);
                if (owner != index)
                {
                    throw new AssertionError(reader + " holds " + entry.getKey() + " of key group " + keyGroup +
                        ", which reader " + owner + " owns");
                }
                if (union.put(entry.getKey(), entry.getValue()) != null)
                {
                    throw new AssertionError(reader + " holds " + entry.getKey() + ", which another reader holds");
                }
            }
            final String differences = part.differencesFrom(expected.ownedBy(range, maxParallelism));
            if (differences != null)
            {
                throw new AssertionError(reader + " does not hold the model's keys of its key groups: " +
                    differences);
            }
        }
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("RescaleCase{maxParallelism=").append(maxParallelism)
            .append(", parallelism ").append(oldParallelism).append(" -> ").append(newParallelism)
            .append(", writes=[");
        for (final SnapshotWrite write : writes)
        {
            sb.append(System.lineSeparator()).append("  ").append(write);
        }
        return sb.append(writes.isEmpty() ? "" : System.lineSeparator()).append("]}").toString();
    }
}

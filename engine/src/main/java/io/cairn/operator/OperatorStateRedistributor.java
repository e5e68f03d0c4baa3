package io.cairn.operator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;

/**
 * Hands the operator state of {@code p} old subtasks to {@code p'} new ones. The state of old subtask {@code k} is
 * what restoring its handles, in order, gives; per mode:
 * <ul>
 *     <li>{@link OperatorStateMode#SPLIT_DISTRIBUTE}: the elements of all old subtasks are taken in a stable order
 *     (old subtask 0's in their order, then old subtask 1's, ...); of {@code T} elements, new subtask {@code i}
 *     gets a contiguous run of {@code T / p'}, one more for the first {@code T % p'} new subtasks;</li>
 *     <li>{@link OperatorStateMode#UNION}: every new subtask gets the elements of all old subtasks, in that
 *     order;</li>
 *     <li>{@link OperatorStateMode#BROADCAST}: new subtask {@code i} gets the map of old subtask
 *     {@code i % p}, whole and never merged with another.</li>
 * </ul>
 * Nothing is read or copied: a new handle points at an old stream and names what to take from it
 * ({@link OperatorStatePartitionInfo}). A new subtask's handles come in the order of the old subtasks and their
 * handles, which is what makes restoring them append the elements in the stable order.
 *
 * <p>A new subtask that gets no element of a split state still gets the state, empty, from one stream that
 * records it (preferably one it reads anyway), so that every new subtask registers every split and union state
 * and checks later descriptors against it. A broadcast state reaches only the new subtasks whose old subtask had
 * it.
 */
public final class OperatorStateRedistributor
{
    private OperatorStateRedistributor()
    {
    }

    /**
     * @param oldHandlesBySubtask per old subtask, in subtask order, its handles (empty if it had no operator
     *                            state); no list or handle may be null.
     * @param newParallelism      the number of new subtasks, at least 1.
     * @return per new subtask, in subtask order, the handles to restore it from (empty if it gets nothing); the
     * lists are read-only.
     * @throws IllegalArgumentException   if an argument breaks the rules above.
     * @throws IncompatibleStateException if handles disagree on a state's mode.
     */
    public static List<List<OperatorStateHandle>> redistribute(
        final List<List<OperatorStateHandle>> oldHandlesBySubtask, final int newParallelism)
    {
        final int oldParallelism = checkArguments(oldHandlesBySubtask, newParallelism);
        final Map<String, List<Slice>> slicesByState = slicesByState(oldHandlesBySubtask);
        final List<OperatorStateHandle> oldHandles = new ArrayList<>();
        for (final List<OperatorStateHandle> handles : oldHandlesBySubtask)
        {
            oldHandles.addAll(handles);
        }
        final Assignment assignment = new Assignment(newParallelism);
        final List<Runnable> emptySplits = new ArrayList<>();
        for (final Map.Entry<String, List<Slice>> state : slicesByState.entrySet())
        {
            final String name = state.getKey();
            final List<Slice> slices = state.getValue();
            switch (slices.get(0).info.mode())
            {
                case SPLIT_DISTRIBUTE:
                    split(name, slices, assignment, emptySplits);
                    break;
                case UNION:
                    for (int i = 0; i < newParallelism; i++)
                    {
                        for (final Slice slice : slices)
                        {
                            assignment.take(i, slice.ordinal, name, slice.info);
                        }
                    }
                    break;
                case BROADCAST:
                    for (int i = 0; i < newParallelism; i++)
                    {
                        for (final Slice slice : slices)
                        {
                            if (slice.subtask == i % oldParallelism)
                            {
                                assignment.take(i, slice.ordinal, name, slice.info);
                            }
                        }
                    }
                    break;
                default:
                    throw new AssertionError(slices.get(0).info.mode());
            }
        }
        // Last, so that an empty split state can ride on a stream the subtask reads for other states.
        emptySplits.forEach(Runnable::run);
        return assignment.handles(oldHandles);
    }

    private static int checkArguments(
        final List<List<OperatorStateHandle>> oldHandlesBySubtask, final int newParallelism)
    {
        if (newParallelism < 1)
        {
            throw new IllegalArgumentException("newParallelism=" + newParallelism + "; expected at least 1");
        }
        if (oldHandlesBySubtask == null || oldHandlesBySubtask.isEmpty())
        {
            throw new IllegalArgumentException("oldHandlesBySubtask=" + oldHandlesBySubtask +
                "; expected one list of handles per old subtask, at least one");
        }
        for (int k = 0; k < oldHandlesBySubtask.size(); k++)
        {
            final List<OperatorStateHandle> handles = oldHandlesBySubtask.get(k);
            if (handles == null)
            {
                throw new IllegalArgumentException("oldHandlesBySubtask[" + k + "]=null; expected a list of " +
                    "handles, empty if the subtask had no operator state");
            }
            for (int h = 0; h < handles.size(); h++)
            {
                if (handles.get(h) == null)
                {
                    throw new IllegalArgumentException("oldHandlesBySubtask[" + k + "][" + h + "]=null; expected " +
                        "an operator state handle");
                }
            }
        }
        return oldHandlesBySubtask.size();
    }

    /** Per state, in order of first appearance, what each old handle holds of it, in the stable order. */
    private static Map<String, List<Slice>> slicesByState(final List<List<OperatorStateHandle>> oldHandlesBySubtask)
    {
        final Map<String, List<Slice>> slicesByState = new LinkedHashMap<>();
        int ordinal = 0;
        for (int k = 0; k < oldHandlesBySubtask.size(); k++)
        {
            for (final OperatorStateHandle handle : oldHandlesBySubtask.get(k))
            {
                for (final Map.Entry<String, OperatorStatePartitionInfo> state :
                    handle.getStateNameToPartitionInfo().entrySet())
                {
                    final List<Slice> slices = slicesByState.computeIfAbsent(state.getKey(), name -> new ArrayList<>());
                    final Slice slice = new Slice(k, ordinal, handle, state.getValue());
                    if (!slices.isEmpty() && slices.get(0).info.mode() != slice.info.mode())
                    {
                        final Slice first = slices.get(0);
                        throw new IncompatibleStateException("state \"" + state.getKey() + "\" has mode=" +
                            first.info.mode() + " in " + first.handle + " of old subtask " + first.subtask +
                            " but mode=" + slice.info.mode() + " in " + handle + " of old subtask " + k +
                            "; expected one mode per state name");
                    }
                    slices.add(slice);
                }
                ordinal++;
            }
        }
        return slicesByState;
    }

    /**
     * Deals the elements of a split state: with {@code total} elements over {@code p} subtasks, subtask {@code i}
     * gets the run from {@code i * (total / p) + min(i, total % p)}, of length {@code total / p}, plus one if
     * {@code i < total % p}; each run is cut along the slices it spans.
     */
    private static void split(
        final String name, final List<Slice> slices, final Assignment assignment, final List<Runnable> emptySplits)
    {
        final int parallelism = assignment.parallelism();
        long total = 0;
        for (final Slice slice : slices)
        {
            total += slice.info.elementsTaken();
        }
        final long base = total / parallelism;
        final long remainder = total % parallelism;
        int s = 0;
        long sliceStart = 0;
        long position = 0;
        for (int i = 0; i < parallelism; i++)
        {
            final long end = position + base + (i < remainder ? 1 : 0);
            if (position == end)
            {
                final int subtask = i;
                emptySplits.add(() -> takeEmpty(name, slices, assignment, subtask));
            }
            while (position < end)
            {
                final Slice slice = slices.get(s);
                final long sliceEnd = sliceStart + slice.info.elementsTaken();
                if (sliceEnd <= position)
                {
                    sliceStart = sliceEnd;
                    s++;
                    continue;
                }
                final long takeEnd = Math.min(end, sliceEnd);
                final long from = slice.info.from() + (position - sliceStart);
                final long to = slice.info.from() + (takeEnd - sliceStart);
                assignment.take(i, slice.ordinal, name,
                    OperatorStatePartitionInfo.split(slice.info.elementCount(), from, to));
                position = takeEnd;
            }
        }
    }

    /** Registers a split state with no elements on a subtask, from a stream it reads anyway if there is one. */
    private static void takeEmpty(
        final String name, final List<Slice> slices, final Assignment assignment, final int subtask)
    {
        Slice chosen = slices.get(slices.size() - 1);
        for (final Slice slice : slices)
        {
            if (assignment.reads(subtask, slice.ordinal))
            {
                chosen = slice;
                break;
            }
        }
        final long at = chosen.info.from();
        assignment.take(subtask, chosen.ordinal, name, OperatorStatePartitionInfo.split(chosen.info.elementCount(),
            at, at));
    }

    /** What one old handle holds of one state. */
    private static final class Slice
    {
        private final int subtask;
        private final int ordinal;
        private final OperatorStateHandle handle;
        private final OperatorStatePartitionInfo info;

        Slice(final int subtask, final int ordinal, final OperatorStateHandle handle,
            final OperatorStatePartitionInfo info)
        {
            this.subtask = subtask;
            this.ordinal = ordinal;
            this.handle = handle;
            this.info = info;
        }
    }

    /** Per new subtask, per old handle (by its position in the stable order), the states it takes from it. */
    private static final class Assignment
    {
        private final List<TreeMap<Integer, Map<String, OperatorStatePartitionInfo>>> taken = new ArrayList<>();

        Assignment(final int parallelism)
        {
            for (int i = 0; i < parallelism; i++)
            {
                taken.add(new TreeMap<>());
            }
        }

        int parallelism()
        {
            return taken.size();
        }

        boolean reads(final int subtask, final int ordinal)
        {
            return taken.get(subtask).containsKey(ordinal);
        }

        void take(final int subtask, final int ordinal, final String name, final OperatorStatePartitionInfo info)
        {
            final Map<String, OperatorStatePartitionInfo> states =
                taken.get(subtask).computeIfAbsent(ordinal, o -> new LinkedHashMap<>());
            final OperatorStatePartitionInfo previous = states.put(name, info);
            assert previous == null : "state " + name + " taken twice from handle " + ordinal;
        }

        List<List<OperatorStateHandle>> handles(final List<OperatorStateHandle> oldHandles)
        {
            final List<List<OperatorStateHandle>> result = new ArrayList<>(taken.size());
            for (final TreeMap<Integer, Map<String, OperatorStatePartitionInfo>> subtask : taken)
            {
                final List<OperatorStateHandle> handles = new ArrayList<>(subtask.size());
                for (final Map.Entry<Integer, Map<String, OperatorStatePartitionInfo>> entry : subtask.entrySet())
                {
                    final OperatorStateHandle old = oldHandles.get(entry.getKey());
                    handles.add(old.getStateNameToPartitionInfo().equals(entry.getValue()) ?
                        old : new OperatorStateHandle(old.getDelegate(), entry.getValue()));
                }
                result.add(List.copyOf(handles));
            }
            return List.copyOf(result);
        }
    }
}

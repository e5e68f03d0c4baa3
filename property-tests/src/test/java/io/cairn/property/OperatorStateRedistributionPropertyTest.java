package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RunnableFuture;
import java.util.function.Function;

import io.cairn.codec.IntCodec;
import io.cairn.codec.StringCodec;
import io.cairn.operator.DefaultOperatorStateBackend;
import io.cairn.operator.OperatorStateRedistributor;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Operator state survives any change of parallelism {@code p -> p'} (both in 1..8) by its mode's rule: every old
 * subtask's {@link DefaultOperatorStateBackend} is snapshotted, the handles are redistributed with
 * {@link OperatorStateRedistributor}, {@code p'} new backends are restored from them, and then
 * <ul>
 *     <li>a split list state: the {@code T} elements of the old subtasks, in old-subtask order, are dealt to the
 *     new subtasks in contiguous runs, {@code T / p'} each and one more for the first {@code T % p'};</li>
 *     <li>a union list state: every new subtask holds all elements of all old subtasks, in old-subtask order;</li>
 *     <li>a broadcast state: new subtask {@code i} holds exactly old subtask {@code i % p}'s map, in its order, and
 *     none if that subtask had none;</li>
 *     <li>every new subtask registers every split and union state that any old subtask had.</li>
 * </ul>
 */
class OperatorStateRedistributionPropertyTest
{
    private static final int EXAMPLES = 300;

    private static final ListStateDescriptor<Integer> SPLIT_INTS = new ListStateDescriptor<>("split-ints",
        IntCodec.INSTANCE);
    private static final ListStateDescriptor<String> SPLIT_TEXTS = new ListStateDescriptor<>("split-texts",
        StringCodec.INSTANCE);
    private static final ListStateDescriptor<String> UNION_TEXTS = new ListStateDescriptor<>("union-texts",
        StringCodec.INSTANCE);
    private static final ListStateDescriptor<Integer> UNION_INTS = new ListStateDescriptor<>("union-ints",
        IntCodec.INSTANCE);
    private static final MapStateDescriptor<Integer, String> RULES = new MapStateDescriptor<>("rules",
        IntCodec.INSTANCE, StringCodec.INSTANCE);
    private static final MapStateDescriptor<Integer, String> WATERMARKS = new MapStateDescriptor<>("watermarks",
        IntCodec.INSTANCE, StringCodec.INSTANCE);

    @Test
    void shouldRedistributeEveryKindOfOperatorStateByItsRule()
    {
        qt()
            .withExamples(EXAMPLES)
            .forAll(Rescale.rescales())
            .checkAssert(Rescale::check);
    }

    /**
     * The operator state of one old subtask; a null list or map is a state the subtask never registered.
     *
     * @param splitInts   elements of {@link #SPLIT_INTS}.
     * @param splitTexts  elements of {@link #SPLIT_TEXTS}.
     * @param unionTexts  elements of {@link #UNION_TEXTS}.
     * @param unionInts   elements of {@link #UNION_INTS}.
     * @param rules       entries of {@link #RULES}, in put order.
     * @param watermarks  entries of {@link #WATERMARKS}, in put order.
     */
    record OldSubtask(
        List<Integer> splitInts,
        List<String> splitTexts,
        List<String> unionTexts,
        List<Integer> unionInts,
        Map<Integer, String> rules,
        Map<Integer, String> watermarks)
    {
        static Gen<OldSubtask> subtasks()
        {
            final Gen<List<Integer>> ints = registeredOrNot(lists().of(integers().between(-1000, 1000))
                .ofSizeBetween(0, 12));
            final Gen<String> text = strings().betweenCodePoints(0x20, 0x3000).ofLengthBetween(0, 4);
            final Gen<List<String>> texts = registeredOrNot(lists().of(text).ofSizeBetween(0, 12));
            final Gen<Map<Integer, String>> maps = registeredOrNot(lists().of(Generate.range(0, 12)).ofSizeBetween(0, 8)
                .zip(lists().of(text).ofSize(8), (keys, values) ->
                {
                    final Map<Integer, String> map = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++)
                    {
                        map.put(keys.get(i), values.get(i));
                    }
                    return map;
                }));
            return ints.zip(texts, texts, ints, maps, (splitInts, splitTexts, unionTexts, unionInts, rules) ->
                    new OldSubtask(splitInts, splitTexts, unionTexts, unionInts, rules, null))
                .zip(maps, (subtask, watermarks) -> new OldSubtask(subtask.splitInts, subtask.splitTexts,
                    subtask.unionTexts, subtask.unionInts, subtask.rules, watermarks));
        }

        /** One time in four, null: the state is not registered. */
        private static <T> Gen<T> registeredOrNot(final Gen<T> registered)
        {
            return Generate.range(0, 3).zip(registered, (dice, value) -> dice == 0 ? null : value);
        }

        /** @return a backend holding this state, registered in a fixed order. */
        DefaultOperatorStateBackend backend()
        {
            final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();
            if (rules != null)
            {
                backend.getBroadcastState(RULES).putAll(rules);
            }
            if (splitInts != null)
            {
                backend.getListState(SPLIT_INTS).addAll(splitInts);
            }
            if (unionTexts != null)
            {
                backend.getUnionListState(UNION_TEXTS).addAll(unionTexts);
            }
            if (splitTexts != null)
            {
                backend.getListState(SPLIT_TEXTS).addAll(splitTexts);
            }
            if (watermarks != null)
            {
                backend.getBroadcastState(WATERMARKS).putAll(watermarks);
            }
            if (unionInts != null)
            {
                backend.getUnionListState(UNION_INTS).addAll(unionInts);
            }
            return backend;
        }
    }

    /**
     * A change of parallelism.
     *
     * @param old            the old subtasks, {@code p} of them.
     * @param newParallelism {@code p'}.
     */
    record Rescale(List<OldSubtask> old, int newParallelism)
    {
        static Gen<Rescale> rescales()
        {
            final Gen<OldSubtask> subtasks = OldSubtask.subtasks();
            return Generate.range(1, 8).flatMap(oldParallelism -> lists().of(subtasks).ofSize(oldParallelism))
                .zip(Generate.range(1, 8), Rescale::new);
        }

        void check()
        {
            final List<List<OperatorStateHandle>> oldHandles = new ArrayList<>();
            for (final OldSubtask subtask : old)
            {
                final List<OperatorStateHandle> handles = new ArrayList<>();
                try (DefaultOperatorStateBackend backend = subtask.backend())
                {
                    final OperatorStateHandle handle = snapshot(backend);
                    if (handle != null)
                    {
                        handles.add(handle);
                    }
                }
                oldHandles.add(handles);
            }
            final List<List<OperatorStateHandle>> newHandles =
                OperatorStateRedistributor.redistribute(oldHandles, newParallelism);
            assertEquals(newParallelism, newHandles.size(), "new subtasks");

            final List<List<Integer>> splitInts = split(OldSubtask::splitInts);
            final List<List<String>> splitTexts = split(OldSubtask::splitTexts);
            final List<String> unionTexts = union(OldSubtask::unionTexts);
            final List<Integer> unionInts = union(OldSubtask::unionInts);
            final Set<String> listStates = listStatesOfAnyOldSubtask();
            for (int i = 0; i < newParallelism; i++)
            {
                final String subtask = "new subtask " + i + " of " + newParallelism + " (from " + old.size() + ")";
                try (DefaultOperatorStateBackend backend = restore(newHandles.get(i)))
                {
                    final OldSubtask source = old.get(i % old.size());
                    assertEquals(listStates, backend.getRegisteredStateNames(), subtask + ": list state names");
                    assertEquals(broadcastStatesOf(source), backend.getRegisteredBroadcastStateNames(),
                        subtask + ": broadcast state names");
                    assertEquals(splitInts.get(i), backend.getListState(SPLIT_INTS).get(), subtask + ": split-ints");
                    assertEquals(splitTexts.get(i), backend.getListState(SPLIT_TEXTS).get(),
                        subtask + ": split-texts");
                    assertEquals(unionTexts, backend.getUnionListState(UNION_TEXTS).get(), subtask + ": union-texts");
                    assertEquals(unionInts, backend.getUnionListState(UNION_INTS).get(), subtask + ": union-ints");
                    assertEquals(orEmpty(source.rules()), entriesOf(backend.getBroadcastState(RULES)),
                        subtask + ": rules of old subtask " + (i % old.size()));
                    assertEquals(orEmpty(source.watermarks()), entriesOf(backend.getBroadcastState(WATERMARKS)),
                        subtask + ": watermarks of old subtask " + (i % old.size()));
                }
            }
        }

        /** The rule for split state, computed from the model: contiguous runs of T / p', the first T % p' longer. */
        private <T> List<List<T>> split(final Function<OldSubtask, List<T>> elements)
        {
            final List<T> all = union(elements);
            final int base = all.size() / newParallelism;
            final int longer = all.size() % newParallelism;
            final List<List<T>> runs = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < newParallelism; i++)
            {
                final int length = base + (i < longer ? 1 : 0);
                runs.add(all.subList(start, start + length));
                start += length;
            }
            assertEquals(all.size(), start, "runs cover every element");
            return runs;
        }

        private <T> List<T> union(final Function<OldSubtask, List<T>> elements)
        {
            final List<T> all = new ArrayList<>();
            for (final OldSubtask subtask : old)
            {
                if (elements.apply(subtask) != null)
                {
                    all.addAll(elements.apply(subtask));
                }
            }
            return all;
        }

        private Set<String> listStatesOfAnyOldSubtask()
        {
            final Set<String> names = new LinkedHashSet<>();
            for (final OldSubtask subtask : old)
            {
                addIf(names, subtask.splitInts() != null, SPLIT_INTS.getName());
                addIf(names, subtask.splitTexts() != null, SPLIT_TEXTS.getName());
                addIf(names, subtask.unionTexts() != null, UNION_TEXTS.getName());
                addIf(names, subtask.unionInts() != null, UNION_INTS.getName());
            }
            return names;
        }

        private static Set<String> broadcastStatesOf(final OldSubtask subtask)
        {
            final Set<String> names = new LinkedHashSet<>();
            addIf(names, subtask.rules() != null, RULES.getName());
            addIf(names, subtask.watermarks() != null, WATERMARKS.getName());
            return names;
        }

        private static void addIf(final Set<String> names, final boolean condition, final String name)
        {
            if (condition)
            {
                names.add(name);
            }
        }

        private static List<Map.Entry<Integer, String>> orEmpty(final Map<Integer, String> map)
        {
            return map == null ? List.of() : new ArrayList<>(map.entrySet());
        }

        private static List<Map.Entry<Integer, String>> entriesOf(final BroadcastState<Integer, String> state)
        {
            final List<Map.Entry<Integer, String>> entries = new ArrayList<>();
            state.entries().forEach(entries::add);
            return entries;
        }

        private static OperatorStateHandle snapshot(final DefaultOperatorStateBackend backend)
        {
            try
            {
                final RunnableFuture<SnapshotResult<OperatorStateHandle>> future = backend.snapshot(1, 1,
                    new MemoryCheckpointStreamFactory("rescale"), CheckpointOptions.forCheckpoint());
                future.run();
                return future.get().getJobManagerOwnedSnapshot();
            }
            catch (final Exception ex)
            {
                throw new AssertionError("snapshot failed", ex);
            }
        }

        private static DefaultOperatorStateBackend restore(final List<OperatorStateHandle> handles)
        {
            final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();
            try
            {
                backend.restore(handles);
            }
            catch (final Exception ex)
            {
                throw new AssertionError("restore from " + handles + " failed", ex);
            }
            return backend;
        }
    }
}

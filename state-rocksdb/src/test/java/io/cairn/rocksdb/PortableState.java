package io.cairn.rocksdb;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.LongLongMapState;
import io.cairn.state.LongLongMapStateDescriptor;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Every kind of state, with void, long and string namespaces, written to any backend by a deterministic recipe
 * and mirrored in a plain-Java model, for the tests that move state between backends. The model and a backend's
 * state are compared in one form: {@code "state|key|namespace"} to the value (lists as lists, maps as sorted maps).
 */
final class PortableState
{
    static final LongValueStateDescriptor COUNT = new LongValueStateDescriptor("count");
    static final ValueStateDescriptor<String> NAME = new ValueStateDescriptor<>("name", StringCodec.INSTANCE);
    static final ListStateDescriptor<String> EVENTS = new ListStateDescriptor<>("events", StringCodec.INSTANCE);
    static final MapStateDescriptor<String, Long> TOTALS =
        new MapStateDescriptor<>("totals", StringCodec.INSTANCE, LongCodec.INSTANCE);
    static final LongLongMapStateDescriptor PAIRS = new LongLongMapStateDescriptor("pairs");
    static final ReducingStateDescriptor<Long> SUM =
        new ReducingStateDescriptor<>("sum", Long::sum, LongCodec.INSTANCE);
    static final AggregatingStateDescriptor<Long, long[], Double> AVERAGE =
        new AggregatingStateDescriptor<>("average", new Average(), SumCountCodec.INSTANCE);

    private static final long[] NAME_NAMESPACES = { 1L, 2L };
    private static final String[] EVENT_NAMESPACES = { "window-a", "window-b" };

    private final Map<String, Object> model = new TreeMap<>();

    /** @return the model: what every backend holding all keys must read back. */
    Map<String, Object> model()
    {
        return model;
    }

    /**
     * Applies round {@code round} of the recipe to {@code key} in the backend (which must own its key group) and in
     * the model. Rounds overwrite, append, remove and clear, so later rounds change what earlier ones wrote.
     */
    void write(final KeyedStateBackend<Long> backend, final long key, final int round)
    {
        backend.setCurrentKey(key);
        final long k = key;
        final LongValueState count = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
            COUNT);
        count.updateLong(count.getLong(0) + k + round);
        model.put(slot(COUNT.getName(), k, ""), (Long)model.getOrDefault(slot(COUNT.getName(), k, ""), 0L) + k + round);

        final long nameNamespace = NAME_NAMESPACES[(int)Math.floorMod(k + round, 2L)];
        final ValueState<String> name = backend.getPartitionedState(nameNamespace, LongCodec.INSTANCE, NAME);
        if ((k + round) % 5 == 4)
        {
            name.clear();
            model.remove(slot(NAME.getName(), k, nameNamespace));
        }
        else
        {
            final String value = "name-" + k + "-" + round + "-\u00e9\u4e2d".repeat((int)Math.floorMod(k, 7L));
            name.update(value);
            model.put(slot(NAME.getName(), k, nameNamespace), value);
        }

        final String eventNamespace = EVENT_NAMESPACES[(int)Math.floorMod(k, 2L)];
        final ListState<String> events = backend.getPartitionedState(eventNamespace, StringCodec.INSTANCE, EVENTS);
        final List<String> expectedEvents = modelList(slot(EVENTS.getName(), k, eventNamespace));
        if (round % 3 == 2)
        {
            events.update(List.of("reset-" + round, ""));
            expectedEvents.clear();
            expectedEvents.addAll(List.of("reset-" + round, ""));
        }
        else
        {
            events.add("e" + k + "/" + round);
            events.addAll(List.of("x" + round, "y" + round));
            expectedEvents.addAll(List.of("e" + k + "/" + round, "x" + round, "y" + round));
        }

        final MapState<String, Long> totals = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, TOTALS);
        final Map<String, Long> expectedTotals = modelMap(slot(TOTALS.getName(), k, ""));
        totals.put("t" + round % 4, k * round);
        expectedTotals.put("t" + round % 4, k * round);
        if (round % 4 == 3)
        {
            totals.remove("t0");
            expectedTotals.remove("t0");
        }
        cleanEmpty(slot(TOTALS.getName(), k, ""));

        final LongLongMapState pairs = backend.getPartitionedState(7L, LongCodec.INSTANCE, PAIRS);
        final Map<Long, Long> expectedPairs = modelMap(slot(PAIRS.getName(), k, 7L));
        if (k % 11 == 3 && round > 0)
        {
            pairs.clear();
            expectedPairs.clear();
        }
        else
        {
            pairs.putLong(round, -k);
            expectedPairs.put((long)round, -k);
        }
        cleanEmpty(slot(PAIRS.getName(), k, 7L));

        final ReducingState<Long> sum = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, SUM);
        sum.add(k);
        sum.add((long)round);
        model.put(slot(SUM.getName(), k, ""), (Long)model.getOrDefault(slot(SUM.getName(), k, ""), 0L) + k + round);

        final AggregatingState<Long, Double> average = backend.getPartitionedState("avg", StringCodec.INSTANCE,
            AVERAGE);
        average.add(k * 10 + round);
        final long[] sumCount = (long[])model.computeIfAbsent(slot(AVERAGE.getName(), k, "avg") + "#acc",
            (s) -> new long[2]);
        sumCount[0] += k * 10 + round;
        sumCount[1]++;
        model.put(slot(AVERAGE.getName(), k, "avg"), (double)sumCount[0] / sumCount[1]);
    }

    /** @return the model without the accumulators kept to compute averages. */
    Map<String, Object> expected()
    {
        final Map<String, Object> expected = new TreeMap<>();
        model.forEach((slot, value) ->
        {
            if (!slot.endsWith("#acc"))
            {
                expected.put(slot, value instanceof Map ? new TreeMap<>((Map<?, ?>)value) : value);
            }
        });
        return expected;
    }

    /**
     * @return the part of {@link #expected()} whose keys lie in the backend's key groups.
     */
    Map<String, Object> expectedOwnedBy(final KeyedStateBackend<Long> backend, final long keys)
    {
        final Map<String, Object> owned = new TreeMap<>();
        expected().forEach((slot, value) ->
        {
            final long key = Long.parseLong(slot.split("\\|")[1]);
            if (owns(backend, key))
            {
                owned.put(slot, value);
            }
        });
        return owned;
    }

    /** Reads every state of keys {@code 0..keys-1} the backend owns, in the model's form. */
    static Map<String, Object> dump(final KeyedStateBackend<Long> backend, final long keys)
    {
        final Map<String, Object> all = new TreeMap<>();
        for (long k = 0; k < keys; k++)
        {
            if (!owns(backend, k))
            {
                continue;
            }
            backend.setCurrentKey(k);
            final long count = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT)
                .getLong(Long.MIN_VALUE);
            if (count != Long.MIN_VALUE)
            {
                all.put(slot(COUNT.getName(), k, ""), count);
            }
            for (final long namespace : NAME_NAMESPACES)
            {
                putIfPresent(all, slot(NAME.getName(), k, namespace),
                    backend.getPartitionedState(namespace, LongCodec.INSTANCE, NAME).value());
            }
            for (final String namespace : EVENT_NAMESPACES)
            {
                final List<String> events = backend.getPartitionedState(namespace, StringCodec.INSTANCE, EVENTS).get();
                if (!events.isEmpty())
                {
                    all.put(slot(EVENTS.getName(), k, namespace), events);
                }
            }
            final Map<String, Long> totals = new TreeMap<>();
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, TOTALS).entries()
                .forEach((e) -> totals.put(e.getKey(), e.getValue()));
            if (!totals.isEmpty())
            {
                all.put(slot(TOTALS.getName(), k, ""), totals);
            }
            final Map<Long, Long> pairs = new TreeMap<>();
            backend.getPartitionedState(7L, LongCodec.INSTANCE, PAIRS).entries()
                .forEach((e) -> pairs.put(e.getKey(), e.getValue()));
            if (!pairs.isEmpty())
            {
                all.put(slot(PAIRS.getName(), k, 7L), pairs);
            }
            putIfPresent(all, slot(SUM.getName(), k, ""),
                backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, SUM).get());
            putIfPresent(all, slot(AVERAGE.getName(), k, "avg"),
                backend.getPartitionedState("avg", StringCodec.INSTANCE, AVERAGE).get());
        }
        return all;
    }

    static boolean owns(final KeyedStateBackend<Long> backend, final long key)
    {
        return backend.getKeyGroupRange().contains(
            KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), backend.getNumberOfKeyGroups()));
    }

    private static String slot(final String state, final long key, final Object namespace)
    {
        return state + "|" + key + "|" + namespace;
    }

    @SuppressWarnings("unchecked")
    private List<String> modelList(final String slot)
    {
        return (List<String>)model.computeIfAbsent(slot, (s) -> new ArrayList<String>());
    }

    @SuppressWarnings("unchecked")
    private <UK, UV> Map<UK, UV> modelMap(final String slot)
    {
        return (Map<UK, UV>)model.computeIfAbsent(slot, (s) -> new HashMap<UK, UV>());
    }

    private void cleanEmpty(final String slot)
    {
        if (((Map<?, ?>)model.get(slot)).isEmpty())
        {
            model.remove(slot);
        }
    }

    private static void putIfPresent(final Map<String, Object> all, final String slot, final Object value)
    {
        if (value != null)
        {
            all.put(slot, value);
        }
    }

    /** The average of the inputs, with a (sum, count) accumulator. */
    private static final class Average implements AggregateFunction<Long, long[], Double>
    {
        @Override
        public long[] createAccumulator()
        {
            return new long[2];
        }

        @Override
        public long[] add(final Long value, final long[] accumulator)
        {
            return new long[] { accumulator[0] + value, accumulator[1] + 1 };
        }

        @Override
        public Double getResult(final long[] accumulator)
        {
            return (double)accumulator[0] / accumulator[1];
        }

        @Override
        public long[] merge(final long[] a, final long[] b)
        {
            return new long[] { a[0] + b[0], a[1] + b[1] };
        }
    }

    /** A (sum, count) accumulator as two big-endian longs. */
    private static final class SumCountCodec implements Codec<long[]>
    {
        static final SumCountCodec INSTANCE = new SumCountCodec();

        @Override
        public int fixedLength()
        {
            return 2 * Long.BYTES;
        }

        @Override
        public int encodedLength(final long[] value)
        {
            return 2 * Long.BYTES;
        }

        @Override
        public int encode(final long[] value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, value[0], ByteOrder.BIG_ENDIAN);
            buffer.putLong(offset + Long.BYTES, value[1], ByteOrder.BIG_ENDIAN);
            return 2 * Long.BYTES;
        }

        @Override
        public long[] decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return new long[] { buffer.getLong(offset, ByteOrder.BIG_ENDIAN),
                buffer.getLong(offset + Long.BYTES, ByteOrder.BIG_ENDIAN) };
        }

        @Override
        public String codecId()
        {
            return "test.sum-count";
        }
    }
}

package io.cairn.property;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;

/**
 * Everything observable in the states of {@link StateCatalog}, frozen: a value per (state, namespace index, key).
 * Taken from the model, it is the deep copy a snapshot is compared with later (the model's values are immutable,
 * so copying its tables is enough); read from a backend, it is what the backend holds, {@code getKeys} included.
 *
 * <p>Values are kept as the model keeps them, except {@code avg}, kept as its average: the accumulator is not
 * observable through the state API.
 */
final class SnapshotImage
{
    /** How many differences a message lists before it stops. */
    private static final int MAX_SHOWN_DIFFERENCES = 12;

    private static final Comparator<Slot> SLOT_ORDER = Comparator.comparing(Slot::state)
        .thenComparingInt(Slot::namespaceIndex)
        .thenComparingLong(Slot::key);

    private final SortedMap<Slot, Object> values;

    private SnapshotImage(final SortedMap<Slot, Object> values)
    {
        this.values = Collections.unmodifiableSortedMap(values);
    }

    /**
     * Where one value lives.
     *
     * @param state          the state.
     * @param namespaceIndex its namespace index; 0 for a state without namespaces.
     * @param key            the key.
     */
    record Slot(StateId state, int namespaceIndex, long key)
    {
        @Override
        public String toString()
        {
            return state.stateName() + "[" + Show.namespaceValue(state.namespace(namespaceIndex)) + ", key=" + key +
                "L]";
        }
    }

    /** What a backend returned for a key that {@code getKeys} did not list. */
    private record Unlisted(Object value)
    {
        @Override
        public String toString()
        {
            return show(value) + " (but getKeys does not list the key)";
        }
    }

    /** What a backend returned for a key that {@code getKeys} listed: nothing. */
    private record ListedWithoutValue()
    {
        @Override
        public String toString()
        {
            return "<no value, but getKeys lists the key>";
        }
    }

    /**
     * @param model the model.
     * @return a copy of the model's state, unaffected by later changes to the model.
     */
    static SnapshotImage of(final StateModel model)
    {
        final SortedMap<Slot, Object> values = new TreeMap<>(SLOT_ORDER);
        for (final StateId state : StateId.values())
        {
            for (int index = 0; index < namespaceCount(state); index++)
            {
                for (final Map.Entry<Long, ?> entry : model.table(state).snapshot(index).entrySet())
                {
                    final Object value = entry.getValue();
                    values.put(new Slot(state, index, entry.getKey()),
                        value instanceof CountSum ? ((CountSum)value).average() : value);
                }
            }
        }
        return new SnapshotImage(values);
    }

    /**
     * Reads what a backend holds: for every state and namespace, the value of every key {@code getKeys} lists,
     * and of every key of {@code expected} in the backend's key groups that it does not list (a value there is
     * shown as unlisted). Registers every state of the catalog; changes the current key.
     *
     * @param backend  the backend; it must hold no state other than the catalog's.
     * @param expected what the backend should hold, to look for values {@code getKeys} misses.
     * @return what the backend holds.
     */
    static SnapshotImage read(final KeyedStateBackend<Long> backend, final SnapshotImage expected)
    {
        SnapshotStates.registerAll(backend);
        final SortedMap<Slot, Object> values = new TreeMap<>(SLOT_ORDER);
        for (final StateId state : StateId.values())
        {
            for (int index = 0; index < namespaceCount(state); index++)
            {
                final Set<Long> listed = BulkOps.keysOf(backend, state, index);
                for (final long key : listed)
                {
                    final Object value = readAt(backend, state, index, key, "a key getKeys listed");
                    values.put(new Slot(state, index, key), value == null ? new ListedWithoutValue() : value);
                }
                if (state == StateId.COUNT)
                {
                    // count answers its default for a key without a value: only getKeys tells them apart.
                    continue;
                }
                for (final Slot slot : expected.values.keySet())
                {
                    if (slot.state() == state && slot.namespaceIndex() == index && !listed.contains(slot.key()) &&
                        owns(backend.getKeyGroupRange(), backend.getNumberOfKeyGroups(), slot.key()))
                    {
                        final Object value = readAt(backend, state, index, slot.key(), "an expected key");
                        if (value != null)
                        {
                            values.put(slot, new Unlisted(value));
                        }
                    }
                }
            }
        }
        return new SnapshotImage(values);
    }

    /** @return every value, by slot, in slot order; read-only. */
    SortedMap<Slot, Object> values()
    {
        return values;
    }

    /**
     * @param range          key groups.
     * @param maxParallelism the number of key groups of the job.
     * @return the part of this image whose keys lie in {@code range}.
     */
    SnapshotImage ownedBy(final KeyGroupRange range, final int maxParallelism)
    {
        final SortedMap<Slot, Object> owned = new TreeMap<>(SLOT_ORDER);
        values.forEach((slot, value) ->
        {
            if (owns(range, maxParallelism, slot.key()))
            {
                owned.put(slot, value);
            }
        });
        return new SnapshotImage(owned);
    }

    /**
     * @param expected the image this one should equal.
     * @return null if the images are equal, else the differences (the first {@value #MAX_SHOWN_DIFFERENCES}),
     * one per line.
     */
    String differencesFrom(final SnapshotImage expected)
    {
        final Set<Slot> slots = new TreeSet<>(SLOT_ORDER);
        slots.addAll(values.keySet());
        slots.addAll(expected.values.keySet());
        final List<String> differences = new ArrayList<>();
        for (final Slot slot : slots)
        {
            final Object want = expected.values.get(slot);
            final Object have = values.get(slot);
            if (want == null)
            {
                differences.add("unexpected " + slot + " = " + show(have));
            }
            else if (have == null)
            {
                differences.add("missing " + slot + ", expected " + show(want));
            }
            else if (!want.equals(have))
            {
                differences.add(slot + " is " + show(have) + ", expected " + show(want));
            }
        }
        if (differences.isEmpty())
        {
            return null;
        }
        final StringBuilder sb = new StringBuilder().append(differences.size()).append(" difference(s) in ")
            .append(expected.values.size()).append(" expected values:");
        for (int i = 0; i < Math.min(differences.size(), MAX_SHOWN_DIFFERENCES); i++)
        {
            sb.append(System.lineSeparator()).append("  ").append(differences.get(i));
        }
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return "SnapshotImage{" + values.size() + " values}";
    }

    /**
     * @param range          key groups.
     * @param maxParallelism the number of key groups of the job.
     * @param key            a key.
     * @return true if the key's key group lies in {@code range}.
     */
    static boolean owns(final KeyGroupRange range, final int maxParallelism, final long key)
    {
        return range.contains(KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), maxParallelism));
    }

    private static int namespaceCount(final StateId state)
    {
        return state.isNamespaced() ? StateCatalog.NAMESPACE_COUNT : 1;
    }

    private static Object readAt(
        final KeyedStateBackend<Long> backend, final StateId state, final int index, final long key, final String what)
    {
        try
        {
            backend.setCurrentKey(key);
            return SnapshotStates.read(backend, state, index);
        }
        catch (final RuntimeException ex)
        {
            throw new AssertionError("reading " + new Slot(state, index, key) + ", " + what + ", of the backend " +
                "owning " + backend.getKeyGroupRange() + ": " + ex, ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static String show(final Object value)
    {
        if (value instanceof String)
        {
            return Show.string((String)value);
        }
        if (value instanceof List)
        {
            return Show.strings((List<String>)value);
        }
        if (value instanceof Map)
        {
            return Show.map((Map<Integer, String>)value);
        }
        return value instanceof Long ? value + "L" : String.valueOf(value);
    }
}

package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ValueState;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Operations over all keys: {@code applyToAllKeys} (which may change or clear the state of the key it visits, so
 * entries move and vanish during the iteration) and {@code getKeys}. Each checks that every key with a value is
 * visited exactly once, and that the backend restores its current key after.
 */
final class BulkOps
{
    private BulkOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(2, draws -> new CountApply(pick(CountAction.values(), draws.choice()))),
            Gens.weighted(3, draws -> new TextApply(pick(TextAction.values(), draws.choice()), draws.namespaceIndex())),
            Gens.weighted(2, draws -> new ListApplyAdd(draws.namespaceIndex(), draws.text())),
            Gens.weighted(3, draws ->
            {
                final StateId state = pick(StateId.values(), draws.choice());
                return new GetKeys(state, state.modelNamespace(draws.namespaceIndex()));
            }),
            Gens.weighted(1, draws -> new GetKeysThenClearText(draws.namespaceIndex())),
            Gens.weighted(1, draws -> new CountFill(draws.bulkSize())));
    }

    private static <T> T pick(final T[] values, final int choice)
    {
        return values[choice % values.length];
    }

    /** What {@link CountApply} does to each key. */
    enum CountAction
    {
        /** {@code count := 2 * count}. */
        TIMES_TWO,
        /** Clears the count of every odd key. */
        CLEAR_ODD_KEYS
    }

    /** What {@link TextApply} does to each key. */
    enum TextAction
    {
        /** Doubles the text (relocating it) up to 400 chars, halves it (in place) beyond. */
        DOUBLE_OR_HALVE,
        /** Clears the text of every odd key. */
        CLEAR_ODD_KEYS
    }

    /** {@code applyToAllKeys} on {@code count}. */
    record CountApply(CountAction action) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model) throws Exception
        {
            final KeyedStateBackend<Long> backend = sut.backend();
            final Map<Long, Long> before = model.count().snapshot(0);
            final Set<Long> visited = new HashSet<>();
            backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, StateCatalog.COUNT,
                (key, state) ->
                {
                    checkVisit(backend, before, visited, key);
                    assertEquals(before.get(key), state.value(), "count.value() of key " + key + " in applyToAllKeys");
                    if (action == CountAction.TIMES_TWO)
                    {
                        state.update(state.value() * 2);
                    }
                    else if (isOdd(key))
                    {
                        state.clear();
                    }
                });
            assertEquals(before.keySet(), visited, "keys visited by applyToAllKeys");
            before.forEach((key, value) ->
            {
                final Long cleared = isOdd(key) ? null : value;
                model.count().put(0, key, action == CountAction.TIMES_TWO ? Long.valueOf(value * 2) : cleared);
            });
            checkCursorRestored(sut, model);
        }

        @Override
        public String toString()
        {
            return "applyToAllKeys(count, VoidNamespace, " + action + ")";
        }
    }

    /** {@code applyToAllKeys} on {@code text}, in the namespace of one index. */
    record TextApply(TextAction action, int namespaceIndex) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model) throws Exception
        {
            final KeyedStateBackend<Long> backend = sut.backend();
            final Map<Long, String> before = model.text().snapshot(namespaceIndex);
            final Set<Long> visited = new HashSet<>();
            backend.applyToAllKeys(StateCatalog.LONG_NAMESPACES.get(namespaceIndex), LongCodec.INSTANCE,
                StateCatalog.TEXT, (key, state) ->
                {
                    checkVisit(backend, before, visited, key);
                    assertEquals(before.get(key), state.value(), "text.value() of key " + key + " in applyToAllKeys");
                    if (action == TextAction.DOUBLE_OR_HALVE)
                    {
                        state.update(doubleOrHalve(state.value()));
                    }
                    else if (isOdd(key))
                    {
                        state.clear();
                    }
                });
            assertEquals(before.keySet(), visited, "keys visited by applyToAllKeys");
            before.forEach((key, value) -> model.text().put(namespaceIndex, key,
                action == TextAction.DOUBLE_OR_HALVE ? doubleOrHalve(value) : isOdd(key) ? null : value));
            checkCursorRestored(sut, model);
        }

        @Override
        public String toString()
        {
            return "applyToAllKeys(text, " + Show.namespaceValue(StateCatalog.LONG_NAMESPACES.get(namespaceIndex)) +
                ", " + action + ")";
        }
    }

    /** {@code applyToAllKeys} on {@code list}: appends one element to the list of every key. */
    record ListApplyAdd(int namespaceIndex, String element) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model) throws Exception
        {
            final KeyedStateBackend<Long> backend = sut.backend();
            final Map<Long, List<String>> before = model.list().snapshot(namespaceIndex);
            final Set<Long> visited = new HashSet<>();
            backend.applyToAllKeys(StateCatalog.STRING_NAMESPACES.get(namespaceIndex), StringCodec.INSTANCE,
                StateCatalog.LIST, (key, state) ->
                {
                    checkVisit(backend, before, visited, key);
                    assertEquals(before.get(key), state.get(), "list.get() of key " + key + " in applyToAllKeys");
                    state.add(element);
                });
            assertEquals(before.keySet(), visited, "keys visited by applyToAllKeys");
            before.forEach((key, value) ->
                model.list().put(namespaceIndex, key, List.copyOf(ListOps.appended(value, List.of(element)))));
            checkCursorRestored(sut, model);
        }

        @Override
        public String toString()
        {
            return "applyToAllKeys(list, " + Show.namespaceValue(StateCatalog.STRING_NAMESPACES.get(namespaceIndex)) +
                ", add(" + Show.string(element) + "))";
        }
    }

    /** {@code getKeys(state, namespace)}, compared as a set, with no key twice. */
    record GetKeys(StateId state, int namespaceIndex) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.table(state).keys(namespaceIndex), keysOf(sut.backend(), state, namespaceIndex),
                toString());
        }

        @Override
        public String toString()
        {
            return "getKeys(\"" + state.stateName() + "\", " + Show.namespaceValue(state.namespace(namespaceIndex)) +
                ")";
        }
    }

    /**
     * Consumes {@code getKeys("text", namespace)} while clearing the text of each key it returns: the stream was
     * collected when called, so it must still return every key that had a value then.
     */
    record GetKeysThenClearText(int namespaceIndex) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            final KeyedStateBackend<Long> backend = sut.backend();
            final Long namespace = StateCatalog.LONG_NAMESPACES.get(namespaceIndex);
            final Set<Long> expected = model.text().keys(namespaceIndex);
            final ValueState<String> text =
                backend.getPartitionedState(namespace, LongCodec.INSTANCE, StateCatalog.TEXT);
            final Set<Long> seen = new HashSet<>();
            try (Stream<Long> keys = backend.getKeys(StateCatalog.TEXT.getName(), namespace))
            {
                keys.forEach(key ->
                {
                    assertTrue(seen.add(key), "getKeys returned key " + key + " twice");
                    backend.setCurrentKey(key);
                    text.clear();
                });
            }
            assertEquals(expected, seen, "getKeys(\"text\", " + namespace + "L) while clearing");
            for (final Long key : expected)
            {
                model.text().put(namespaceIndex, key, null);
            }
            backend.setCurrentKey(model.currentKey());
            sut.pointNamespaces(model.namespaceIndex());
        }

        @Override
        public String toString()
        {
            return "getKeys(\"text\", " + Show.namespaceValue(StateCatalog.LONG_NAMESPACES.get(namespaceIndex)) +
                ").forEach(setCurrentKey, text.clear())";
        }
    }

    /**
     * Sets {@code count} of {@code size} keys that no other operation uses, so that one key group (with max
     * parallelism 1, all of them) holds more entries than a backend's smallest tables; restores the current key.
     */
    record CountFill(int size) implements Op
    {
        /** The first key written; far from {@link Gens#KEY_POOL}. */
        static final long FIRST_KEY = 1_000_000L;

        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            for (int i = 0; i < size; i++)
            {
                sut.backend().setCurrentKey(FIRST_KEY + i);
                sut.count().update((long)i);
                model.count().put(0, FIRST_KEY + i, (long)i);
            }
            sut.backend().setCurrentKey(model.currentKey());
        }

        @Override
        public String toString()
        {
            return "for (i = 0; i < " + size + "; i++) { setCurrentKey(" + FIRST_KEY + "L + i); count.update(i) }";
        }
    }

    /**
     * @return the keys {@code getKeys} returns for the state in the namespace of {@code namespaceIndex}; fails if
     * it returns a key twice.
     */
    static Set<Long> keysOf(final KeyedStateBackend<Long> backend, final StateId state, final int namespaceIndex)
    {
        final Set<Long> keys = new HashSet<>();
        try (Stream<Long> stream = backend.getKeys(state.stateName(), state.namespace(namespaceIndex)))
        {
            stream.forEach(key -> assertTrue(keys.add(key), "getKeys(\"" + state.stateName() + "\", " +
                Show.namespaceValue(state.namespace(namespaceIndex)) + ") returned key " + key + " twice"));
        }
        return keys;
    }

    static String doubleOrHalve(final String text)
    {
        if (text.length() <= 400)
        {
            return text + text;
        }
        return text.substring(0, text.offsetByCodePoints(0, text.codePointCount(0, text.length()) / 2));
    }

    private static boolean isOdd(final long key)
    {
        return (key & 1L) != 0;
    }

    private static void checkVisit(
        final KeyedStateBackend<Long> backend, final Map<Long, ?> before, final Set<Long> visited, final Long key)
    {
        assertTrue(visited.add(key), "applyToAllKeys visited key " + key + " twice");
        assertTrue(before.containsKey(key), "applyToAllKeys visited key " + key + ", which has no value");
        assertEquals(key, backend.getCurrentKey(), "getCurrentKey() inside applyToAllKeys");
    }

    private static void checkCursorRestored(final BackendUnderTest sut, final StateModel model)
    {
        assertEquals(Long.valueOf(model.currentKey()), sut.backend().getCurrentKey(),
            "applyToAllKeys must restore the current key");
        sut.pointNamespaces(model.namespaceIndex());
    }
}

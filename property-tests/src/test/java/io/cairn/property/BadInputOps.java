package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cairn.backend.StateValueTooLargeException;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Bad input: a null element or map value, or a value that encodes to more than the backend's max value length.
 * Each must throw {@link IllegalArgumentException} ({@link StateValueTooLargeException} for a too large value)
 * and change nothing, so the model is left as it is and the checks after the step compare the state with it.
 */
final class BadInputOps
{
    private BadInputOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(1, draws -> new ListAddNull()),
            Gens.weighted(2, draws -> new ListAddAll(withAt(draws.texts(), draws.choice(), null))),
            Gens.weighted(2, draws -> new ListAddAll(withAt(draws.texts(), draws.choice(), draws.tooLarge()))),
            Gens.weighted(2, draws -> new ListUpdate(withAt(draws.texts(), draws.choice(), null))),
            Gens.weighted(1, draws -> new ListUpdate(withAt(draws.texts(), draws.choice(), draws.tooLarge()))),
            Gens.weighted(1, draws -> new ListAddTooLarge(draws.tooLarge())),
            Gens.weighted(2, draws -> new MapPutNull(draws.mapKey())),
            Gens.weighted(1, draws -> new MapPutTooLarge(draws.mapKey(), draws.tooLarge())),
            Gens.weighted(2, draws -> new MapPutAll(withNullAt(draws.map(), draws.mapKey()))),
            Gens.weighted(2, draws -> new TextUpdateTooLarge(draws.tooLarge())));
    }

    /** {@code list.add(null)}. */
    record ListAddNull() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(IllegalArgumentException.class, () -> sut.list().add(null), toString());
        }

        @Override
        public String toString()
        {
            return "list.add(null) throws";
        }
    }

    /** {@code list.addAll(values)} with one bad element: nothing is appended. */
    record ListAddAll(List<String> values) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(expectedException(values), () -> sut.list().addAll(values), toString());
        }

        @Override
        public String toString()
        {
            return "list.addAll(" + Show.strings(values) + ") throws";
        }
    }

    /** {@code list.update(values)} with one bad element: nothing changes. */
    record ListUpdate(List<String> values) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(expectedException(values), () -> sut.list().update(values), toString());
        }

        @Override
        public String toString()
        {
            return "list.update(" + Show.strings(values) + ") throws";
        }
    }

    /** {@code list.add(value)} with a too large value. */
    record ListAddTooLarge(String value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(StateValueTooLargeException.class, () -> sut.list().add(value), toString());
        }

        @Override
        public String toString()
        {
            return "list.add(" + Show.string(value) + ") throws";
        }
    }

    /** {@code map.put(key, null)}. */
    record MapPutNull(int key) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(IllegalArgumentException.class, () -> sut.map().put(key, null), toString());
        }

        @Override
        public String toString()
        {
            return "map.put(" + key + ", null) throws";
        }
    }

    /** {@code map.put(key, value)} with a too large value. */
    record MapPutTooLarge(int key, String value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(StateValueTooLargeException.class, () -> sut.map().put(key, value), toString());
        }

        @Override
        public String toString()
        {
            return "map.put(" + key + ", " + Show.string(value) + ") throws";
        }
    }

    /** {@code map.putAll(entries)} with one null value: nothing is put. */
    record MapPutAll(Map<Integer, String> entries) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(IllegalArgumentException.class, () -> sut.map().putAll(entries), toString());
        }

        @Override
        public String toString()
        {
            return "map.putAll(" + Show.map(entries) + ") throws";
        }
    }

    /** {@code text.update(value)} with a too large value: the old value stays. */
    record TextUpdateTooLarge(String value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertThrows(StateValueTooLargeException.class, () -> sut.text().update(value), toString());
        }

        @Override
        public String toString()
        {
            return "text.update(" + Show.string(value) + ") throws";
        }
    }

    private static Class<? extends IllegalArgumentException> expectedException(final List<String> values)
    {
        return values.contains(null) ? IllegalArgumentException.class : StateValueTooLargeException.class;
    }

    /** @return {@code values} with {@code element} inserted at {@code at}, clamped to the list; may hold null. */
    private static List<String> withAt(final List<String> values, final int at, final String element)
    {
        final List<String> result = new ArrayList<>(values);
        result.add(Math.min(at, values.size()), element);
        return Collections.unmodifiableList(result);
    }

    /** @return {@code map} with {@code key} mapped to null. */
    private static Map<Integer, String> withNullAt(final Map<Integer, String> map, final int key)
    {
        final Map<Integer, String> result = new HashMap<>(map);
        result.put(key, null);
        return Collections.unmodifiableMap(result);
    }
}

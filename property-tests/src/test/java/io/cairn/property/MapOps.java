package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.cairn.state.MapState;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/** Operations on the map state {@code map} ({@code Integer} keys, {@code String} values, {@code Long} namespaces). */
final class MapOps
{
    private MapOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(6, draws -> new MapPut(draws.mapKey(), draws.text())),
            Gens.weighted(2, draws -> new MapPutAll(draws.map())),
            Gens.weighted(3, draws -> new MapGet(draws.mapKey())),
            Gens.weighted(3, draws -> new MapRemove(draws.mapKey())),
            Gens.weighted(2, draws -> new MapContains(draws.mapKey())),
            Gens.weighted(1, draws -> new MapIsEmpty()),
            Gens.weighted(2, draws -> new MapIterate()),
            Gens.weighted(1, draws -> new MapRemoveOddKeysByIterator()),
            Gens.weighted(1, draws -> new MapClear()),
            Gens.weighted(1, draws -> new MapFill(draws.bulkSize())));
    }

    /** {@code map.put(key, value)}. */
    record MapPut(int key, String value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.map().put(key, value);
            final Map<Integer, String> map = new HashMap<>(model.currentMap());
            map.put(key, value);
            model.currentMap(map);
        }

        @Override
        public String toString()
        {
            return "map.put(" + key + ", " + Show.string(value) + ")";
        }
    }

    /** {@code map.putAll(entries)}. */
    record MapPutAll(Map<Integer, String> entries) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.map().putAll(entries);
            final Map<Integer, String> map = new HashMap<>(model.currentMap());
            map.putAll(entries);
            model.currentMap(map);
        }

        @Override
        public String toString()
        {
            return "map.putAll(" + Show.map(entries) + ")";
        }
    }

    /** {@code map.get(key)}. */
    record MapGet(int key) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.currentMap().get(key), sut.map().get(key), "map.get(" + key + ")");
        }

        @Override
        public String toString()
        {
            return "map.get(" + key + ")";
        }
    }

    /** {@code map.remove(key)}; removing an absent key changes nothing. */
    record MapRemove(int key) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.map().remove(key);
            final Map<Integer, String> map = new HashMap<>(model.currentMap());
            map.remove(key);
            model.currentMap(map);
        }

        @Override
        public String toString()
        {
            return "map.remove(" + key + ")";
        }
    }

    /** {@code map.contains(key)}. */
    record MapContains(int key) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.currentMap().containsKey(key), sut.map().contains(key), "map.contains(" + key + ")");
        }

        @Override
        public String toString()
        {
            return "map.contains(" + key + ")";
        }
    }

    /** {@code map.isEmpty()}. */
    record MapIsEmpty() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.currentMap().isEmpty(), sut.map().isEmpty(), "map.isEmpty()");
        }

        @Override
        public String toString()
        {
            return "map.isEmpty()";
        }
    }

    /** {@code map.entries()}, {@code keys()} and {@code values()}, each compared with the model. */
    record MapIterate() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            final Map<Integer, String> expected = model.currentMap();
            assertEquals(expected, entriesOf(sut.map()), "map.entries()");

            final List<Integer> keys = new ArrayList<>();
            sut.map().keys().forEach(keys::add);
            Collections.sort(keys);
            final List<Integer> expectedKeys = new ArrayList<>(expected.keySet());
            Collections.sort(expectedKeys);
            assertEquals(expectedKeys, keys, "map.keys()");

            final List<String> values = new ArrayList<>();
            sut.map().values().forEach(values::add);
            Collections.sort(values);
            final List<String> expectedValues = new ArrayList<>(expected.values());
            Collections.sort(expectedValues);
            assertEquals(expectedValues, values, "map.values()");
        }

        @Override
        public String toString()
        {
            return "map.entries()/keys()/values()";
        }
    }

    /** Removes the entries of odd map keys through {@link Iterator#remove()}. */
    record MapRemoveOddKeysByIterator() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            final Iterator<Map.Entry<Integer, String>> iterator = sut.map().iterator();
            final Map<Integer, String> seen = new HashMap<>();
            while (iterator.hasNext())
            {
                final Map.Entry<Integer, String> entry = iterator.next();
                final int key = entry.getKey();
                assertNull(seen.put(key, entry.getValue()), "map.iterator() returned key " + key + " twice");
                if ((key & 1) != 0)
                {
                    iterator.remove();
                }
            }
            assertEquals(model.currentMap(), seen, "map.iterator()");
            final Map<Integer, String> map = new HashMap<>(model.currentMap());
            map.keySet().removeIf(key -> (key & 1) != 0);
            model.currentMap(map);
        }

        @Override
        public String toString()
        {
            return "map.iterator(): remove odd keys";
        }
    }

    /** {@code map.clear()}. */
    record MapClear() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.map().clear();
            model.currentMap(Map.of());
        }

        @Override
        public String toString()
        {
            return "map.clear()";
        }
    }

    /** Puts {@code size} entries into the map of the current key, with map keys no other operation uses. */
    record MapFill(int size) implements Op
    {
        /** The first map key written; far from {@link Gens#mapKeys()}. */
        static final int FIRST_KEY = 1000;

        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            final Map<Integer, String> map = new HashMap<>(model.currentMap());
            for (int i = 0; i < size; i++)
            {
                sut.map().put(FIRST_KEY + i, Integer.toString(i));
                map.put(FIRST_KEY + i, Integer.toString(i));
            }
            model.currentMap(map);
        }

        @Override
        public String toString()
        {
            return "for (i = 0; i < " + size + "; i++) { map.put(" + FIRST_KEY + " + i, String.valueOf(i)) }";
        }
    }

    /** @return the entries of the map of the current key and namespace; fails if a key comes twice. */
    static Map<Integer, String> entriesOf(final MapState<Integer, String> state)
    {
        final Map<Integer, String> entries = new HashMap<>();
        for (final Map.Entry<Integer, String> entry : state.entries())
        {
            final Integer key = entry.getKey();
            assertNull(entries.put(key, entry.getValue()), "map.entries() returned key " + key + " twice");
        }
        return entries;
    }
}

package io.cairn.property;

import java.util.List;
import java.util.Map;

/**
 * The plain-Java model of a keyed backend holding the states of {@link StateCatalog}: what every read must return.
 * Like the backend, it has a current key and a current namespace index.
 */
final class StateModel
{
    private final KeyedTable<String> text = new KeyedTable<>();
    private final KeyedTable<Long> count = new KeyedTable<>();
    private final KeyedTable<List<String>> list = new KeyedTable<>();
    private final KeyedTable<Map<Integer, String>> map = new KeyedTable<>();
    private final KeyedTable<Long> sum = new KeyedTable<>();
    private final KeyedTable<CountSum> avg = new KeyedTable<>();

    private long currentKey;
    private int namespaceIndex;

    long currentKey()
    {
        return currentKey;
    }

    void currentKey(final long key)
    {
        currentKey = key;
    }

    int namespaceIndex()
    {
        return namespaceIndex;
    }

    void namespaceIndex(final int index)
    {
        namespaceIndex = index;
    }

    /** @return where the model keeps the current values of {@code state}: its namespace for the current index. */
    int namespaceOf(final StateId state)
    {
        return state.modelNamespace(namespaceIndex);
    }

    KeyedTable<String> text()
    {
        return text;
    }

    KeyedTable<Long> count()
    {
        return count;
    }

    KeyedTable<List<String>> list()
    {
        return list;
    }

    KeyedTable<Map<Integer, String>> map()
    {
        return map;
    }

    KeyedTable<Long> sum()
    {
        return sum;
    }

    KeyedTable<CountSum> avg()
    {
        return avg;
    }

    /** @return the model of any state, for code that treats states alike. */
    KeyedTable<?> table(final StateId state)
    {
        return switch (state)
        {
            case TEXT -> text;
            case COUNT -> count;
            case LIST -> list;
            case MAP -> map;
            case SUM -> sum;
            case AVG -> avg;
        };
    }

    /** @return the current list of the current key, empty if none. */
    List<String> currentList()
    {
        final List<String> values = list.get(namespaceOf(StateId.LIST), currentKey);
        return values == null ? List.of() : values;
    }

    /** Replaces the current list of the current key; an empty list removes it. */
    void currentList(final List<String> values)
    {
        list.put(namespaceOf(StateId.LIST), currentKey, values.isEmpty() ? null : List.copyOf(values));
    }

    /** @return the current map of the current key, empty if none. */
    Map<Integer, String> currentMap()
    {
        final Map<Integer, String> values = map.get(namespaceOf(StateId.MAP), currentKey);
        return values == null ? Map.of() : values;
    }

    /** Replaces the current map of the current key; an empty map removes it. */
    void currentMap(final Map<Integer, String> values)
    {
        map.put(namespaceOf(StateId.MAP), currentKey, values.isEmpty() ? null : Map.copyOf(values));
    }
}

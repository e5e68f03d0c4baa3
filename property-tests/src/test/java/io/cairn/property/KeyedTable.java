package io.cairn.property;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The model of one state: a value per namespace index and key. Values are immutable; an absent value is no entry
 * (the model never keeps an empty list or map).
 *
 * @param <V> the value type.
 */
final class KeyedTable<V>
{
    private final Map<Integer, Map<Long, V>> byNamespace = new HashMap<>();

    V get(final int namespace, final long key)
    {
        final Map<Long, V> values = byNamespace.get(namespace);
        return values == null ? null : values.get(key);
    }

    /** Sets the value; null removes it. */
    void put(final int namespace, final long key, final V value)
    {
        if (value == null)
        {
            final Map<Long, V> values = byNamespace.get(namespace);
            if (values != null)
            {
                values.remove(key);
            }
        }
        else
        {
            byNamespace.computeIfAbsent(namespace, ignore -> new HashMap<>()).put(key, value);
        }
    }

    /** @return a copy of the values of one namespace, by key. */
    Map<Long, V> snapshot(final int namespace)
    {
        final Map<Long, V> values = byNamespace.get(namespace);
        return values == null ? Map.of() : Map.copyOf(values);
    }

    /** @return the keys that have a value in the namespace. */
    Set<Long> keys(final int namespace)
    {
        return snapshot(namespace).keySet();
    }
}

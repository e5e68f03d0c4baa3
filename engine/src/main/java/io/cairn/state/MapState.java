package io.cairn.state;

import java.util.Iterator;
import java.util.Map;

/**
 * A map per key and namespace, whose entries are stored and addressed one by one (a put does not rewrite the
 * map). Neither map keys nor map values may be null.
 *
 * @param <UK> the map's key type.
 * @param <UV> the map's value type.
 */
public interface MapState<UK, UV> extends State
{
    /**
     * @param key a map key, not null.
     * @return its value, or null if the map has no such key.
     */
    UV get(UK key);

    /**
     * Associates {@code value} with {@code key}, replacing any previous value.
     *
     * @param key   a map key, not null.
     * @param value its value, not null.
     */
    void put(UK key, UV value);

    /**
     * Puts every entry of {@code map}. Nothing is put if any key or value is null or too large.
     *
     * @param map the entries.
     */
    void putAll(Map<UK, UV> map);

    /**
     * @param key a map key, not null.
     */
    void remove(UK key);

    /**
     * @param key a map key, not null.
     * @return true if the map has {@code key}.
     */
    boolean contains(UK key);

    /** @return the entries of the map; iterate them once. Removing through the iterator is supported. */
    Iterable<Map.Entry<UK, UV>> entries();

    /** @return the keys of the map. */
    Iterable<UK> keys();

    /** @return the values of the map. */
    Iterable<UV> values();

    /**
     * Iterates the entries. Changing the map other than through {@link Iterator#remove()} during the iteration
     * makes the iterator throw {@link java.util.ConcurrentModificationException}.
     *
     * @return an iterator over the entries.
     */
    Iterator<Map.Entry<UK, UV>> iterator();

    /** @return true if the map of the current key and namespace has no entry. */
    boolean isEmpty();
}

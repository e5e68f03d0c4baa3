package io.cairn.state;

import java.util.Iterator;
import java.util.Map;

/**
 * Operator state that every parallel subtask holds a full copy of: a map, written by each subtask the same way (as
 * the broadcast input drives it), and handed on a change of parallelism whole, never merged. It belongs to the
 * operator, not to a key: {@link #clear()} removes every entry. Neither keys nor values may be null; a method
 * given one throws {@link IllegalArgumentException} and changes nothing.
 *
 * @param <K> the map's key type.
 * @param <V> the map's value type.
 */
public interface BroadcastState<K, V> extends State
{
    /**
     * @param key a map key, not null.
     * @return its value, or null if the map has no such key.
     */
    V get(K key);

    /**
     * Associates {@code value} with {@code key}, replacing any previous value.
     *
     * @param key   a map key, not null.
     * @param value its value, not null.
     */
    void put(K key, V value);

    /**
     * Puts every entry of {@code map}. Nothing is put if the map or any of its keys or values is null.
     *
     * @param map the entries.
     */
    void putAll(Map<K, V> map);

    /**
     * Removes {@code key} and its value; nothing if the map has no such key.
     *
     * @param key a map key, not null.
     */
    void remove(K key);

    /**
     * @param key a map key, not null.
     * @return true if the map has {@code key}.
     */
    boolean contains(K key);

    /**
     * @return the entries of the map, in the order their keys were first put; the entries are read-only, and
     * removing through the iterator is supported.
     */
    Iterable<Map.Entry<K, V>> entries();

    /**
     * Iterates the entries. Changing the map other than through {@link Iterator#remove()} during the iteration
     * makes the iterator throw {@link java.util.ConcurrentModificationException}.
     *
     * @return an iterator over the entries.
     */
    Iterator<Map.Entry<K, V>> iterator();

    /** @return true if the map has no entry. */
    boolean isEmpty();
}

package io.cairn.state;

import java.util.List;

/**
 * A list of values per key and namespace. Appending never rewrites the elements already there.
 *
 * @param <V> the element type.
 */
public interface ListState<V> extends State
{
    /**
     * @return the elements of the current key and namespace in the order they were added; empty, never null, if
     * there are none. The list is a copy: later changes to the state do not show in it.
     */
    List<V> get();

    /**
     * Appends one element.
     *
     * @param value the element, not null.
     */
    void add(V value);

    /**
     * Appends every element of {@code values}, in order. Nothing is appended if any element is null or too large.
     *
     * @param values the elements, none null.
     */
    void addAll(List<V> values);

    /**
     * Replaces the elements with {@code values}; an empty list clears the state. Nothing changes if any element
     * is null or too large.
     *
     * @param values the new elements, none null.
     */
    void update(List<V> values);
}

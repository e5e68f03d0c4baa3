package io.cairn.state;

/**
 * State to which values are added and from which one result is read.
 *
 * @param <IN>  what is added.
 * @param <OUT> what is read.
 */
public interface AppendingState<IN, OUT> extends State
{
    /**
     * @return the result for the current key and namespace, or null if nothing was added since the last clear.
     */
    OUT get();

    /**
     * @param value what to add, not null.
     */
    void add(IN value);
}

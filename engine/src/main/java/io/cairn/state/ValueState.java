package io.cairn.state;

/**
 * One value per key and namespace.
 *
 * @param <V> the value type.
 */
public interface ValueState<V> extends State
{
    /**
     * @return the value of the current key and namespace, or the descriptor's default value (null unless one was
     * given) if there is none.
     */
    V value();

    /**
     * Sets the value of the current key and namespace. {@code null} clears it, as {@link #clear()} does.
     *
     * @param value the new value, or null.
     * @throws io.cairn.backend.StateValueTooLargeException     if the value encodes to more bytes than allowed.
     * @throws io.cairn.backend.MemoryBudgetExceededException if the backend's memory budget has no room for it.
     */
    void update(V value);
}

package io.cairn.state;

/**
 * One value per key and namespace, to which values are added through a {@link ReduceFunction}.
 *
 * @param <V> the value type.
 */
public interface ReducingState<V> extends AppendingState<V, V>
{
}

package io.cairn.state;

/**
 * One accumulator per key and namespace, to which inputs are added through an {@link AggregateFunction}.
 *
 * @param <IN>  the input type.
 * @param <OUT> the result type.
 */
public interface AggregatingState<IN, OUT> extends AppendingState<IN, OUT>
{
}

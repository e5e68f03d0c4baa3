package io.cairn.state;

/**
 * Folds inputs into an accumulator and derives a result from it; used by {@link AggregatingState}.
 *
 * @param <IN>  the input type.
 * @param <ACC> the accumulator type, the one stored.
 * @param <OUT> the result type.
 */
public interface AggregateFunction<IN, ACC, OUT>
{
    /** @return a new, empty accumulator. */
    ACC createAccumulator();

    /**
     * @param value       an input.
     * @param accumulator the accumulator so far; may be modified and returned.
     * @return the new accumulator, not null.
     */
    ACC add(IN value, ACC accumulator);

    /**
     * @param accumulator an accumulator.
     * @return the result it stands for.
     */
    OUT getResult(ACC accumulator);

    /**
     * @param a an accumulator.
     * @param b another.
     * @return both merged into one.
     */
    ACC merge(ACC a, ACC b);
}

package io.cairn.state;

/**
 * Combines two values into one of the same type; used by {@link ReducingState}.
 *
 * @param <T> the value type.
 */
@FunctionalInterface
public interface ReduceFunction<T>
{
    /**
     * @param accumulated the value so far.
     * @param value       the value being added.
     * @return the combined value, not null.
     * @throws Exception if the function fails; the state is then unchanged.
     */
    T reduce(T accumulated, T value) throws Exception;
}

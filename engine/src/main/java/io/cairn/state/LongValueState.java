package io.cairn.state;

/**
 * A {@link ValueState} of {@code long} values with primitive accessors, which allocate nothing: the hot path of
 * counters, sums and timestamps. Created from a {@link LongValueStateDescriptor}; it stores exactly what a
 * {@code ValueStateDescriptor<Long>} with {@link io.cairn.codec.LongCodec} stores, so the two name the same
 * state and either may read it.
 */
public interface LongValueState extends ValueState<Long>
{
    /**
     * @param missingValue what to return when the current key and namespace have no value.
     * @return the value, or {@code missingValue}.
     */
    long getLong(long missingValue);

    /**
     * Sets the value of the current key and namespace.
     *
     * @param value the new value.
     * @throws io.cairn.backend.MemoryBudgetExceededException if the backend's memory budget has no room for it.
     */
    void updateLong(long value);
}

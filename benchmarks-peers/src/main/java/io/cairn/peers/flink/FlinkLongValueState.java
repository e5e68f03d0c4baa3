package io.cairn.peers.flink;

import java.io.IOException;

import io.cairn.state.LongValueState;

/**
 * Cairn's {@link LongValueState} over Flink's {@code ValueState<Long>}: Flink has no primitive accessors, so
 * {@link #updateLong} boxes the value and {@link #getLong} unboxes it, as a Flink job holding a {@code long}
 * would. The snapshot and rescale benchmarks fill their state through it; none of them times it.
 */
final class FlinkLongValueState implements LongValueState
{
    private final org.apache.flink.api.common.state.ValueState<Long> state;

    FlinkLongValueState(final org.apache.flink.api.common.state.ValueState<Long> state)
    {
        this.state = state;
    }

    @Override
    public long getLong(final long missingValue)
    {
        final Long value = value();
        return value == null ? missingValue : value;
    }

    @Override
    public void updateLong(final long value)
    {
        update(value);
    }

    @Override
    public Long value()
    {
        try
        {
            return state.value();
        }
        catch (final IOException ex)
        {
            throw FlinkFailure.of("ValueState.value", ex);
        }
    }

    @Override
    public void update(final Long value)
    {
        try
        {
            state.update(value);
        }
        catch (final IOException ex)
        {
            throw FlinkFailure.of("ValueState.update", ex);
        }
    }

    @Override
    public void clear()
    {
        state.clear();
    }
}

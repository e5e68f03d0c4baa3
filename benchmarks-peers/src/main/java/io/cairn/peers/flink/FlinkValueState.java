package io.cairn.peers.flink;

import java.io.IOException;

import io.cairn.state.ValueState;

/**
 * Cairn's {@link ValueState} over Flink's: every call passes straight through.
 *
 * @param <V> the value type.
 */
final class FlinkValueState<V> implements ValueState<V>
{
    private final org.apache.flink.api.common.state.ValueState<V> state;

    FlinkValueState(final org.apache.flink.api.common.state.ValueState<V> state)
    {
        this.state = state;
    }

    @Override
    public V value()
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
    public void update(final V value)
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

package io.cairn.peers.flink;

import java.util.ArrayList;
import java.util.List;

import io.cairn.state.ListState;

/**
 * Cairn's {@link ListState} over Flink's: every call passes straight through.
 *
 * <p>One difference in what a caller gets: Flink's {@code get()} returns an {@code Iterable}, which this adapter
 * returns as it is when it is a {@code List} (both Flink backends return one) instead of copying it. For Flink's
 * heap backend that is the stored list itself, not a copy as Cairn's contract says: a Flink job gets the same, and
 * a copy would charge the peer for work Flink does not do.
 *
 * @param <V> the element type.
 */
final class FlinkListState<V> implements ListState<V>
{
    private final org.apache.flink.api.common.state.ListState<V> state;

    FlinkListState(final org.apache.flink.api.common.state.ListState<V> state)
    {
        this.state = state;
    }

    @Override
    public List<V> get()
    {
        final Iterable<V> elements;
        try
        {
            elements = state.get();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("ListState.get", ex);
        }
        if (elements instanceof List)
        {
            return (List<V>)elements;
        }
        return elements == null ? List.of() : copy(elements);
    }

    @Override
    public void add(final V value)
    {
        try
        {
            state.add(value);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("ListState.add", ex);
        }
    }

    @Override
    public void addAll(final List<V> values)
    {
        try
        {
            state.addAll(values);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("ListState.addAll", ex);
        }
    }

    @Override
    public void update(final List<V> values)
    {
        try
        {
            state.update(values);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("ListState.update", ex);
        }
    }

    @Override
    public void clear()
    {
        state.clear();
    }

    private static <V> List<V> copy(final Iterable<V> elements)
    {
        final List<V> list = new ArrayList<>();
        for (final V element : elements)
        {
            list.add(element);
        }
        return list;
    }
}

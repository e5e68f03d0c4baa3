package io.cairn.peers.flink;

import java.util.Iterator;
import java.util.Map;

import io.cairn.state.MapState;

/**
 * Cairn's {@link MapState} over Flink's: every call passes straight through.
 *
 * @param <UK> the map's key type.
 * @param <UV> the map's value type.
 */
final class FlinkMapState<UK, UV> implements MapState<UK, UV>
{
    private final org.apache.flink.api.common.state.MapState<UK, UV> state;

    FlinkMapState(final org.apache.flink.api.common.state.MapState<UK, UV> state)
    {
        this.state = state;
    }

    @Override
    public UV get(final UK key)
    {
        try
        {
            return state.get(key);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.get", ex);
        }
    }

    @Override
    public void put(final UK key, final UV value)
    {
        try
        {
            state.put(key, value);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.put", ex);
        }
    }

    @Override
    public void putAll(final Map<UK, UV> map)
    {
        try
        {
            state.putAll(map);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.putAll", ex);
        }
    }

    @Override
    public void remove(final UK key)
    {
        try
        {
            state.remove(key);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.remove", ex);
        }
    }

    @Override
    public boolean contains(final UK key)
    {
        try
        {
            return state.contains(key);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.contains", ex);
        }
    }

    @Override
    public Iterable<Map.Entry<UK, UV>> entries()
    {
        try
        {
            return state.entries();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.entries", ex);
        }
    }

    @Override
    public Iterable<UK> keys()
    {
        try
        {
            return state.keys();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.keys", ex);
        }
    }

    @Override
    public Iterable<UV> values()
    {
        try
        {
            return state.values();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.values", ex);
        }
    }

    @Override
    public Iterator<Map.Entry<UK, UV>> iterator()
    {
        try
        {
            return state.iterator();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.iterator", ex);
        }
    }

    @Override
    public boolean isEmpty()
    {
        try
        {
            return state.isEmpty();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("MapState.isEmpty", ex);
        }
    }

    @Override
    public void clear()
    {
        state.clear();
    }
}

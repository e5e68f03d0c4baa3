package io.cairn.peers.chronicle;

import io.cairn.state.ValueState;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * A {@link ValueState} of {@code Long} values as one Chronicle Map from the current key to its value: a read is
 * the map's {@code get}, a write its {@code put} (which, as configured, returns no previous value), a clear its
 * {@code remove}.
 */
final class ChronicleMapValueState implements ValueState<Long>
{
    private final ChronicleMapKeyedStateBackend backend;
    private final ChronicleMap<Long, Long> map;

    ChronicleMapValueState(final ChronicleMapKeyedStateBackend backend, final ChronicleMap<Long, Long> map)
    {
        this.backend = backend;
        this.map = map;
    }

    @Override
    public Long value()
    {
        return map.get(backend.getCurrentKey());
    }

    @Override
    public void update(final Long value)
    {
        if (value == null)
        {
            clear();
        }
        else
        {
            map.put(backend.getCurrentKey(), value);
        }
    }

    @Override
    public void clear()
    {
        map.remove(backend.getCurrentKey());
    }
}

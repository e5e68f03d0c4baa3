package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertSame;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.state.AggregatingState;
import io.cairn.state.ListState;
import io.cairn.state.MapState;
import io.cairn.state.ReducingState;
import io.cairn.state.ValueState;

/**
 * A keyed backend that owns every key group, with the states of {@link StateCatalog} registered, key 0 current
 * and every state in namespace index 0: where every generated sequence starts.
 */
final class BackendUnderTest implements AutoCloseable
{
    private final KeyedStateBackend<Long> backend;
    private final ValueState<String> text;
    private final ValueState<Long> count;
    private final ListState<String> list;
    private final MapState<Integer, String> map;
    private final ReducingState<Long> sum;
    private final AggregatingState<Long, Double> avg;

    private BackendUnderTest(final KeyedStateBackend<Long> backend)
    {
        this.backend = backend;
        text = backend.getPartitionedState(StateCatalog.LONG_NAMESPACES.get(0), LongCodec.INSTANCE, StateCatalog.TEXT);
        count = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, StateCatalog.COUNT);
        list = backend.getPartitionedState(
            StateCatalog.STRING_NAMESPACES.get(0), StringCodec.INSTANCE, StateCatalog.LIST);
        map = backend.getPartitionedState(StateCatalog.LONG_NAMESPACES.get(0), LongCodec.INSTANCE, StateCatalog.MAP);
        sum = backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, StateCatalog.SUM);
        avg = backend.getPartitionedState(
            StateCatalog.STRING_NAMESPACES.get(0), StringCodec.INSTANCE, StateCatalog.AVG);
        backend.setCurrentKey(0L);
    }

    /**
     * @param backendName    the backend to load.
     * @param maxParallelism the number of key groups; the backend owns all of them.
     * @return the backend, ready for a sequence; the caller closes it.
     */
    static BackendUnderTest open(final String backendName, final int maxParallelism)
    {
        final KeyedStateBackend<Long> backend =
            Backends.open(backendName, maxParallelism, KeyGroupRange.of(0, maxParallelism - 1));
        try
        {
            return new BackendUnderTest(backend);
        }
        catch (final RuntimeException | Error ex)
        {
            backend.close();
            throw ex;
        }
    }

    /**
     * @param backend a backend that owns every key group; closed with this.
     * @return it, ready for a sequence; the caller closes it.
     */
    static BackendUnderTest of(final KeyedStateBackend<Long> backend)
    {
        try
        {
            return new BackendUnderTest(backend);
        }
        catch (final RuntimeException | Error ex)
        {
            backend.close();
            throw ex;
        }
    }

    KeyedStateBackend<Long> backend()
    {
        return backend;
    }

    ValueState<String> text()
    {
        return text;
    }

    ValueState<Long> count()
    {
        return count;
    }

    ListState<String> list()
    {
        return list;
    }

    MapState<Integer, String> map()
    {
        return map;
    }

    ReducingState<Long> sum()
    {
        return sum;
    }

    AggregatingState<Long, Double> avg()
    {
        return avg;
    }

    /**
     * Points every namespaced state at its namespace of {@code index}, checking that the backend re-points the one
     * state object of each name rather than handing out another.
     *
     * @param index a namespace index, {@code 0..3}.
     */
    void pointNamespaces(final int index)
    {
        final Long longNamespace = StateCatalog.LONG_NAMESPACES.get(index);
        final String stringNamespace = StateCatalog.STRING_NAMESPACES.get(index);
        assertSame(text, backend.getPartitionedState(longNamespace, LongCodec.INSTANCE, StateCatalog.TEXT),
            "getPartitionedState must return the one state object of a name");
        assertSame(map, backend.getPartitionedState(longNamespace, LongCodec.INSTANCE, StateCatalog.MAP),
            "getPartitionedState must return the one state object of a name");
        assertSame(list, backend.getPartitionedState(stringNamespace, StringCodec.INSTANCE, StateCatalog.LIST),
            "getPartitionedState must return the one state object of a name");
        assertSame(avg, backend.getPartitionedState(stringNamespace, StringCodec.INSTANCE, StateCatalog.AVG),
            "getPartitionedState must return the one state object of a name");
    }

    @Override
    public void close()
    {
        backend.close();
    }
}

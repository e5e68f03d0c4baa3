package io.cairn.property;

import java.util.List;
import java.util.Map;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.AggregatingState;
import io.cairn.state.ListState;
import io.cairn.state.MapState;
import io.cairn.state.ReducingState;
import io.cairn.state.ValueState;

/**
 * Typed access to the states of {@link StateCatalog} on a bare keyed backend: one that was restored, so cannot be
 * a {@link BackendUnderTest} (which registers its states when it opens, and a restore needs a backend with none).
 * Each accessor points the one state object of its name at the namespace of an index and returns it.
 */
final class SnapshotStates
{
    private SnapshotStates()
    {
    }

    static ValueState<String> text(final KeyedStateBackend<Long> backend, final int namespaceIndex)
    {
        return backend.getPartitionedState(
            StateCatalog.LONG_NAMESPACES.get(namespaceIndex), LongCodec.INSTANCE, StateCatalog.TEXT);
    }

    static ValueState<Long> count(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, StateCatalog.COUNT);
    }

    static ListState<String> list(final KeyedStateBackend<Long> backend, final int namespaceIndex)
    {
        return backend.getPartitionedState(
            StateCatalog.STRING_NAMESPACES.get(namespaceIndex), StringCodec.INSTANCE, StateCatalog.LIST);
    }

    static MapState<Integer, String> map(final KeyedStateBackend<Long> backend, final int namespaceIndex)
    {
        return backend.getPartitionedState(
            StateCatalog.LONG_NAMESPACES.get(namespaceIndex), LongCodec.INSTANCE, StateCatalog.MAP);
    }

    static ReducingState<Long> sum(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, StateCatalog.SUM);
    }

    static AggregatingState<Long, Double> avg(final KeyedStateBackend<Long> backend, final int namespaceIndex)
    {
        return backend.getPartitionedState(
            StateCatalog.STRING_NAMESPACES.get(namespaceIndex), StringCodec.INSTANCE, StateCatalog.AVG);
    }

    /** Registers every state of the catalog (after a restore: takes over the restored states). */
    static void registerAll(final KeyedStateBackend<Long> backend)
    {
        text(backend, 0);
        count(backend);
        list(backend, 0);
        map(backend, 0);
        sum(backend);
        avg(backend, 0);
    }

    /**
     * @param backend        a backend whose current key is set.
     * @param state          the state to read.
     * @param namespaceIndex the namespace index, 0 for a state without namespaces.
     * @return what the state observably holds for the current key, as the model keeps it ({@code avg} as its
     * average), or null if nothing; {@code count} answers its default, 0, when it has nothing.
     */
    static Object read(final KeyedStateBackend<Long> backend, final StateId state, final int namespaceIndex)
    {
        return switch (state)
        {
            case TEXT -> text(backend, namespaceIndex).value();
            case COUNT -> count(backend).value();
            case LIST -> nullIfEmpty(list(backend, namespaceIndex).get());
            case MAP -> nullIfEmpty(MapOps.entriesOf(map(backend, namespaceIndex)));
            case SUM -> sum(backend).get();
            case AVG -> avg(backend, namespaceIndex).get();
        };
    }

    private static Object nullIfEmpty(final List<String> values)
    {
        return values == null || values.isEmpty() ? null : List.copyOf(values);
    }

    private static Object nullIfEmpty(final Map<Integer, String> values)
    {
        return values.isEmpty() ? null : Map.copyOf(values);
    }
}

package io.cairn.offheap;

import io.cairn.codec.Codec;
import io.cairn.state.ReduceFunction;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;

/**
 * {@link ReducingState} off-heap: one record per (key, namespace) holding the reduced value; an add reads it,
 * reduces, and writes it back.
 *
 * @param <N> the namespace type.
 * @param <V> the value type.
 */
final class OffHeapReducingState<N, V> extends AbstractOffHeapState<N, ReducingState<V>> implements ReducingState<V>
{
    private final StateTable table;
    private final Codec<V> valueCodec;
    private final ReduceFunction<V> reduceFunction;

    OffHeapReducingState(
        final OffHeapKeyedStateBackend<?> backend,
        final ReducingStateDescriptor<V> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.table = backend.newTable();
        this.valueCodec = descriptor.getValueCodec();
        this.reduceFunction = descriptor.getReduceFunction();
    }

    @Override
    StateTable primaryTable()
    {
        return table;
    }

    @Override
    public V get()
    {
        final long record = locate(table);
        return record == 0 ? null : readValue(record, valueCodec);
    }

    @Override
    public void add(final V value)
    {
        if (value == null)
        {
            accessKey();
            throw new IllegalArgumentException("value=null in state \"" + name + "\"; expected a non-null value");
        }
        final long record = locate(table);
        V reduced = value;
        if (record != 0)
        {
            try
            {
                reduced = reduceFunction.reduce(readValue(record, valueCodec), value);
            }
            catch (final Exception ex)
            {
                throw userFunctionFailed("reduce function", ex);
            }
        }
        final int length = stage(reduced, valueCodec, "reduced value");
        // The function may have used the backend: build the key of this access again.
        upsertStaged(table, accessKey(), length);
    }

    @Override
    public void clear()
    {
        removeValue(table, accessKey());
    }
}

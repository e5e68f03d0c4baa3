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
    private final ValueStorage storage;
    private final Codec<V> valueCodec;
    private final ReduceFunction<V> reduceFunction;

    OffHeapReducingState(
        final OffHeapKeyedStateBackend<?> backend,
        final ReducingStateDescriptor<V> descriptor,
        final ValueStorage storage,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.storage = storage;
        this.valueCodec = descriptor.getValueCodec();
        this.reduceFunction = descriptor.getReduceFunction();
    }

    @Override
    StateStorage storage()
    {
        return storage;
    }

    @Override
    public V get()
    {
        final long record = storage.find(keyGroup(), accessKey());
        return record == 0 ? null : readValue(record, valueCodec);
    }

    @Override
    public void add(final V value)
    {
        final long record = storage.find(keyGroup(), accessKey());
        if (value == null)
        {
            throw new IllegalArgumentException("value=null in state \"" + name + "\"; expected a non-null value");
        }
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
        storage.upsert(keyGroup(), accessKey(), staged(), 0, length);
    }

    @Override
    public void clear()
    {
        storage.remove(keyGroup(), accessKey());
    }
}

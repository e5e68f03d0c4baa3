package io.cairn.rocksdb;

import io.cairn.codec.Codec;
import io.cairn.state.ReduceFunction;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;

/**
 * {@link ReducingState} on RocksDB, as read-modify-write: an add reads the stored value, reduces, and writes the
 * result back (a merge operator would need the reduce function in native code).
 *
 * @param <N> the namespace type.
 * @param <V> the value type.
 */
final class RocksDbReducingState<N, V> extends AbstractRocksDbState<N, ReducingState<V>> implements ReducingState<V>
{
    private final Codec<V> valueCodec;
    private final ReduceFunction<V> reduceFunction;

    RocksDbReducingState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final ReducingStateDescriptor<V> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, namespaceCodec);
        this.valueCodec = descriptor.getValueCodec();
        this.reduceFunction = descriptor.getReduceFunction();
    }

    @Override
    public V get()
    {
        final int length = read(accessKey());
        return length < 0 ? null : decodeRead(valueCodec, length);
    }

    @Override
    public void add(final V value)
    {
        final int length = read(accessKey());
        if (value == null)
        {
            throw new IllegalArgumentException("value=null in state \"" + name + "\"; expected a non-null value");
        }
        V reduced = value;
        if (length >= 0)
        {
            try
            {
                reduced = reduceFunction.reduce(decodeRead(valueCodec, length), value);
            }
            catch (final Exception ex)
            {
                throw userFunctionFailed("reduce function", ex);
            }
        }
        final int reducedLength = stage(reduced, valueCodec, "reduced value", 0);
        // The function may have used the backend: build the key of this access again.
        writeStaged(accessKey(), reducedLength);
    }

    @Override
    public void clear()
    {
        delete(accessKey());
    }
}

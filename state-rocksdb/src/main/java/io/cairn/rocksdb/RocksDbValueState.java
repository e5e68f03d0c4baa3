package io.cairn.rocksdb;

import io.cairn.codec.Codec;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;

/**
 * {@link ValueState} on RocksDB: one entry per (key, namespace) whose value is the codec's bytes. Not final only
 * for {@link RocksDbLongValueState}, which adds primitive accessors to the same entries.
 *
 * @param <N> the namespace type.
 * @param <V> the value type.
 */
class RocksDbValueState<N, V> extends AbstractRocksDbState<N, ValueState<V>> implements ValueState<V>
{
    private final Codec<V> valueCodec;
    private final V defaultValue;

    RocksDbValueState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final StateDescriptor<ValueState<V>> descriptor,
        final Codec<V> valueCodec,
        final V defaultValue,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, namespaceCodec);
        this.valueCodec = valueCodec;
        this.defaultValue = defaultValue;
    }

    @Override
    public final V value()
    {
        final int length = read(accessKey());
        return length < 0 ? defaultValue : decodeRead(valueCodec, length);
    }

    @Override
    public final void update(final V value)
    {
        if (value == null)
        {
            clear();
            return;
        }
        final RocksDbKeyBuilder key = accessKey();
        writeStaged(key, stage(value, valueCodec, "value", 0));
    }

    @Override
    public final void clear()
    {
        delete(accessKey());
    }
}

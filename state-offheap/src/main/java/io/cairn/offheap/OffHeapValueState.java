package io.cairn.offheap;

import io.cairn.codec.Codec;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;

/**
 * {@link ValueState} off-heap: one record per (key, namespace) holding the encoded value.
 *
 * @param <N> the namespace type.
 * @param <V> the value type.
 */
final class OffHeapValueState<N, V> extends AbstractOffHeapState<N, ValueState<V>> implements ValueState<V>
{
    private final StateTable table;
    private final Codec<V> valueCodec;
    private final V defaultValue;

    OffHeapValueState(
        final OffHeapKeyedStateBackend<?> backend,
        final ValueStateDescriptor<V> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.table = backend.newTable();
        this.valueCodec = descriptor.getValueCodec();
        this.defaultValue = descriptor.getDefaultValue();
    }

    @Override
    StateTable primaryTable()
    {
        return table;
    }

    @Override
    public V value()
    {
        final long record = findRecord(table, accessKey());
        return record == 0 ? defaultValue : readValue(record, valueCodec);
    }

    @Override
    public void update(final V value)
    {
        final CompositeKeyBuilder key = accessKey();
        if (value == null)
        {
            removeValue(table, key);
            return;
        }
        final int length = measureValue(value, valueCodec, "value");
        upsertValue(table, key, value, valueCodec, length);
    }

    @Override
    public void clear()
    {
        removeValue(table, accessKey());
    }
}

package io.cairn.offheap;

import io.cairn.codec.Codec;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;

/**
 * {@link ValueState} off-heap: one record per (key, namespace) holding the encoded value. Not final only for
 * {@link OffHeapLongValueState}, which adds primitive accessors to the same records.
 *
 * @param <N> the namespace type.
 * @param <V> the value type.
 */
class OffHeapValueState<N, V> extends AbstractOffHeapState<N, ValueState<V>> implements ValueState<V>
{
    final StateTable table;
    private final Codec<V> valueCodec;
    private final V defaultValue;

    OffHeapValueState(
        final OffHeapKeyedStateBackend<?> backend,
        final ValueStateDescriptor<V> descriptor,
        final Codec<N> namespaceCodec)
    {
        this(backend, descriptor, descriptor.getValueCodec(), descriptor.getDefaultValue(), namespaceCodec);
    }

    OffHeapValueState(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<ValueState<V>> descriptor,
        final Codec<V> valueCodec,
        final V defaultValue,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.table = backend.newTable();
        this.valueCodec = valueCodec;
        this.defaultValue = defaultValue;
    }

    @Override
    final StateTable primaryTable()
    {
        return table;
    }

    @Override
    public final V value()
    {
        final long record = locate(table);
        return record == 0 ? defaultValue : readValue(record, valueCodec);
    }

    @Override
    public final void update(final V value)
    {
        if (value == null)
        {
            clear();
            return;
        }
        final CompositeKeyBuilder key = accessKey();
        upsertStaged(table, key, stage(value, valueCodec, "value"));
    }

    @Override
    public final void clear()
    {
        removeValue(table, accessKey());
    }
}

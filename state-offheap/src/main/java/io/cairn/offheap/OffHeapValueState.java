package io.cairn.offheap;

import io.cairn.codec.Codec;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;

/**
 * {@link ValueState} off-heap: one record per (key, namespace) holding the encoded value ({@link ValueStorage}).
 * Not final only for {@link OffHeapLongValueState}, which adds primitive accessors to the same records.
 *
 * @param <N> the namespace type.
 * @param <V> the value type.
 */
class OffHeapValueState<N, V> extends AbstractOffHeapState<N, ValueState<V>> implements ValueState<V>
{
    final ValueStorage storage;
    private final Codec<V> valueCodec;
    private final V defaultValue;

    OffHeapValueState(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<ValueState<V>> descriptor,
        final ValueStorage storage,
        final Codec<V> valueCodec,
        final V defaultValue,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.storage = storage;
        this.valueCodec = valueCodec;
        this.defaultValue = defaultValue;
    }

    @Override
    final StateStorage storage()
    {
        return storage;
    }

    @Override
    public final V value()
    {
        final long record = storage.find(keyGroup(), accessKey());
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
        final int length = stage(value, valueCodec, "value");
        storage.upsert(keyGroup(), key, staged(), 0, length);
    }

    @Override
    public final void clear()
    {
        storage.remove(keyGroup(), accessKey());
    }
}

package io.cairn.offheap;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.LongLongMapState;
import io.cairn.state.MapState;
import io.cairn.state.StateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A map state of {@link LongCodec} keys and values, with the allocation-free primitive accessors of
 * {@link LongLongMapState}. The backend makes every long-to-long map state one of these, so the state is the same
 * whichever descriptor asks for it.
 *
 * @param <N> the namespace type.
 */
final class OffHeapLongLongMapState<N> extends OffHeapMapState<N, Long, Long> implements LongLongMapState
{
    OffHeapLongLongMapState(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<MapState<Long, Long>> descriptor,
        final MapStorage storage,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, storage, LongCodec.INSTANCE, LongCodec.INSTANCE, namespaceCodec);
    }

    @Override
    public long getLong(final long key, final long missingValue)
    {
        final CompositeKeyBuilder compositeKey = accessKey();
        compositeKey.appendLong(key, name);
        final long entry = storage.findEntry(keyGroup(), compositeKey);
        return entry == 0 ?
            missingValue : readLong(RecordDescriptor.valueAddress(entry) + MapDescriptor.ENTRY_VALUE_OFFSET);
    }

    @Override
    public void putLong(final long key, final long value)
    {
        final CompositeKeyBuilder compositeKey = accessKey();
        final UnsafeBuffer staging = backend.staging(Long.BYTES);
        staging.putLong(0, value, ByteOrder.BIG_ENDIAN);
        storage.put(keyGroup(), compositeKey, compositeKey.appendLong(key, name), staging, 0, Long.BYTES);
    }

    @Override
    public boolean containsLong(final long key)
    {
        final CompositeKeyBuilder compositeKey = accessKey();
        compositeKey.appendLong(key, name);
        return storage.findEntry(keyGroup(), compositeKey) != 0;
    }

    @Override
    public void removeLong(final long key)
    {
        final CompositeKeyBuilder compositeKey = accessKey();
        storage.remove(keyGroup(), compositeKey, compositeKey.appendLong(key, name));
    }
}

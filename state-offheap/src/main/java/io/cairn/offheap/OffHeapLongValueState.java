package io.cairn.offheap;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.LongValueState;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A value state of {@link LongCodec} values, with the allocation-free primitive accessors of
 * {@link LongValueState}. The backend makes every long-valued value state one of these, so the state is the same
 * whichever descriptor asks for it.
 *
 * @param <N> the namespace type.
 */
final class OffHeapLongValueState<N> extends OffHeapValueState<N, Long> implements LongValueState
{
    OffHeapLongValueState(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<ValueState<Long>> descriptor,
        final ValueStorage storage,
        final Long defaultValue,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, storage, LongCodec.INSTANCE, defaultValue, namespaceCodec);
    }

    @Override
    public long getLong(final long missingValue)
    {
        final long record = storage.find(keyGroup(), accessKey());
        return record == 0 ? missingValue : readLong(RecordDescriptor.valueAddress(record));
    }

    @Override
    public void updateLong(final long value)
    {
        final CompositeKeyBuilder key = accessKey();
        final UnsafeBuffer staging = backend.staging(Long.BYTES);
        staging.putLong(0, value, ByteOrder.BIG_ENDIAN);
        storage.upsert(keyGroup(), key, staging, 0, Long.BYTES);
    }
}

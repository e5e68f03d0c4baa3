package io.cairn.offheap;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.LongValueState;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;

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
        final Long defaultValue,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, LongCodec.INSTANCE, defaultValue, namespaceCodec);
    }

    @Override
    public long getLong(final long missingValue)
    {
        final long record = locate(table);
        return record == 0 ? missingValue : readLong(RecordDescriptor.valueAddress(record));
    }

    @Override
    public void updateLong(final long value)
    {
        final CompositeKeyBuilder key = accessKey();
        backend.staging(Long.BYTES).putLong(0, value, ByteOrder.BIG_ENDIAN);
        upsertStaged(table, key, Long.BYTES);
    }
}

package io.cairn.rocksdb;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.LongValueState;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueState;

/**
 * A value state of {@link LongCodec} values with the allocation-free primitive accessors of
 * {@link LongValueState}: the long goes between a direct buffer and RocksDB without a box or an array. The backend
 * makes every long-valued value state one of these, so the state is the same whichever descriptor asks for it.
 *
 * @param <N> the namespace type.
 */
final class RocksDbLongValueState<N> extends RocksDbValueState<N, Long> implements LongValueState
{
    RocksDbLongValueState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final StateDescriptor<ValueState<Long>> descriptor,
        final Long defaultValue,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, LongCodec.INSTANCE, defaultValue, namespaceCodec);
    }

    @Override
    public long getLong(final long missingValue)
    {
        final int length = read(accessKey());
        return length < 0 ? missingValue : backend.readBuffer().view().getLong(0, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public void updateLong(final long value)
    {
        final RocksDbKeyBuilder key = accessKey();
        backend.writeBuffer().view().putLong(0, value, ByteOrder.BIG_ENDIAN);
        writeStaged(key, Long.BYTES);
    }
}

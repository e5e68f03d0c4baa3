package io.cairn.rocksdb;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.state.LongLongMapState;
import io.cairn.state.MapState;
import io.cairn.state.StateDescriptor;

/**
 * A map state of {@link LongCodec} keys and values with the allocation-free primitive accessors of
 * {@link LongLongMapState}. The backend makes every long-to-long map state one of these, so the state is the same
 * whichever descriptor asks for it.
 *
 * @param <N> the namespace type.
 */
final class RocksDbLongLongMapState<N> extends RocksDbMapState<N, Long, Long> implements LongLongMapState
{
    RocksDbLongLongMapState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final StateDescriptor<MapState<Long, Long>> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, LongCodec.INSTANCE, LongCodec.INSTANCE, namespaceCodec);
    }

    @Override
    public long getLong(final long key, final long missingValue)
    {
        final RocksDbKeyBuilder compositeKey = accessKey();
        compositeKey.appendLong(key, name);
        final int length = read(compositeKey);
        return length < 0 ? missingValue : backend.readBuffer().view().getLong(0, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public void putLong(final long key, final long value)
    {
        final RocksDbKeyBuilder compositeKey = accessKey();
        compositeKey.appendLong(key, name);
        backend.writeBuffer().view().putLong(0, value, ByteOrder.BIG_ENDIAN);
        writeStaged(compositeKey, Long.BYTES);
    }

    @Override
    public boolean containsLong(final long key)
    {
        final RocksDbKeyBuilder compositeKey = accessKey();
        compositeKey.appendLong(key, name);
        return exists(compositeKey);
    }

    @Override
    public void removeLong(final long key)
    {
        final RocksDbKeyBuilder compositeKey = accessKey();
        compositeKey.appendLong(key, name);
        delete(compositeKey);
    }
}

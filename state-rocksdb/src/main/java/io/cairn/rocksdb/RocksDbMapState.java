package io.cairn.rocksdb;

import java.util.Iterator;
import java.util.Map;

import io.cairn.codec.Codec;
import io.cairn.state.MapState;
import io.cairn.state.StateDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * {@link MapState} on RocksDB: one entry per map entry, keyed by (key group, key, namespace, map key), so a get,
 * put, remove or contains addresses one entry and never reads or rewrites the map. The entries of one map are the
 * keys that start with its (key group, key, namespace) prefix: iteration, {@link #isEmpty} and {@link #clear}
 * seek to the prefix and walk while it matches.
 *
 * <p>Not final only for {@link RocksDbLongLongMapState}, which adds primitive accessors to the same entries.
 *
 * @param <N>  the namespace type.
 * @param <UK> the map key type.
 * @param <UV> the map value type.
 */
class RocksDbMapState<N, UK, UV> extends AbstractRocksDbState<N, MapState<UK, UV>> implements MapState<UK, UV>
{
    final Codec<UK> userKeyCodec;
    final Codec<UV> userValueCodec;

    RocksDbMapState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final StateDescriptor<MapState<UK, UV>> descriptor,
        final Codec<UK> userKeyCodec,
        final Codec<UV> userValueCodec,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, namespaceCodec);
        this.userKeyCodec = userKeyCodec;
        this.userValueCodec = userValueCodec;
    }

    @Override
    public final UV get(final UK userKey)
    {
        final RocksDbKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        final int length = read(key);
        return length < 0 ? null : decodeRead(userValueCodec, length);
    }

    @Override
    public final boolean contains(final UK userKey)
    {
        final RocksDbKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        return exists(key);
    }

    @Override
    public final boolean isEmpty()
    {
        final RocksDbKeyBuilder prefix = accessKey();
        final ColumnFamilyHandle handle = column.handleOrNull();
        if (handle == null)
        {
            return true;
        }
        try (RocksIterator iterator = backend.instance().newKeyIterator(handle))
        {
            iterator.seek(prefix.byteBuffer());
            return !startsWithPrefix(iterator, prefix);
        }
    }

    @Override
    public final void put(final UK userKey, final UV userValue)
    {
        final RocksDbKeyBuilder key = accessKey();
        checkUserKey(userKey);
        final int length = stage(userValue, userValueCodec, "map value", 0);
        key.appendUserKey(userKey, userKeyCodec, name);
        writeStaged(key, length);
    }

    @Override
    public final void putAll(final Map<UK, UV> map)
    {
        final RocksDbKeyBuilder key = accessKey();
        if (map == null)
        {
            throw new IllegalArgumentException("map=null in state \"" + name + "\"; expected a map");
        }
        final int prefixLength = key.length();
        for (final Map.Entry<UK, UV> entry : map.entrySet())
        {
            key.appendUserKey(checkUserKey(entry.getKey()), userKeyCodec, name);
            key.truncate(prefixLength);
            measureValue(entry.getValue(), userValueCodec, "map value");
        }
        for (final Map.Entry<UK, UV> entry : map.entrySet())
        {
            put(entry.getKey(), entry.getValue());
        }
    }

    @Override
    public final void remove(final UK userKey)
    {
        final RocksDbKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        delete(key);
    }

    @Override
    public final void clear()
    {
        final RocksDbKeyBuilder prefix = accessKey();
        final ColumnFamilyHandle handle = column.handleOrNull();
        if (handle == null)
        {
            return;
        }
        final DirectBytes entryKey = backend.scratchKey();
        try (RocksIterator iterator = backend.instance().newKeyIterator(handle))
        {
            // The iterator reads the state as of its creation: deleting behind it is safe.
            for (iterator.seek(prefix.byteBuffer()); startsWithPrefix(iterator, prefix); iterator.next())
            {
                final int length = Iterators.key(iterator, entryKey);
                backend.instance().delete(handle, entryKey.range(0, length));
            }
            Iterators.checkStatus(iterator, name);
        }
        column.modified();
    }

    @Override
    public final Iterator<Map.Entry<UK, UV>> iterator()
    {
        return new MapEntryIterator<>(this, accessKey(), (entry) -> entry);
    }

    @Override
    public final Iterable<Map.Entry<UK, UV>> entries()
    {
        return this::iterator;
    }

    @Override
    public final Iterable<UK> keys()
    {
        return () -> new MapEntryIterator<>(this, accessKey(), Map.Entry::getKey);
    }

    @Override
    public final Iterable<UV> values()
    {
        return () -> new MapEntryIterator<>(this, accessKey(), Map.Entry::getValue);
    }

    private UK checkUserKey(final UK userKey)
    {
        if (userKey == null)
        {
            throw new IllegalArgumentException("map key=null in state \"" + name + "\"; expected a non-null key");
        }
        return userKey;
    }

    /** @return true if the iterator is at an entry of the map whose (key group, key, namespace) is {@code prefix}. */
    private boolean startsWithPrefix(final RocksIterator iterator, final RocksDbKeyBuilder prefix)
    {
        if (!iterator.isValid())
        {
            return false;
        }
        final DirectBytes entryKey = backend.scratchKey();
        final int length = Iterators.key(iterator, entryKey);
        return KeyLayout.startsWith(entryKey.view(), length, prefix.view(), prefix.length());
    }
}

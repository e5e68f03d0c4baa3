package io.cairn.rocksdb;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * Iterates the map of the (key, namespace) current when it was created, in batches: each batch opens a RocksDB
 * iterator, seeks just past the last entry returned, decodes up to {@value #BATCH} entries and closes the
 * iterator again. So no native iterator outlives a call (an abandoned map iterator leaks nothing and pins no
 * memtable), and memory is bounded by the batch, not by the map.
 *
 * <p>Any write to the state other than through {@link #remove()} makes the next call throw
 * {@link ConcurrentModificationException}.
 *
 * @param <UK> the map key type.
 * @param <UV> the map value type.
 * @param <T>  what it yields: entries, keys or values.
 */
final class MapEntryIterator<UK, UV, T> implements Iterator<T>
{
    /** Entries decoded per RocksDB seek. */
    static final int BATCH = 128;

    private final RocksDbMapState<?, UK, UV> state;
    private final Function<Map.Entry<UK, UV>, T> projection;
    private final DirectBytes prefix;
    private final int prefixLength;
    private final DirectBytes lastKey;
    private final List<Map.Entry<UK, UV>> batch = new ArrayList<>();
    private int lastKeyLength = -1;
    private int index;
    private boolean exhausted;
    private int expectedModCount;
    private UK lastReturned;
    private boolean removable;

    MapEntryIterator(
        final RocksDbMapState<?, UK, UV> state,
        final RocksDbKeyBuilder key,
        final Function<Map.Entry<UK, UV>, T> projection)
    {
        this.state = state;
        this.projection = projection;
        this.prefixLength = key.length();
        this.prefix = new DirectBytes(Math.max(prefixLength, 1) + Long.BYTES);
        prefix.view().putBytes(0, key.view(), 0, prefixLength);
        this.lastKey = new DirectBytes(prefixLength + 64);
        this.expectedModCount = state.column.modCount();
    }

    @Override
    public boolean hasNext()
    {
        checkUnchanged();
        if (index < batch.size())
        {
            return true;
        }
        if (!exhausted)
        {
            loadBatch();
        }
        return index < batch.size();
    }

    @Override
    public T next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException();
        }
        final Map.Entry<UK, UV> entry = batch.get(index++);
        lastReturned = entry.getKey();
        removable = true;
        return projection.apply(entry);
    }

    @Override
    public void remove()
    {
        checkUnchanged();
        if (!removable)
        {
            throw new IllegalStateException("next() has not been called, or remove() was already called");
        }
        state.remove(lastReturned);
        removable = false;
        expectedModCount = state.column.modCount();
    }

    private void loadBatch()
    {
        batch.clear();
        index = 0;
        final ColumnFamilyHandle handle = state.column.handleOrNull();
        if (handle == null)
        {
            exhausted = true;
            return;
        }
        final RocksDbKeyedStateBackend<?> backend = state.backend;
        final DirectBytes entryKey = backend.scratchKey();
        final DirectBytes entryValue = backend.readBuffer();
        try (RocksIterator iterator = backend.instance().newKeyIterator(handle))
        {
            if (lastKeyLength < 0)
            {
                iterator.seek(prefix.range(0, prefixLength));
            }
            else
            {
                iterator.seek(lastKey.range(0, lastKeyLength));
                if (iterator.isValid() && isLastKey(iterator, entryKey))
                {
                    iterator.next();
                }
            }
            while (batch.size() < BATCH && iterator.isValid())
            {
                final int keyLength = Iterators.key(iterator, entryKey);
                if (!KeyLayout.startsWith(entryKey.view(), keyLength, prefix.view(), prefixLength))
                {
                    exhausted = true;
                    return;
                }
                final UK userKey = KeyLayout.readComponent(state.userKeyCodec, entryKey.view(), prefixLength);
                final int valueLength = Iterators.value(iterator, entryValue);
                final UV userValue = state.userValueCodec.decode(entryValue.view(), 0, valueLength);
                batch.add(new AbstractMap.SimpleImmutableEntry<>(userKey, userValue));
                lastKey.ensureCapacity(keyLength, 0).putBytes(0, entryKey.view(), 0, keyLength);
                lastKeyLength = keyLength;
                iterator.next();
            }
            if (!iterator.isValid())
            {
                Iterators.checkStatus(iterator, state.name);
                exhausted = true;
            }
        }
    }

    private boolean isLastKey(final RocksIterator iterator, final DirectBytes entryKey)
    {
        final int length = Iterators.key(iterator, entryKey);
        return length == lastKeyLength && KeyLayout.startsWith(entryKey.view(), length, lastKey.view(), lastKeyLength);
    }

    private void checkUnchanged()
    {
        state.backend.checkOpen();
        if (state.column.modCount() != expectedModCount)
        {
            throw new ConcurrentModificationException(
                "map state \"" + state.name + "\" was changed during the iteration");
        }
    }
}

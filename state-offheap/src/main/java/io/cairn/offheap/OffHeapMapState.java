package io.cairn.offheap;

import java.util.AbstractMap;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.cairn.codec.Codec;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.StateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link MapState} off-heap ({@link MapStorage}): one entry record per map entry, found by (key, namespace, map
 * key), chained from a head record per map. A put or remove touches one entry (and its neighbours' links), never
 * the whole map.
 *
 * <p>Not final only for {@link OffHeapLongLongMapState}, which adds primitive accessors to the same records.
 *
 * @param <N>  the namespace type.
 * @param <UK> the map key type.
 * @param <UV> the map value type.
 */
class OffHeapMapState<N, UK, UV> extends AbstractOffHeapState<N, MapState<UK, UV>> implements MapState<UK, UV>
{
    final MapStorage storage;
    private final Codec<UK> userKeyCodec;
    private final Codec<UV> userValueCodec;
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);

    OffHeapMapState(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<MapState<UK, UV>> descriptor,
        final MapStorage storage,
        final Codec<UK> userKeyCodec,
        final Codec<UV> userValueCodec,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.storage = storage;
        this.userKeyCodec = userKeyCodec;
        this.userValueCodec = userValueCodec;
    }

    @Override
    final StateStorage storage()
    {
        return storage;
    }

    @Override
    public final UV get(final UK userKey)
    {
        final CompositeKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        final long entry = storage.findEntry(keyGroup(), key);
        return entry == 0 ? null : readUserValue(entry);
    }

    @Override
    public final boolean contains(final UK userKey)
    {
        final CompositeKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        return storage.findEntry(keyGroup(), key) != 0;
    }

    @Override
    public final boolean isEmpty()
    {
        return storage.findHead(keyGroup(), accessKey()) == 0;
    }

    @Override
    public final void put(final UK userKey, final UV userValue)
    {
        final CompositeKeyBuilder key = accessKey();
        checkUserKey(userKey);
        final int length = stage(userValue, userValueCodec, "map value");
        storage.put(keyGroup(), key, key.appendUserKey(userKey, userKeyCodec, name), staged(), 0, length);
    }

    @Override
    public final void putAll(final Map<UK, UV> map)
    {
        final CompositeKeyBuilder key = accessKey();
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
        final CompositeKeyBuilder key = accessKey();
        storage.remove(keyGroup(), key, key.appendUserKey(checkUserKey(userKey), userKeyCodec, name));
    }

    @Override
    public final void clear()
    {
        storage.clear(keyGroup(), accessKey());
    }

    @Override
    public final Iterator<Map.Entry<UK, UV>> iterator()
    {
        return new EntryIterator<>(this, (entry) -> entry);
    }

    @Override
    public final Iterable<Map.Entry<UK, UV>> entries()
    {
        return this::iterator;
    }

    @Override
    public final Iterable<UK> keys()
    {
        return () -> new EntryIterator<>(this, Map.Entry::getKey);
    }

    @Override
    public final Iterable<UV> values()
    {
        return () -> new EntryIterator<>(this, Map.Entry::getValue);
    }

    private UK checkUserKey(final UK userKey)
    {
        if (userKey == null)
        {
            throw new IllegalArgumentException("map key=null in state \"" + name + "\"; expected a non-null key");
        }
        return userKey;
    }

    final UV readUserValue(final long entry)
    {
        return decode(RecordDescriptor.valueAddress(entry) + MapDescriptor.ENTRY_VALUE_OFFSET,
            RecordDescriptor.valueLength(entry) - MapDescriptor.ENTRY_VALUE_OFFSET, userValueCodec);
    }

    private UK readUserKey(final long entry, final int prefixLength)
    {
        keyView.wrap(entry + RecordDescriptor.KEY_OFFSET, RecordDescriptor.keyLength(entry));
        return CompositeKeyBuilder.readComponent(userKeyCodec, keyView, prefixLength);
    }

    /**
     * Walks the chain of the map of the key and namespace current when it was created.
     *
     * @param <T> what it yields: entries, keys or values.
     */
    private static final class EntryIterator<N, UK, UV, T> implements Iterator<T>
    {
        private final OffHeapMapState<N, UK, UV> state;
        private final Function<Map.Entry<UK, UV>, T> projection;
        private final int prefixLength;
        private long next;
        private int expectedModCount;
        private UK lastKey;

        EntryIterator(final OffHeapMapState<N, UK, UV> state, final Function<Map.Entry<UK, UV>, T> projection)
        {
            this.state = state;
            this.projection = projection;
            final CompositeKeyBuilder key = state.accessKey();
            this.prefixLength = key.length();
            final long head = state.storage.findHead(state.keyGroup(), key);
            this.next = head == 0 ? 0 : MapDescriptor.first(RecordDescriptor.valueAddress(head));
            this.expectedModCount = state.storage.modCount();
        }

        @Override
        public boolean hasNext()
        {
            checkUnchanged();
            return next != 0;
        }

        @Override
        public T next()
        {
            checkUnchanged();
            if (next == 0)
            {
                throw new NoSuchElementException();
            }
            final long entry = next;
            final UK key = state.readUserKey(entry, prefixLength);
            final UV value = state.readUserValue(entry);
            next = MapDescriptor.next(RecordDescriptor.valueAddress(entry));
            lastKey = key;
            return projection.apply(new AbstractMap.SimpleImmutableEntry<>(key, value));
        }

        @Override
        public void remove()
        {
            checkUnchanged();
            if (lastKey == null)
            {
                throw new IllegalStateException("next() has not been called, or remove() was already called");
            }
            state.remove(lastKey);
            lastKey = null;
            expectedModCount = state.storage.modCount();
        }

        private void checkUnchanged()
        {
            state.backend.checkOpen();
            if (state.storage.modCount() != expectedModCount)
            {
                throw new ConcurrentModificationException(
                    "map state \"" + state.name + "\" was changed during the iteration");
            }
        }
    }
}

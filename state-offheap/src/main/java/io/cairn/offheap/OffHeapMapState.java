package io.cairn.offheap;

import java.util.AbstractMap;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.StateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link MapState} off-heap: one entry record per map entry, found by (key, namespace, map key) in the entry
 * table, and one head record per map in the head table, from which the entries are chained
 * ({@link MapDescriptor}). A put or remove touches one entry (and its neighbours' links), never the whole map.
 *
 * <p>Not final only for {@link OffHeapLongLongMapState}, which adds primitive accessors to the same records.
 *
 * @param <N>  the namespace type.
 * @param <UK> the map key type.
 * @param <UV> the map value type.
 */
class OffHeapMapState<N, UK, UV> extends AbstractOffHeapState<N, MapState<UK, UV>> implements MapState<UK, UV>
{
    final StateTable heads;
    final StateTable entries;
    private final Codec<UK> userKeyCodec;
    private final Codec<UV> userValueCodec;
    private final UnsafeBuffer keyView = new UnsafeBuffer(0, 0);
    private int modCount;

    OffHeapMapState(
        final OffHeapKeyedStateBackend<?> backend,
        final MapStateDescriptor<UK, UV> descriptor,
        final Codec<N> namespaceCodec)
    {
        this(backend, descriptor, descriptor.getUserKeyCodec(), descriptor.getUserValueCodec(), namespaceCodec);
    }

    OffHeapMapState(
        final OffHeapKeyedStateBackend<?> backend,
        final StateDescriptor<MapState<UK, UV>> descriptor,
        final Codec<UK> userKeyCodec,
        final Codec<UV> userValueCodec,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.heads = backend.newTable();
        this.entries = backend.newTable();
        this.userKeyCodec = userKeyCodec;
        this.userValueCodec = userValueCodec;
    }

    @Override
    final StateTable primaryTable()
    {
        return heads;
    }

    @Override
    public final UV get(final UK userKey)
    {
        final CompositeKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        final long entry = findRecord(entries, key);
        return entry == 0 ? null : readUserValue(entry);
    }

    @Override
    public final boolean contains(final UK userKey)
    {
        final CompositeKeyBuilder key = accessKey();
        key.appendUserKey(checkUserKey(userKey), userKeyCodec, name);
        return findRecord(entries, key) != 0;
    }

    @Override
    public final boolean isEmpty()
    {
        return findRecord(heads, accessKey()) == 0;
    }

    @Override
    public final void put(final UK userKey, final UV userValue)
    {
        final CompositeKeyBuilder key = accessKey();
        checkUserKey(userKey);
        final int valueLength = stage(userValue, userValueCodec, "map value");
        putStaged(key, key.appendUserKey(userKey, userKeyCodec, name), valueLength);
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
            final int total = prefixLength + CompositeKeyBuilder.componentLength(checkUserKey(entry.getKey()), userKeyCodec);
            if (total > backend.compositeKeyMaxLength())
            {
                throw new StateValueTooLargeException(
                    "key, namespace and map key of state \"" + name + "\"", total, backend.compositeKeyMaxLength());
            }
            measureValue(entry.getValue(), userValueCodec, "map value");
        }
        for (final Map.Entry<UK, UV> entry : map.entrySet())
        {
            put(entry.getKey(), entry.getValue());
        }
    }

    /**
     * Puts the staged value under the composite key (key, namespace, map key).
     *
     * @param prefixLength the length of (key, namespace), where the map key starts.
     */
    final void putStaged(final CompositeKeyBuilder key, final int prefixLength, final int valueLength)
    {
        final int keyGroup = backend.currentKeyGroup();
        final int entryValueLength = MapDescriptor.ENTRY_VALUE_OFFSET + valueLength;
        final long handle = entries.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle != KeyGroupIndex.NOT_FOUND)
        {
            final long entry = entries.record(keyGroup, handle);
            if (RecordDescriptor.recordLength(key.length(), entryValueLength) <= RecordDescriptor.capacity(entry))
            {
                copyStaged(RecordDescriptor.valueAddress(entry) + MapDescriptor.ENTRY_VALUE_OFFSET, valueLength);
                RecordDescriptor.valueLength(entry, entryValueLength);
                RecordDescriptor.version(entry, backend.version());
                return;
            }
            final long moved = newEntry(key, valueLength);
            final long oldValue = RecordDescriptor.valueAddress(entry);
            final long movedValue = RecordDescriptor.valueAddress(moved);
            final long prev = MapDescriptor.prev(oldValue);
            final long next = MapDescriptor.next(oldValue);
            MapDescriptor.prev(movedValue, prev);
            MapDescriptor.next(movedValue, next);
            entries.replace(keyGroup, handle, moved);
            if (next != 0)
            {
                MapDescriptor.prev(RecordDescriptor.valueAddress(next), moved);
            }
            if (prev != 0)
            {
                MapDescriptor.next(RecordDescriptor.valueAddress(prev), moved);
            }
            else
            {
                key.truncate(prefixLength);
                MapDescriptor.first(RecordDescriptor.valueAddress(findRecord(heads, key)), moved);
            }
            freeRecord(entry);
            modCount++;
            return;
        }

        final long entryHash = key.hash();
        entries.ensureCapacityForInsert(keyGroup, entryHash);
        final long entry = newEntry(key, valueLength);
        key.truncate(prefixLength);
        long head = findRecord(heads, key);
        if (head == 0)
        {
            try
            {
                heads.ensureCapacityForInsert(keyGroup, key.hash());
                head = allocateRecord(key, MapDescriptor.HEAD_LENGTH);
            }
            catch (final RuntimeException ex)
            {
                freeRecord(entry);
                throw ex;
            }
            final long headValue = RecordDescriptor.valueAddress(head);
            MapDescriptor.count(headValue, 0);
            MapDescriptor.first(headValue, 0);
            heads.insert(keyGroup, key.hash(), head);
        }
        final long headValue = RecordDescriptor.valueAddress(head);
        final long entryValue = RecordDescriptor.valueAddress(entry);
        final long oldFirst = MapDescriptor.first(headValue);
        MapDescriptor.prev(entryValue, 0);
        MapDescriptor.next(entryValue, oldFirst);
        if (oldFirst != 0)
        {
            MapDescriptor.prev(RecordDescriptor.valueAddress(oldFirst), entry);
        }
        MapDescriptor.first(headValue, entry);
        MapDescriptor.count(headValue, MapDescriptor.count(headValue) + 1);
        RecordDescriptor.version(head, backend.version());
        entries.insert(keyGroup, entryHash, entry);
        modCount++;
    }

    private long newEntry(final CompositeKeyBuilder key, final int valueLength)
    {
        final long entry = allocateRecord(key, MapDescriptor.ENTRY_VALUE_OFFSET + valueLength);
        copyStaged(RecordDescriptor.valueAddress(entry) + MapDescriptor.ENTRY_VALUE_OFFSET, valueLength);
        return entry;
    }

    @Override
    public final void remove(final UK userKey)
    {
        final CompositeKeyBuilder key = accessKey();
        removeAppended(key, key.appendUserKey(checkUserKey(userKey), userKeyCodec, name));
    }

    /**
     * Removes the entry of the composite key (key, namespace, map key), if any.
     *
     * @param prefixLength the length of (key, namespace), where the map key starts.
     */
    final void removeAppended(final CompositeKeyBuilder key, final int prefixLength)
    {
        final int keyGroup = backend.currentKeyGroup();
        final long handle = entries.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle == KeyGroupIndex.NOT_FOUND)
        {
            return;
        }
        final long entry = entries.record(keyGroup, handle);
        entries.remove(keyGroup, handle);
        key.truncate(prefixLength);
        final long head = findRecord(heads, key);
        final long headValue = RecordDescriptor.valueAddress(head);
        final long entryValue = RecordDescriptor.valueAddress(entry);
        final long prev = MapDescriptor.prev(entryValue);
        final long next = MapDescriptor.next(entryValue);
        if (prev != 0)
        {
            MapDescriptor.next(RecordDescriptor.valueAddress(prev), next);
        }
        else
        {
            MapDescriptor.first(headValue, next);
        }
        if (next != 0)
        {
            MapDescriptor.prev(RecordDescriptor.valueAddress(next), prev);
        }
        freeRecord(entry);
        final long count = MapDescriptor.count(headValue) - 1;
        if (count == 0)
        {
            removeValue(heads, key);
        }
        else
        {
            MapDescriptor.count(headValue, count);
            RecordDescriptor.version(head, backend.version());
        }
        modCount++;
    }

    @Override
    public final void clear()
    {
        final CompositeKeyBuilder key = accessKey();
        final long head = findRecord(heads, key);
        if (head == 0)
        {
            return;
        }
        final int keyGroup = backend.currentKeyGroup();
        long entry = MapDescriptor.first(RecordDescriptor.valueAddress(head));
        while (entry != 0)
        {
            final long next = MapDescriptor.next(RecordDescriptor.valueAddress(entry));
            entries.removeRecord(keyGroup, entry);
            freeRecord(entry);
            entry = next;
        }
        removeValue(heads, key);
        modCount++;
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
            final long head = state.findRecord(state.heads, key);
            this.next = head == 0 ? 0 : MapDescriptor.first(RecordDescriptor.valueAddress(head));
            this.expectedModCount = state.modCount;
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
            expectedModCount = state.modCount;
        }

        private void checkUnchanged()
        {
            state.backend.checkOpen();
            if (state.modCount != expectedModCount)
            {
                throw new ConcurrentModificationException(
                    "map state \"" + state.name + "\" was changed during the iteration");
            }
        }
    }
}

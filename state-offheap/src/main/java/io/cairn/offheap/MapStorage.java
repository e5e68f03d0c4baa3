package io.cairn.offheap;

import java.io.IOException;

import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The storage of map state ({@link MapDescriptor}): an entry record per map entry in the entry table, keyed by
 * (key, namespace, map key), and a head record per map in the head table from which the entries are chained.
 * Snapshots write the entry table only; links and heads are navigation, rebuilt on restore, so they are changed
 * in place even when a snapshot shares their records.
 */
final class MapStorage extends StateStorage
{
    private final StateTable heads;
    private final StateTable entries;
    private final int userKeyFixedLength;
    private int modCount;

    MapStorage(
        final String name,
        final StateMetaInfo meta,
        final VersionedMemory memory,
        final int keyFixedLength,
        final ChangeTracker tracker,
        final TombstoneLog tombstones,
        final StateTable heads,
        final StateTable entries)
    {
        super(name, meta, memory, keyFixedLength, tracker, tombstones);
        this.heads = heads;
        this.entries = entries;
        this.userKeyFixedLength = meta.codecs().get(0).fixedLength();
    }

    @Override
    StateTable primaryTable()
    {
        return heads;
    }

    @Override
    StateTable snapshotTable()
    {
        return entries;
    }

    /** @return a counter that changes whenever an entry is added, moved or removed. */
    int modCount()
    {
        return modCount;
    }

    /** @return the entry record of the composite key (key, namespace, map key), or 0. */
    long findEntry(final int keyGroup, final CompositeKeyBuilder key)
    {
        return entries.findRecord(keyGroup, key.hash(), key.buffer(), key.length());
    }

    /** @return the head record of the composite key (key, namespace), or 0. */
    long findHead(final int keyGroup, final CompositeKeyBuilder key)
    {
        return heads.findRecord(keyGroup, key.hash(), key.buffer(), key.length());
    }

    /**
     * Puts {@code length} bytes of {@code source} as the value of the composite key (key, namespace, map key).
     *
     * @param prefixLength the length of (key, namespace), where the map key starts.
     */
    void put(
        final int keyGroup,
        final CompositeKeyBuilder key,
        final int prefixLength,
        final DirectBuffer source,
        final int offset,
        final int length)
    {
        final int entryValueLength = MapDescriptor.ENTRY_VALUE_OFFSET + length;
        final long handle = entries.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle != KeyGroupIndex.NOT_FOUND)
        {
            final long entry = entries.record(keyGroup, handle);
            if (RecordDescriptor.recordLength(key.length(), entryValueLength) <= RecordDescriptor.capacity(entry) &&
                isPrivate(entry))
            {
                copyInto(
                    RecordDescriptor.valueAddress(entry) + MapDescriptor.ENTRY_VALUE_OFFSET, source, offset, length);
                RecordDescriptor.valueLength(entry, entryValueLength);
                RecordDescriptor.version(entry, memory.version());
                return;
            }
            entries.prepareWrite(keyGroup, handle);
            final long moved = allocateRecord(key, entryValueLength);
            final long oldValue = RecordDescriptor.valueAddress(entry);
            final long movedValue = RecordDescriptor.valueAddress(moved);
            copyInto(movedValue + MapDescriptor.ENTRY_VALUE_OFFSET, source, offset, length);
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
                MapDescriptor.first(RecordDescriptor.valueAddress(findHead(keyGroup, key)), moved);
            }
            freeRecord(entry);
            modCount++;
            return;
        }

        final long entryHash = key.hash();
        entries.ensureCapacityForInsert(keyGroup, entryHash);
        final long entry = allocateRecord(key, entryValueLength);
        copyInto(RecordDescriptor.valueAddress(entry) + MapDescriptor.ENTRY_VALUE_OFFSET, source, offset, length);
        key.truncate(prefixLength);
        long head = findHead(keyGroup, key);
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
        entries.insert(keyGroup, entryHash, entry);
        modCount++;
    }

    /**
     * Removes the entry of the composite key (key, namespace, map key), if any.
     *
     * @param prefixLength the length of (key, namespace), where the map key starts.
     */
    void remove(final int keyGroup, final CompositeKeyBuilder key, final int prefixLength)
    {
        final long handle = entries.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle == KeyGroupIndex.NOT_FOUND)
        {
            return;
        }
        key.truncate(prefixLength);
        final long headHandle = heads.find(keyGroup, key.hash(), key.buffer(), key.length());
        final long head = heads.record(keyGroup, headHandle);
        final long headValue = RecordDescriptor.valueAddress(head);
        final long count = MapDescriptor.count(headValue) - 1;
        entries.prepareWrite(keyGroup, handle);
        if (count == 0)
        {
            heads.prepareWrite(keyGroup, headHandle);
        }
        final long entry = entries.record(keyGroup, handle);
        logDeletion(keyGroup, entry, entries);
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
        entries.remove(keyGroup, handle);
        freeRecord(entry);
        if (count == 0)
        {
            heads.remove(keyGroup, headHandle);
            freeRecord(head);
        }
        else
        {
            MapDescriptor.count(headValue, count);
        }
        modCount++;
    }

    /**
     * Removes every entry of the map of the composite key (key, namespace). The shards that need copying are
     * copied first, so a refused allocation leaves the map whole.
     */
    void clear(final int keyGroup, final CompositeKeyBuilder key)
    {
        final long headHandle = heads.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (headHandle == KeyGroupIndex.NOT_FOUND)
        {
            return;
        }
        final long head = heads.record(keyGroup, headHandle);
        final long first = MapDescriptor.first(RecordDescriptor.valueAddress(head));
        for (long entry = first; entry != 0; entry = MapDescriptor.next(RecordDescriptor.valueAddress(entry)))
        {
            entries.prepareWrite(keyGroup, entries.handleOf(keyGroup, entry));
        }
        heads.prepareWrite(keyGroup, headHandle);
        long entry = first;
        while (entry != 0)
        {
            final long next = MapDescriptor.next(RecordDescriptor.valueAddress(entry));
            logDeletion(keyGroup, entry, entries);
            entries.remove(keyGroup, entries.handleOf(keyGroup, entry));
            freeRecord(entry);
            entry = next;
        }
        heads.remove(keyGroup, headHandle);
        freeRecord(head);
        modCount++;
    }

    @Override
    void restoreDelete(final int keyGroup, final CompositeKeyBuilder key, final int prefixLength)
    {
        remove(keyGroup, key, prefixLength);
    }

    @Override
    int userKeyFixedLength()
    {
        return userKeyFixedLength;
    }

    @Override
    boolean entriesHaveUserKey()
    {
        return true;
    }

    @Override
    void writeRecord(
        final StateStreamWriter writer, final int stateIndex, final long address, final UnsafeBuffer record)
        throws IOException
    {
        final int keyLength = RecordDescriptor.keyLength(address);
        final int valueLength = RecordDescriptor.valueLength(address);
        record.wrap(address + RecordDescriptor.KEY_OFFSET,
            RecordDescriptor.recordLength(keyLength, valueLength) - RecordDescriptor.KEY_OFFSET);
        final int namespaceComponent = namespaceComponentOffset(record);
        final int namespaceBytes = componentBytesOffset(namespaceComponent, namespaceFixedLength);
        final int namespaceLength = componentBytesLength(record, namespaceComponent, namespaceFixedLength);
        final int userKeyComponent = namespaceBytes + namespaceLength;
        final int userKeyBytes = componentBytesOffset(userKeyComponent, userKeyFixedLength);
        writer.writeMapEntry(stateIndex,
            record, keyBytesOffset(), componentBytesLength(record, 0, keyFixedLength),
            record, namespaceBytes, namespaceLength,
            record, userKeyBytes, keyLength - userKeyBytes,
            record, RecordDescriptor.valueOffset(keyLength) - RecordDescriptor.KEY_OFFSET +
            MapDescriptor.ENTRY_VALUE_OFFSET, valueLength - MapDescriptor.ENTRY_VALUE_OFFSET);
    }

    @Override
    void restoreEntry(
        final int keyGroup, final CompositeKeyBuilder key, final int prefixLength, final StreamEntry entry)
    {
        put(keyGroup, key, prefixLength, entry.buffer(), entry.valueOffset(), entry.valueLength());
    }
}

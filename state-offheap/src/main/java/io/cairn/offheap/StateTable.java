package io.cairn.offheap;

import org.agrona.DirectBuffer;

/**
 * The records of one state (or of one of its parts: a map has a head table and an entry table), partitioned by
 * key group: one {@link KeyGroupIndex} per key group of the backend's range, created on the group's first insert.
 * Each key group's records can be found, iterated, captured and freed without touching any other group's.
 */
final class StateTable
{
    private final VersionedMemory memory;
    private final int startKeyGroup;
    private final KeyGroupIndex[] indexes;
    private long size;

    StateTable(final VersionedMemory memory, final int startKeyGroup, final int numberOfKeyGroups)
    {
        this.memory = memory;
        this.startKeyGroup = startKeyGroup;
        this.indexes = new KeyGroupIndex[numberOfKeyGroups];
    }

    /**
     * @return the slot handle of the key in its key group, or {@link KeyGroupIndex#NOT_FOUND}.
     */
    long find(final int keyGroup, final long hash, final DirectBuffer key, final int keyLength)
    {
        final KeyGroupIndex index = indexes[keyGroup - startKeyGroup];
        return index == null ? KeyGroupIndex.NOT_FOUND : index.find(hash, key, keyLength);
    }

    /**
     * @return the address of the key's record, or 0.
     */
    long findRecord(final int keyGroup, final long hash, final DirectBuffer key, final int keyLength)
    {
        final KeyGroupIndex index = indexes[keyGroup - startKeyGroup];
        if (index == null)
        {
            return 0;
        }
        final long handle = index.find(hash, key, keyLength);
        return handle == KeyGroupIndex.NOT_FOUND ? 0 : index.record(handle);
    }

    long record(final int keyGroup, final long handle)
    {
        return indexes[keyGroup - startKeyGroup].record(handle);
    }

    /** See {@link KeyGroupIndex#prepareWrite}. */
    void prepareWrite(final int keyGroup, final long handle)
    {
        indexes[keyGroup - startKeyGroup].prepareWrite(handle);
    }

    void replace(final int keyGroup, final long handle, final long record)
    {
        indexes[keyGroup - startKeyGroup].replace(handle, record);
    }

    /**
     * Makes room for one insert into the key group; see {@link KeyGroupIndex#ensureCapacityForInsert}.
     */
    void ensureCapacityForInsert(final int keyGroup, final long hash)
    {
        KeyGroupIndex index = indexes[keyGroup - startKeyGroup];
        if (index == null)
        {
            index = new KeyGroupIndex(memory);
            indexes[keyGroup - startKeyGroup] = index;
        }
        index.ensureCapacityForInsert(hash);
    }

    void insert(final int keyGroup, final long hash, final long record)
    {
        indexes[keyGroup - startKeyGroup].insert(hash, record);
        size++;
    }

    /** Removes a slot; {@link #prepareWrite} first. */
    void remove(final int keyGroup, final long handle)
    {
        indexes[keyGroup - startKeyGroup].remove(handle);
        size--;
    }

    /**
     * @return the handle of a record known by address (its key is hashed from the record itself).
     */
    long handleOf(final int keyGroup, final long record)
    {
        final long hash = KeyHashing.hash(record + RecordDescriptor.KEY_OFFSET, RecordDescriptor.keyLength(record));
        final long handle = indexes[keyGroup - startKeyGroup].findRecord(hash, record);
        assert handle != KeyGroupIndex.NOT_FOUND : "record " + record + " is not in key group " + keyGroup;
        return handle;
    }

    /** @return the number of records in one key group. */
    long size(final int keyGroup)
    {
        final KeyGroupIndex index = indexes[keyGroup - startKeyGroup];
        return index == null ? 0 : index.size();
    }

    /** @return the number of records in all key groups. */
    long size()
    {
        return size;
    }

    /**
     * Visits the records of one key group.
     */
    void forEachRecord(final int keyGroup, final KeyGroupIndex.RecordVisitor visitor)
    {
        final KeyGroupIndex index = indexes[keyGroup - startKeyGroup];
        if (index != null)
        {
            index.forEachRecord(visitor);
        }
    }

    /**
     * @return the key group's shards as they are now, or null if it has no records.
     */
    IndexView capture(final int keyGroup)
    {
        final KeyGroupIndex index = indexes[keyGroup - startKeyGroup];
        return index == null || index.size() == 0 ? null : index.capture();
    }
}

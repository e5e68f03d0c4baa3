package io.cairn.offheap;

import java.io.IOException;

import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamEntry;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The storage of value, reducing and aggregating state: one record per (key, namespace) whose value is the
 * codec's bytes.
 */
final class ValueStorage extends StateStorage
{
    private final StateTable table;

    ValueStorage(
        final String name,
        final StateMetaInfo meta,
        final VersionedMemory memory,
        final int keyFixedLength,
        final ChangeTracker tracker,
        final TombstoneLog tombstones,
        final StateTable table)
    {
        super(name, meta, memory, keyFixedLength, tracker, tombstones);
        this.table = table;
    }

    @Override
    StateTable primaryTable()
    {
        return table;
    }

    /** @return the record of the key, or 0. */
    long find(final int keyGroup, final CompositeKeyBuilder key)
    {
        return table.findRecord(keyGroup, key.hash(), key.buffer(), key.length());
    }

    /**
     * Sets the key's value to {@code length} bytes of {@code source}: in place when the record has room and no
     * snapshot shares it, else in a new record that replaces it; a new record when there is none.
     */
    void upsert(
        final int keyGroup,
        final CompositeKeyBuilder key,
        final DirectBuffer source,
        final int offset,
        final int length)
    {
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle != KeyGroupIndex.NOT_FOUND)
        {
            final long record = table.record(keyGroup, handle);
            if (RecordDescriptor.recordLength(key.length(), length) <= RecordDescriptor.capacity(record) &&
                isPrivate(record))
            {
                copyInto(RecordDescriptor.valueAddress(record), source, offset, length);
                RecordDescriptor.valueLength(record, length);
                RecordDescriptor.version(record, memory.version());
                return;
            }
            table.prepareWrite(keyGroup, handle);
            final long moved = allocateRecord(key, length);
            copyInto(RecordDescriptor.valueAddress(moved), source, offset, length);
            table.replace(keyGroup, handle, moved);
            freeRecord(record);
            return;
        }
        table.ensureCapacityForInsert(keyGroup, key.hash());
        final long record = allocateRecord(key, length);
        copyInto(RecordDescriptor.valueAddress(record), source, offset, length);
        table.insert(keyGroup, key.hash(), record);
    }

    /**
     * Removes the key's record, if any.
     *
     * @return true if there was one.
     */
    boolean remove(final int keyGroup, final CompositeKeyBuilder key)
    {
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle == KeyGroupIndex.NOT_FOUND)
        {
            return false;
        }
        table.prepareWrite(keyGroup, handle);
        final long record = table.record(keyGroup, handle);
        logDeletion(keyGroup, record, table);
        table.remove(keyGroup, handle);
        freeRecord(record);
        return true;
    }

    @Override
    void restoreDelete(final int keyGroup, final CompositeKeyBuilder key, final int prefixLength)
    {
        remove(keyGroup, key);
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
        final int keyBytes = keyBytesOffset();
        final int namespaceBytes = componentBytesOffset(namespaceComponent, namespaceFixedLength);
        writer.writeEntry(stateIndex,
            record, keyBytes, componentBytesLength(record, 0, keyFixedLength),
            record, namespaceBytes, keyLength - namespaceBytes,
            record, RecordDescriptor.valueOffset(keyLength) - RecordDescriptor.KEY_OFFSET, valueLength);
    }

    @Override
    void restoreEntry(
        final int keyGroup, final CompositeKeyBuilder key, final int prefixLength, final StreamEntry entry)
    {
        upsert(keyGroup, key, entry.buffer(), entry.valueOffset(), entry.valueLength());
    }
}

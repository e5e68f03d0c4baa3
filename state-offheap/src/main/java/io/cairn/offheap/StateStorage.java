package io.cairn.offheap;

import java.io.IOException;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamEntry;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bytes of one state: its tables, and the byte-level operations on them that state objects, snapshots and
 * restores share. Keys are composite keys ({@link CompositeKeyBuilder}); values are bytes a codec already wrote.
 *
 * <p>Every write follows one rule, which keeps the state unchanged when the memory budget refuses a write: first
 * make room (index room, copies of shards a snapshot shares, new records), then link. A refused allocation
 * therefore happens before anything visible has changed. Blocks a live snapshot may read are never written in
 * place: a write goes to a copy ({@link VersionedMemory}).
 */
abstract class StateStorage
{
    final String name;
    final StateMetaInfo meta;
    final VersionedMemory memory;
    final ChangeTracker tracker;
    final TombstoneLog tombstones;
    /** Fixed lengths of the composite key's components, or {@link Codec#VARIABLE_LENGTH}. */
    final int keyFixedLength;
    final int namespaceFixedLength;
    private final UnsafeBuffer copyView = new UnsafeBuffer(0, 0);

    StateStorage(
        final String name,
        final StateMetaInfo meta,
        final VersionedMemory memory,
        final int keyFixedLength,
        final ChangeTracker tracker,
        final TombstoneLog tombstones)
    {
        this.name = name;
        this.meta = meta;
        this.memory = memory;
        this.tracker = tracker;
        this.tombstones = tombstones;
        this.keyFixedLength = keyFixedLength;
        this.namespaceFixedLength = meta.namespaceCodec().fixedLength();
    }

    /** @return the table whose records name the (key, namespace) pairs that have a value. */
    abstract StateTable primaryTable();

    /** @return the table a snapshot writes entries from. */
    StateTable snapshotTable()
    {
        return primaryTable();
    }

    /**
     * Writes the entries of one captured key group (from {@link #snapshotTable()}).
     *
     * @param record a reusable buffer for wrapping records.
     */
    void writeEntries(
        final StateStreamWriter writer, final int stateIndex, final IndexView view, final UnsafeBuffer record)
        throws IOException
    {
        view.forEachRecord((address) -> writeRecord(writer, stateIndex, address, record));
    }

    /**
     * Writes the one entry of a record of {@link #snapshotTable()}, for states with an entry per record.
     *
     * @param record a reusable buffer for wrapping records.
     */
    void writeRecord(
        final StateStreamWriter writer, final int stateIndex, final long address, final UnsafeBuffer record)
        throws IOException
    {
        throw new UnsupportedOperationException(name + " does not keep an entry per record");
    }

    /**
     * Counts the entries of one captured key group (from {@link #snapshotTable()}) and those of them an incremental
     * checkpoint on {@code baseline} writes (DELETE entries of replaced lists included), and collects the records
     * that changed, so that a delta is written without a second scan.
     *
     * @param counts  {@code counts[0]} is increased by the entries, {@code counts[1]} by the changed ones.
     * @param changed receives the addresses of the changed records.
     */
    void countEntries(final IndexView view, final int baseline, final long[] counts, final LongArrayList changed)
    {
        view.forEachRecord(
            (address) ->
            {
                counts[0]++;
                if (RecordDescriptor.version(address) > baseline)
                {
                    counts[1]++;
                    changed.addLong(address);
                }
            });
    }

    /**
     * Writes, into a delta partition, the PUT entries (and for replaced lists, a DELETE first) of the records
     * {@link #countEntries} found changed since {@code baseline}.
     *
     * @param record a reusable buffer for wrapping records.
     */
    void writeChanged(
        final StateStreamWriter writer,
        final int stateIndex,
        final LongArrayList changed,
        final int baseline,
        final UnsafeBuffer record) throws IOException
    {
        for (int i = 0, n = changed.size(); i < n; i++)
        {
            writeRecord(writer, stateIndex, changed.getLong(i), record);
        }
    }

    /**
     * Applies one DELETE entry read from a delta partition, whose composite key is in {@code key}.
     *
     * @param prefixLength the length of (key, namespace) within {@code key}.
     */
    abstract void restoreDelete(int keyGroup, CompositeKeyBuilder key, int prefixLength);

    /** @return the fixed length of the map key codec, for states whose entries have one; else unused. */
    int userKeyFixedLength()
    {
        return Codec.VARIABLE_LENGTH;
    }

    /** @return true if the snapshot table's composite keys end with a map key. */
    boolean entriesHaveUserKey()
    {
        return false;
    }

    /**
     * Logs the deletion of a record of {@code table}, if incremental checkpoints need it. Call once the deletion can
     * no longer fail (after {@code prepareWrite}), before the record is dropped.
     */
    final void logDeletion(final int keyGroup, final long record, final StateTable table)
    {
        if (tracker.logging())
        {
            tombstones.add(tracker, keyGroup, record, table.size(keyGroup));
        }
    }

    /**
     * Writes, into a delta partition, a DELETE entry for each deletion in {@code capture} newer than
     * {@code baseline}.
     *
     * @param key a reusable buffer for wrapping keys.
     */
    final void writeTombstones(
        final StateStreamWriter writer,
        final int stateIndex,
        final TombstoneLog.Capture capture,
        final int baseline,
        final UnsafeBuffer key) throws IOException
    {
        final boolean userKey = entriesHaveUserKey();
        final int userKeyFixed = userKeyFixedLength();
        capture.forEachAfter(baseline, key,
            (buffer, keyLength) ->
            {
                final int namespaceComponent = namespaceComponentOffset(key);
                final int namespaceBytes = componentBytesOffset(namespaceComponent, namespaceFixedLength);
                final int keyBytesLength = componentBytesLength(key, 0, keyFixedLength);
                if (userKey)
                {
                    final int namespaceLength = componentBytesLength(key, namespaceComponent, namespaceFixedLength);
                    final int userKeyBytes = componentBytesOffset(namespaceBytes + namespaceLength, userKeyFixed);
                    writer.writeMapDelete(stateIndex,
                        key, keyBytesOffset(), keyBytesLength,
                        key, namespaceBytes, namespaceLength,
                        key, userKeyBytes, keyLength - userKeyBytes);
                }
                else
                {
                    writer.writeDelete(stateIndex,
                        key, keyBytesOffset(), keyBytesLength,
                        key, namespaceBytes, keyLength - namespaceBytes);
                }
            });
    }

    /**
     * @return the number of DELETE entries {@code capture} holds newer than {@code baseline}.
     */
    static long countTombstones(final TombstoneLog.Capture capture, final int baseline, final UnsafeBuffer key)
    {
        final long[] count = new long[1];
        capture.forEachAfter(baseline, key, (buffer, keyLength) -> count[0]++);
        return count[0];
    }

    /**
     * Inserts one entry read from a stream, whose composite key is in {@code key}.
     *
     * @param prefixLength the length of (key, namespace) within {@code key}.
     */
    abstract void restoreEntry(int keyGroup, CompositeKeyBuilder key, int prefixLength, StreamEntry entry);

    /**
     * Allocates a record for the composite key and writes its header and key; the value is the caller's to write.
     *
     * @throws io.cairn.backend.MemoryBudgetExceededException if it does not fit; nothing changed.
     */
    final long allocateRecord(final CompositeKeyBuilder key, final int valueLength)
    {
        final int keyLength = key.length();
        final int recordLength = RecordDescriptor.recordLength(keyLength, valueLength);
        final long record = memory.allocate(recordLength);
        RecordDescriptor.writeHeader(
            record, memory.blockCapacity(recordLength), memory.version(), keyLength, valueLength);
        copyView.wrap(record, RecordDescriptor.KEY_OFFSET + keyLength);
        copyView.putBytes(RecordDescriptor.KEY_OFFSET, key.buffer(), 0, keyLength);
        return record;
    }

    /**
     * Copies a whole record (header, key, value) into a new block of the current version.
     *
     * @throws io.cairn.backend.MemoryBudgetExceededException if it does not fit; nothing changed.
     */
    final long copyRecord(final long record)
    {
        final int capacity = RecordDescriptor.capacity(record);
        final long copy = memory.allocate(capacity);
        UnsafeApi.copyMemory(record, copy, RecordDescriptor.recordLength(
            RecordDescriptor.keyLength(record), RecordDescriptor.valueLength(record)));
        RecordDescriptor.writeHeader(copy, memory.blockCapacity(capacity), memory.version(),
            RecordDescriptor.keyLength(record), RecordDescriptor.valueLength(record));
        return copy;
    }

    final void freeRecord(final long record)
    {
        memory.free(record, RecordDescriptor.capacity(record), RecordDescriptor.version(record));
    }

    /** @return true if the record may be changed in place: no live snapshot can read it. */
    final boolean isPrivate(final long record)
    {
        return !memory.isShared(RecordDescriptor.version(record));
    }

    /** Copies {@code length} bytes of {@code source} to {@code address}. */
    final void copyInto(final long address, final DirectBuffer source, final int offset, final int length)
    {
        if (length > 0)
        {
            copyView.wrap(address, length);
            copyView.putBytes(0, source, offset, length);
        }
    }

    /**
     * Wraps {@code view} over a record's composite key and returns the offset where the namespace component
     * starts (after the key component); the key's codec bytes are at {@link #keyBytesOffset}.
     */
    final int namespaceComponentOffset(final UnsafeBuffer view)
    {
        return keyFixedLength != Codec.VARIABLE_LENGTH ?
            keyFixedLength :
            CompositeKeyBuilder.LENGTH_PREFIX + view.getInt(0, java.nio.ByteOrder.BIG_ENDIAN);
    }

    /** @return where the key's codec bytes start in the composite key. */
    final int keyBytesOffset()
    {
        return keyFixedLength != Codec.VARIABLE_LENGTH ? 0 : CompositeKeyBuilder.LENGTH_PREFIX;
    }

    /**
     * @param componentOffset where a component starts in {@code view}.
     * @param fixedLength     its codec's fixed length, or variable.
     * @return the offset of its codec bytes.
     */
    static int componentBytesOffset(final int componentOffset, final int fixedLength)
    {
        return fixedLength != Codec.VARIABLE_LENGTH ?
            componentOffset : componentOffset + CompositeKeyBuilder.LENGTH_PREFIX;
    }

    /**
     * @return the length of a component's codec bytes.
     */
    static int componentBytesLength(final UnsafeBuffer view, final int componentOffset, final int fixedLength)
    {
        return fixedLength != Codec.VARIABLE_LENGTH ?
            fixedLength : view.getInt(componentOffset, java.nio.ByteOrder.BIG_ENDIAN);
    }
}

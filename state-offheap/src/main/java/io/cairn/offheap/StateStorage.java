package io.cairn.offheap;

import java.io.IOException;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamEntry;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
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
    /** Fixed lengths of the composite key's components, or {@link Codec#VARIABLE_LENGTH}. */
    final int keyFixedLength;
    final int namespaceFixedLength;
    private final UnsafeBuffer copyView = new UnsafeBuffer(0, 0);

    StateStorage(
        final String name, final StateMetaInfo meta, final VersionedMemory memory, final int keyFixedLength)
    {
        this.name = name;
        this.meta = meta;
        this.memory = memory;
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
    abstract void writeEntries(StateStreamWriter writer, int stateIndex, IndexView view, UnsafeBuffer record)
        throws IOException;

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
        RecordDescriptor.writeHeader(record, memory.blockCapacity(recordLength), memory.version(), keyLength, valueLength);
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
        return fixedLength != Codec.VARIABLE_LENGTH ? componentOffset : componentOffset + CompositeKeyBuilder.LENGTH_PREFIX;
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

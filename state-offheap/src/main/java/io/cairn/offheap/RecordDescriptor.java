package io.cairn.offheap;

import org.agrona.UnsafeApi;

/**
 * The layout of a record: one entry of a state table, a block of {@link MemoryPool}.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                      Capacity (block bytes)                   |  0
 *  +---------------------------------------------------------------+
 *  |                      Version                                  |  4
 *  +---------------------------------------------------------------+
 *  |                      Key Length                               |  8
 *  +---------------------------------------------------------------+
 *  |                      Value Length                             | 12
 *  +---------------------------------------------------------------+
 *  |                      Key bytes                               ...  16
 * ...                                                              |
 *  +---------------------------------------------------------------+
 *  |      padding to 8 bytes      |      Value bytes              ...  valueOffset(keyLength)
 * ...                                                              |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The key is the composite key ({@link CompositeKeyBuilder}): the state's key, its namespace and, for map
 * entries, the map key. The value starts 8-byte aligned. Its meaning depends on the table: a value, an
 * accumulator, a list head ({@link ListDescriptor}) or a map head or entry ({@link MapDescriptor}).
 *
 * <p>Version is the backend's snapshot epoch at the record's last write. A snapshot (copy-on-write) may read a
 * record only while no write has reused it; writes compare the version with the epoch of the newest live
 * snapshot to decide between writing in place and writing a copy. See {@code docs/offheap-layout.md}.
 *
 * <p>Fields are in native byte order; they never leave the process (snapshots write keys and values, not
 * records).
 */
final class RecordDescriptor
{
    static final int CAPACITY_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int KEY_LENGTH_OFFSET = 8;
    static final int VALUE_LENGTH_OFFSET = 12;
    static final int HEADER_LENGTH = 16;
    static final int KEY_OFFSET = HEADER_LENGTH;
    static final int VALUE_ALIGNMENT = 8;

    private RecordDescriptor()
    {
    }

    /**
     * @param keyLength the composite key's length.
     * @return where the value starts, relative to the record.
     */
    static int valueOffset(final int keyLength)
    {
        return (KEY_OFFSET + keyLength + VALUE_ALIGNMENT - 1) & -VALUE_ALIGNMENT;
    }

    /**
     * @param keyLength   the composite key's length.
     * @param valueLength the value's length.
     * @return the bytes a record of them needs.
     */
    static int recordLength(final int keyLength, final int valueLength)
    {
        return valueOffset(keyLength) + valueLength;
    }

    static int capacity(final long record)
    {
        return UnsafeApi.getInt(record + CAPACITY_OFFSET);
    }

    static int keyLength(final long record)
    {
        return UnsafeApi.getInt(record + KEY_LENGTH_OFFSET);
    }

    static int valueLength(final long record)
    {
        return UnsafeApi.getInt(record + VALUE_LENGTH_OFFSET);
    }

    static long valueAddress(final long record)
    {
        return record + valueOffset(keyLength(record));
    }

    static void valueLength(final long record, final int valueLength)
    {
        UnsafeApi.putInt(record + VALUE_LENGTH_OFFSET, valueLength);
    }

    static void version(final long record, final int version)
    {
        UnsafeApi.putInt(record + VERSION_OFFSET, version);
    }

    static int version(final long record)
    {
        return UnsafeApi.getInt(record + VERSION_OFFSET);
    }

    /** Writes the header of a freshly allocated record. */
    static void writeHeader(
        final long record, final int capacity, final int version, final int keyLength, final int valueLength)
    {
        UnsafeApi.putInt(record + CAPACITY_OFFSET, capacity);
        UnsafeApi.putInt(record + VERSION_OFFSET, version);
        UnsafeApi.putInt(record + KEY_LENGTH_OFFSET, keyLength);
        UnsafeApi.putInt(record + VALUE_LENGTH_OFFSET, valueLength);
    }
}

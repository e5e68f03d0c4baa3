package io.cairn.format;

import org.agrona.DirectBuffer;

/**
 * A flyweight over one entry of a stream, valid only during the {@link StreamEntryConsumer} call that receives
 * it. Offsets index {@link #buffer()}. An entry is (state, key, namespace, [map key,] value): a value of a value,
 * reducing or aggregating state, one element of a list state (a list is as many entries as elements, in order),
 * or one entry of a map state. Operator state entries have an empty key and namespace.
 *
 * <p>In a delta partition an entry is a put or a {@link #isDelete() delete}. A delete has no value: it removes
 * the (key, namespace) of a value, reducing, aggregating or list state (a whole list), or the one map entry
 * (key, namespace, map key) of a map state. A put sets the value, appends one list element, or puts one map entry.
 * Entries of full partitions, and every entry of a version-1 stream, are puts.
 */
public final class StreamEntry
{
    private DirectBuffer buffer;
    private int stateIndex;
    private boolean delete;
    private int keyOffset;
    private int keyLength;
    private int namespaceOffset;
    private int namespaceLength;
    private int userKeyOffset;
    private int userKeyLength;
    private int valueOffset;
    private int valueLength;
    private long blockPosition;

    void blockPosition(final long blockPosition)
    {
        this.blockPosition = blockPosition;
    }

    /** @return the stream offset of the block holding this entry, for naming the place of a bad entry. */
    public long blockPosition()
    {
        return blockPosition;
    }

    void set(
        final DirectBuffer buffer,
        final int stateIndex,
        final boolean delete,
        final int keyOffset,
        final int keyLength,
        final int namespaceOffset,
        final int namespaceLength,
        final int userKeyOffset,
        final int userKeyLength,
        final int valueOffset,
        final int valueLength)
    {
        this.buffer = buffer;
        this.stateIndex = stateIndex;
        this.delete = delete;
        this.keyOffset = keyOffset;
        this.keyLength = keyLength;
        this.namespaceOffset = namespaceOffset;
        this.namespaceLength = namespaceLength;
        this.userKeyOffset = userKeyOffset;
        this.userKeyLength = userKeyLength;
        this.valueOffset = valueOffset;
        this.valueLength = valueLength;
    }

    /** @return the buffer the offsets index. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the state's position in the stream's meta. */
    public int stateIndex()
    {
        return stateIndex;
    }

    /** @return true if the entry is a delete (only in a delta partition), false if it is a put. */
    public boolean isDelete()
    {
        return delete;
    }

    /** @return where the key's codec bytes start. */
    public int keyOffset()
    {
        return keyOffset;
    }

    /** @return how many they are. */
    public int keyLength()
    {
        return keyLength;
    }

    /** @return where the namespace's codec bytes start. */
    public int namespaceOffset()
    {
        return namespaceOffset;
    }

    /** @return how many they are. */
    public int namespaceLength()
    {
        return namespaceLength;
    }

    /** @return where the map key's codec bytes start; -1 if the entry is not a map entry. */
    public int userKeyOffset()
    {
        return userKeyOffset;
    }

    /** @return how many they are; -1 if the entry is not a map entry. */
    public int userKeyLength()
    {
        return userKeyLength;
    }

    /** @return where the value's codec bytes start; -1 if the entry is a delete. */
    public int valueOffset()
    {
        return valueOffset;
    }

    /** @return how many they are; -1 if the entry is a delete. */
    public int valueLength()
    {
        return valueLength;
    }
}

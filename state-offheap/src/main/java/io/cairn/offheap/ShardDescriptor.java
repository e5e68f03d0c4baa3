package io.cairn.offheap;

import org.agrona.UnsafeApi;

/**
 * The layout of a shard: an open-addressing table (linear probing) of {@code capacity} slots, a power of two,
 * one block of {@link MemoryPool}.
 *
 * <pre>
 *  Slot i, at i * 16:
 *  +---------------------------------------------------------------+
 *  |                      Hash (long) of the record's key          |  0
 *  +---------------------------------------------------------------+
 *  |                      Record address (long), 0 if empty        |  8
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The low bits of the hash pick the shard (through {@link KeyGroupIndex}'s directory), the high 32 bits the
 * first slot to probe, so the two choices are independent. Keeping the hash in the slot means a probe touches a
 * record only when the whole 64-bit hash matches, and a shard is rehashed or split without reading records.
 */
final class ShardDescriptor
{
    static final int SLOT_LENGTH = 16;
    static final int HASH_OFFSET = 0;
    static final int ADDRESS_OFFSET = 8;
    /** Shards grow by doubling up to this many slots (16 KiB), then split. */
    static final int MAX_SLOTS = 1024;
    static final int INITIAL_SLOTS = 8;

    private ShardDescriptor()
    {
    }

    static long slotAddress(final long shard, final int slot)
    {
        return shard + ((long)slot * SLOT_LENGTH);
    }

    static long hash(final long shard, final int slot)
    {
        return UnsafeApi.getLong(slotAddress(shard, slot) + HASH_OFFSET);
    }

    static long record(final long shard, final int slot)
    {
        return UnsafeApi.getLong(slotAddress(shard, slot) + ADDRESS_OFFSET);
    }

    static void slot(final long shard, final int slot, final long hash, final long record)
    {
        final long address = slotAddress(shard, slot);
        UnsafeApi.putLong(address + HASH_OFFSET, hash);
        UnsafeApi.putLong(address + ADDRESS_OFFSET, record);
    }

    static void record(final long shard, final int slot, final long record)
    {
        UnsafeApi.putLong(slotAddress(shard, slot) + ADDRESS_OFFSET, record);
    }

    static int firstSlot(final long hash, final int capacity)
    {
        return (int)(hash >>> 32) & (capacity - 1);
    }

    static int length(final int capacity)
    {
        return capacity * SLOT_LENGTH;
    }

    static void clear(final long shard, final int capacity)
    {
        UnsafeApi.setMemory(shard, length(capacity), (byte)0);
    }
}

package io.cairn.offheap;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The hash index of one key group of one state table: composite key to record address.
 *
 * <p>Extendible hashing over off-heap shards ({@link ShardDescriptor}). A directory of {@code 2^globalDepth}
 * entries maps the low bits of a key's hash to a shard; several entries may share a shard whose local depth is
 * lower. A shard grows by doubling up to {@link ShardDescriptor#MAX_SLOTS}; a full shard of that size splits in
 * two by one more hash bit, doubling the directory when needed. So no insert ever rehashes more than one shard
 * (16 KiB) plus a copy of the directory (an {@code int[]} of a few thousand entries at most), whatever the size
 * of the key group: there is no full-table rehash pause.
 *
 * <p>Shard metadata lives in parallel on-heap arrays indexed by shard id (one entry per shard, none per record);
 * the shards themselves, and the records, are off-heap.
 *
 * <p>Slot handles returned by {@link #find} are {@code shardId << 32 | slot}; a handle stays valid until the next
 * insert or remove in this index.
 */
final class KeyGroupIndex
{
    static final long NOT_FOUND = -1L;
    private static final int MAX_GLOBAL_DEPTH = 24;

    private final MemoryPool pool;
    private int[] directory = new int[1];
    private int globalDepth;
    private long[] shardAddress = new long[1];
    private int[] shardCapacity = new int[1];
    private int[] shardSize = new int[1];
    private byte[] shardDepth = new byte[1];
    private int shardCount;
    private int size;

    /**
     * @param pool where shards are allocated.
     * @throws io.cairn.backend.MemoryBudgetExceededException if the first shard does not fit.
     */
    KeyGroupIndex(final MemoryPool pool)
    {
        this.pool = pool;
        final long shard = pool.allocate(ShardDescriptor.length(ShardDescriptor.INITIAL_SLOTS));
        ShardDescriptor.clear(shard, ShardDescriptor.INITIAL_SLOTS);
        shardAddress[0] = shard;
        shardCapacity[0] = ShardDescriptor.INITIAL_SLOTS;
        shardCount = 1;
    }

    /** @return the number of records. */
    int size()
    {
        return size;
    }

    /**
     * @param hash      the key's hash.
     * @param key       the composite key.
     * @param keyLength its length.
     * @return the slot handle of the key's record, or {@link #NOT_FOUND}.
     */
    long find(final long hash, final DirectBuffer key, final int keyLength)
    {
        final int shardId = directory[(int)hash & ((1 << globalDepth) - 1)];
        final long shard = shardAddress[shardId];
        final int mask = shardCapacity[shardId] - 1;
        int slot = ShardDescriptor.firstSlot(hash, mask + 1);
        while (true)
        {
            final long record = ShardDescriptor.record(shard, slot);
            if (record == 0)
            {
                return NOT_FOUND;
            }
            if (ShardDescriptor.hash(shard, slot) == hash && keyEquals(record, key, keyLength))
            {
                return ((long)shardId << 32) | slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * @param handle a handle from {@link #find}.
     * @return the record's address.
     */
    long record(final long handle)
    {
        return ShardDescriptor.record(shardAddress[(int)(handle >>> 32)], (int)handle);
    }

    /**
     * Points the slot at another record of the same key (after the record moved).
     *
     * @param handle a handle from {@link #find}.
     * @param record the new address.
     */
    void replace(final long handle, final long record)
    {
        ShardDescriptor.record(shardAddress[(int)(handle >>> 32)], (int)handle, record);
    }

    /**
     * Makes sure one more record with {@code hash} can be inserted without allocating, growing or splitting its
     * shard if needed. Growing does not change what the index maps.
     *
     * @param hash the hash of the key about to be inserted.
     * @throws io.cairn.backend.MemoryBudgetExceededException if a grown shard does not fit; the index is then
     *                                                        unchanged.
     */
    void ensureCapacityForInsert(final long hash)
    {
        while (true)
        {
            final int shardId = directory[(int)hash & ((1 << globalDepth) - 1)];
            final int capacity = shardCapacity[shardId];
            if ((shardSize[shardId] + 1) * 4L <= capacity * 3L)
            {
                return;
            }
            if (capacity < ShardDescriptor.MAX_SLOTS || shardDepth[shardId] >= MAX_GLOBAL_DEPTH)
            {
                growShard(shardId, capacity * 2);
            }
            else
            {
                splitShard(shardId);
            }
        }
    }

    /**
     * Inserts a key that is not in the index; {@link #ensureCapacityForInsert} must have been called for it.
     *
     * @param hash   the key's hash.
     * @param record the record's address.
     */
    void insert(final long hash, final long record)
    {
        final int shardId = directory[(int)hash & ((1 << globalDepth) - 1)];
        assert (shardSize[shardId] + 1) * 4L <= shardCapacity[shardId] * 3L : "ensureCapacityForInsert not called";
        insertIntoShard(shardAddress[shardId], shardCapacity[shardId], hash, record);
        shardSize[shardId]++;
        size++;
    }

    /**
     * Removes the slot; the record itself is the caller's to free.
     *
     * @param handle a handle from {@link #find}.
     */
    void remove(final long handle)
    {
        final int shardId = (int)(handle >>> 32);
        final long shard = shardAddress[shardId];
        final int mask = shardCapacity[shardId] - 1;
        int hole = (int)handle;
        int slot = hole;
        // Backward-shift deletion: move later members of the probe run into the hole, so no tombstones are needed.
        while (true)
        {
            slot = (slot + 1) & mask;
            final long record = ShardDescriptor.record(shard, slot);
            if (record == 0)
            {
                break;
            }
            final long hash = ShardDescriptor.hash(shard, slot);
            final int home = ShardDescriptor.firstSlot(hash, mask + 1);
            if (((slot - home) & mask) >= ((slot - hole) & mask))
            {
                ShardDescriptor.slot(shard, hole, hash, record);
                hole = slot;
            }
        }
        ShardDescriptor.slot(shard, hole, 0L, 0L);
        shardSize[shardId]--;
        size--;
    }

    /**
     * Finds the slot of a record by address, for callers that hold a record but not its key in a buffer.
     *
     * @param hash   the hash of the record's key.
     * @param record its address.
     * @return its slot handle, or {@link #NOT_FOUND}.
     */
    long findRecord(final long hash, final long record)
    {
        final int shardId = directory[(int)hash & ((1 << globalDepth) - 1)];
        final long shard = shardAddress[shardId];
        final int mask = shardCapacity[shardId] - 1;
        int slot = ShardDescriptor.firstSlot(hash, mask + 1);
        while (true)
        {
            final long candidate = ShardDescriptor.record(shard, slot);
            if (candidate == 0)
            {
                return NOT_FOUND;
            }
            if (candidate == record)
            {
                return ((long)shardId << 32) | slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * Calls {@code visitor} with every record address, in no particular order. The visitor must not change
     * this index.
     *
     * @param visitor what to call.
     */
    void forEachRecord(final RecordVisitor visitor)
    {
        for (int shardId = 0; shardId < shardCount; shardId++)
        {
            final long shard = shardAddress[shardId];
            for (int slot = 0, capacity = shardCapacity[shardId]; slot < capacity; slot++)
            {
                final long record = ShardDescriptor.record(shard, slot);
                if (record != 0)
                {
                    visitor.visit(record);
                }
            }
        }
    }

    /**
     * Frees every record (through {@code freer}) and every shard. The index must not be used afterwards.
     *
     * @param freer called with each record's address.
     */
    void freeAll(final RecordVisitor freer)
    {
        forEachRecord(freer);
        for (int shardId = 0; shardId < shardCount; shardId++)
        {
            pool.free(shardAddress[shardId], ShardDescriptor.length(shardCapacity[shardId]));
        }
        shardCount = 0;
        size = 0;
    }

    /** @return the number of shards, for tests and memory accounting. */
    int shardCount()
    {
        return shardCount;
    }

    /** @return the directory's depth, for tests. */
    int globalDepth()
    {
        return globalDepth;
    }

    private void growShard(final int shardId, final int newCapacity)
    {
        final long newShard = pool.allocate(ShardDescriptor.length(newCapacity));
        ShardDescriptor.clear(newShard, newCapacity);
        final long oldShard = shardAddress[shardId];
        final int oldCapacity = shardCapacity[shardId];
        for (int slot = 0; slot < oldCapacity; slot++)
        {
            final long record = ShardDescriptor.record(oldShard, slot);
            if (record != 0)
            {
                insertIntoShard(newShard, newCapacity, ShardDescriptor.hash(oldShard, slot), record);
            }
        }
        shardAddress[shardId] = newShard;
        shardCapacity[shardId] = newCapacity;
        pool.free(oldShard, ShardDescriptor.length(oldCapacity));
    }

    private void splitShard(final int shardId)
    {
        final int capacity = shardCapacity[shardId];
        final int length = ShardDescriptor.length(capacity);
        final long low = pool.allocate(length);
        final long high;
        try
        {
            high = pool.allocate(length);
        }
        catch (final RuntimeException ex)
        {
            pool.free(low, length);
            throw ex;
        }
        final int depth = shardDepth[shardId];
        if (depth == globalDepth)
        {
            doubleDirectory();
        }
        ShardDescriptor.clear(low, capacity);
        ShardDescriptor.clear(high, capacity);
        final long oldShard = shardAddress[shardId];
        final long splitBit = 1L << depth;
        int lowSize = 0;
        for (int slot = 0; slot < capacity; slot++)
        {
            final long record = ShardDescriptor.record(oldShard, slot);
            if (record != 0)
            {
                final long hash = ShardDescriptor.hash(oldShard, slot);
                if ((hash & splitBit) == 0)
                {
                    insertIntoShard(low, capacity, hash, record);
                    lowSize++;
                }
                else
                {
                    insertIntoShard(high, capacity, hash, record);
                }
            }
        }
        final int highId = newShardId();
        shardAddress[highId] = high;
        shardCapacity[highId] = capacity;
        shardSize[highId] = shardSize[shardId] - lowSize;
        shardDepth[highId] = (byte)(depth + 1);
        shardAddress[shardId] = low;
        shardSize[shardId] = lowSize;
        shardDepth[shardId] = (byte)(depth + 1);
        for (int i = 0; i < directory.length; i++)
        {
            if (directory[i] == shardId && (i & splitBit) != 0)
            {
                directory[i] = highId;
            }
        }
        pool.free(oldShard, length);
    }

    private void doubleDirectory()
    {
        final int oldLength = directory.length;
        final int[] doubled = Arrays.copyOf(directory, oldLength * 2);
        System.arraycopy(directory, 0, doubled, oldLength, oldLength);
        directory = doubled;
        globalDepth++;
    }

    private int newShardId()
    {
        if (shardCount == shardAddress.length)
        {
            final int newLength = shardCount * 2;
            shardAddress = Arrays.copyOf(shardAddress, newLength);
            shardCapacity = Arrays.copyOf(shardCapacity, newLength);
            shardSize = Arrays.copyOf(shardSize, newLength);
            shardDepth = Arrays.copyOf(shardDepth, newLength);
        }
        return shardCount++;
    }

    private static void insertIntoShard(final long shard, final int capacity, final long hash, final long record)
    {
        final int mask = capacity - 1;
        int slot = ShardDescriptor.firstSlot(hash, capacity);
        while (ShardDescriptor.record(shard, slot) != 0)
        {
            slot = (slot + 1) & mask;
        }
        ShardDescriptor.slot(shard, slot, hash, record);
    }

    private static boolean keyEquals(final long record, final DirectBuffer key, final int keyLength)
    {
        if (RecordDescriptor.keyLength(record) != keyLength)
        {
            return false;
        }
        final long recordKey = record + RecordDescriptor.KEY_OFFSET;
        int i = 0;
        for (; i + Long.BYTES <= keyLength; i += Long.BYTES)
        {
            if (key.getLong(i) != UnsafeApi.getLong(recordKey + i))
            {
                return false;
            }
        }
        for (; i < keyLength; i++)
        {
            if (key.getByte(i) != UnsafeApi.getByte(recordKey + i))
            {
                return false;
            }
        }
        return true;
    }

    /** Receives record addresses. */
    @FunctionalInterface
    interface RecordVisitor
    {
        /**
         * @param record a record's address.
         */
        void visit(long record);
    }
}

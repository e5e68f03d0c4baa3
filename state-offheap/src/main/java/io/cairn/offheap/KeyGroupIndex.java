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
 * <p>Copy-on-write: each shard carries the version it was written at ({@link VersionedMemory}). A snapshot
 * captures the shard addresses ({@link #capture()}); a shard a live snapshot may read is copied before its first
 * change after the snapshot ({@link #prepareWrite}), and a dropped one is retired until no snapshot reads it.
 *
 * <p>Slot handles returned by {@link #find} are {@code shardId << 32 | slot}; a handle stays valid until the next
 * insert or remove in this index (a copy-on-write copy keeps shard ids and slots).
 */
final class KeyGroupIndex
{
    static final long NOT_FOUND = -1L;
    private static final int MAX_GLOBAL_DEPTH = 24;

    private final VersionedMemory memory;
    private int[] directory = new int[1];
    private int globalDepth;
    private long[] shardAddress = new long[1];
    private int[] shardCapacity = new int[1];
    private int[] shardSize = new int[1];
    private byte[] shardDepth = new byte[1];
    private int[] shardVersion = new int[1];
    private int shardCount;
    private int size;

    /**
     * @param memory where shards are allocated.
     * @throws io.cairn.backend.MemoryBudgetExceededException if the first shard does not fit.
     */
    KeyGroupIndex(final VersionedMemory memory)
    {
        this.memory = memory;
        final long shard = memory.allocate(ShardDescriptor.length(ShardDescriptor.INITIAL_SLOTS));
        ShardDescriptor.clear(shard, ShardDescriptor.INITIAL_SLOTS);
        shardAddress[0] = shard;
        shardCapacity[0] = ShardDescriptor.INITIAL_SLOTS;
        shardVersion[0] = memory.version();
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
     * Makes the slot's shard writable: copies it if a live snapshot may read it. Call before {@link #replace} or
     * {@link #remove}, and before allocating anything else for the same write, so a refused allocation happens
     * before any change.
     *
     * @param handle a handle from {@link #find}; it stays valid.
     * @throws io.cairn.backend.MemoryBudgetExceededException if the copy does not fit; nothing changed.
     */
    void prepareWrite(final long handle)
    {
        ensureWritable((int)(handle >>> 32));
    }

    /**
     * Points the slot at another record of the same key (after the record moved). {@link #prepareWrite} first.
     *
     * @param handle a handle from {@link #find}.
     * @param record the new address.
     */
    void replace(final long handle, final long record)
    {
        final int shardId = (int)(handle >>> 32);
        assert !memory.isShared(shardVersion[shardId]) : "prepareWrite not called";
        ShardDescriptor.record(shardAddress[shardId], (int)handle, record);
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
                ensureWritable(shardId);
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
        assert !memory.isShared(shardVersion[shardId]) : "ensureCapacityForInsert not called";
        insertIntoShard(shardAddress[shardId], shardCapacity[shardId], hash, record);
        shardSize[shardId]++;
        size++;
    }

    /**
     * Removes the slot; the record itself is the caller's to free. {@link #prepareWrite} first.
     *
     * @param handle a handle from {@link #find}.
     */
    void remove(final long handle)
    {
        final int shardId = (int)(handle >>> 32);
        assert !memory.isShared(shardVersion[shardId]) : "prepareWrite not called";
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
     * Captures the shards as they are now, for a snapshot taken at the current version: until the snapshot is
     * released, none of them changes or is freed.
     *
     * @return the shards' addresses and capacities.
     */
    IndexView capture()
    {
        return new IndexView(
            Arrays.copyOf(shardAddress, shardCount), Arrays.copyOf(shardCapacity, shardCount), size);
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

    private void ensureWritable(final int shardId)
    {
        if (memory.isShared(shardVersion[shardId]))
        {
            final int length = ShardDescriptor.length(shardCapacity[shardId]);
            final long copy = memory.allocate(length);
            UnsafeApi.copyMemory(shardAddress[shardId], copy, length);
            memory.free(shardAddress[shardId], length, shardVersion[shardId]);
            shardAddress[shardId] = copy;
            shardVersion[shardId] = memory.version();
        }
    }

    private void growShard(final int shardId, final int newCapacity)
    {
        final long newShard = memory.allocate(ShardDescriptor.length(newCapacity));
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
        memory.free(oldShard, ShardDescriptor.length(oldCapacity), shardVersion[shardId]);
        shardAddress[shardId] = newShard;
        shardCapacity[shardId] = newCapacity;
        shardVersion[shardId] = memory.version();
    }

    private void splitShard(final int shardId)
    {
        final int capacity = shardCapacity[shardId];
        final int length = ShardDescriptor.length(capacity);
        final long low = memory.allocate(length);
        final long high;
        try
        {
            high = memory.allocate(length);
        }
        catch (final RuntimeException ex)
        {
            memory.free(low, length, memory.version());
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
        shardVersion[highId] = memory.version();
        memory.free(oldShard, length, shardVersion[shardId]);
        shardVersion[shardId] = memory.version();
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
            shardVersion = Arrays.copyOf(shardVersion, newLength);
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

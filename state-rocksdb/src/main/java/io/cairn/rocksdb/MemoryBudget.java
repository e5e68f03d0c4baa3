package io.cairn.rocksdb;

/**
 * How a backend's memory budget is split between RocksDB's block cache and its memtables.
 *
 * <pre>
 *  budget
 *  +-------------------------------------------------------------+------------+
 *  | block cache: 5/6 of the budget                              | headroom   |
 *  |  data blocks, index and filter blocks (high priority),      | 1/6        |
 *  |  and the memtables' reservation, charged by the             |            |
 *  |  WriteBufferManager (1/3 of the budget)                     |            |
 *  +-------------------------------------------------------------+------------+
 * </pre>
 *
 * <p>The memtables of all the backend's column families are counted by one WriteBufferManager of 1/3 of the
 * budget, which charges what they use to the block cache (cached blocks are evicted to make room). It starts a
 * flush when the mutable memtables reach 7/8 of its size, and memtables being flushed still count, so the
 * memtables can briefly hold up to about 1.5 times its size: the 1/6 of headroom is for that overshoot (half of
 * 1/3). Index and filter blocks live in the cache too, so the table readers hold almost nothing outside it.
 *
 * <p>What this bounds, honestly: the block cache and the memtables, within RocksDB's own approximate
 * accounting. It does not bound what RocksDB allocates outside them (a few MiB per instance of fixed overhead:
 * background thread stacks, the table cache's metadata, iterators' pinned blocks while they are open). RocksDB
 * never refuses a write for memory: when the memtables are full it flushes them to disk, which is what lets the
 * state grow past the budget. So unlike the off-heap backend, this backend never throws
 * {@link io.cairn.backend.MemoryBudgetExceededException}.
 */
final class MemoryBudget
{
    /** The largest memtable of one column family (RocksDB's default). */
    static final long MAX_WRITE_BUFFER_SIZE = 64L << 20;
    /** The smallest memtable of one column family. */
    static final long MIN_WRITE_BUFFER_SIZE = 64L << 10;
    /** The share of the block cache kept for index and filter blocks. */
    static final double HIGH_PRIORITY_POOL_RATIO = 0.1;

    private final long budgetBytes;
    private final long cacheCapacity;
    private final long writeBufferManagerCapacity;
    private final long writeBufferSize;

    /**
     * @param budgetBytes the backend's memory budget, {@code >= 64 KiB}.
     */
    MemoryBudget(final long budgetBytes)
    {
        if (budgetBytes < 64 << 10)
        {
            throw new IllegalArgumentException("memoryBudgetBytes=" + budgetBytes + "; expected >= 65536");
        }
        this.budgetBytes = budgetBytes;
        this.cacheCapacity = budgetBytes / 6 * 5;
        this.writeBufferManagerCapacity = budgetBytes / 3;
        this.writeBufferSize =
            Math.max(MIN_WRITE_BUFFER_SIZE, Math.min(MAX_WRITE_BUFFER_SIZE, writeBufferManagerCapacity / 2));
    }

    /** @return the whole budget in bytes. */
    long budgetBytes()
    {
        return budgetBytes;
    }

    /** @return the block cache's capacity in bytes. */
    long cacheCapacity()
    {
        return cacheCapacity;
    }

    /** @return the WriteBufferManager's size in bytes: the memtables of all column families together. */
    long writeBufferManagerCapacity()
    {
        return writeBufferManagerCapacity;
    }

    /** @return the memtable size of one column family in bytes. */
    long writeBufferSize()
    {
        return writeBufferSize;
    }

    /** @return the cache's shard bits: shards of one to a few MiB, at most 64 of them, one for a small cache. */
    int cacheShardBits()
    {
        final long mebibytes = cacheCapacity >>> 20;
        return mebibytes <= 1 ? 0 : Math.min(6, 63 - Long.numberOfLeadingZeros(mebibytes));
    }

    @Override
    public String toString()
    {
        return "MemoryBudget{budgetBytes=" + budgetBytes + ", cacheCapacity=" + cacheCapacity +
            ", writeBufferManagerCapacity=" + writeBufferManagerCapacity + ", writeBufferSize=" + writeBufferSize + "}";
    }
}

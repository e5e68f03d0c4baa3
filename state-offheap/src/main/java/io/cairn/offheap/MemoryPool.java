package io.cairn.offheap;

import io.cairn.backend.MemoryBudgetExceededException;
import org.agrona.UnsafeApi;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongArrayList;

/**
 * The off-heap memory of one backend: blocks carved from chunks it allocates and frees itself, within a hard
 * budget.
 *
 * <p>Blocks come in size classes ({@link SizeClasses}); a freed block goes to the free list of its class and is
 * reused by the next allocation of that class. Blocks larger than a quarter of a chunk are allocated on their
 * own. The budget counts every byte taken from the operating system: chunks and large blocks. An allocation the
 * budget cannot hold throws {@link MemoryBudgetExceededException} and changes nothing.
 *
 * <p>Free lists are intrusive: the first 8 bytes of a free block hold the address of the next free block of its
 * class, 0 ending the list. Not thread-safe: a pool belongs to its backend's thread.
 */
final class MemoryPool implements AutoCloseable
{
    /** Largest chunk size; smaller budgets get smaller chunks, so that at least 4 fit. */
    static final int MAX_CHUNK_BYTES = 1 << 20;

    private final long budgetBytes;
    private final int chunkBytes;
    private final int largeBlockThreshold;
    private final long[] freeListHeads = new long[SizeClasses.NUMBER_OF_CLASSES];
    private final LongArrayList chunks = new LongArrayList();
    private final Long2LongHashMap largeBlocks = new Long2LongHashMap(0);
    private long reservedBytes;
    private long allocatedBytes;
    private long chunkCursor;
    private long chunkLimit;
    private boolean closed;

    MemoryPool(final long budgetBytes)
    {
        this.budgetBytes = budgetBytes;
        this.chunkBytes = (int)Math.min(MAX_CHUNK_BYTES, Long.highestOneBit(budgetBytes / 4));
        this.largeBlockThreshold = Math.min(chunkBytes / 4, SizeClasses.MAX_CLASS_SIZE);
    }

    /**
     * @param length bytes wanted, {@code > 0}.
     * @return the address of a block of at least {@code length} bytes (its {@link #blockCapacity}); contents are
     * undefined.
     * @throws MemoryBudgetExceededException if the budget has no room; nothing changed.
     */
    long allocate(final int length)
    {
        assert !closed && length > 0;
        if (length > largeBlockThreshold)
        {
            return allocateLarge(length);
        }
        final int sizeClass = SizeClasses.sizeClass(length);
        final long head = freeListHeads[sizeClass];
        final int capacity = SizeClasses.classSize(sizeClass);
        if (head != 0)
        {
            freeListHeads[sizeClass] = UnsafeApi.getLong(head);
            allocatedBytes += capacity;
            return head;
        }
        return allocateFromChunkSlowPath(capacity);
    }

    /**
     * @param length the length asked of {@link #allocate}.
     * @return the usable bytes of the block {@link #allocate} returns for it.
     */
    int blockCapacity(final int length)
    {
        return length > largeBlockThreshold ? length : SizeClasses.classSize(SizeClasses.sizeClass(length));
    }

    /**
     * @param address  a block from {@link #allocate}.
     * @param capacity its {@link #blockCapacity}.
     */
    void free(final long address, final int capacity)
    {
        assert !closed && address != 0;
        if (capacity > largeBlockThreshold)
        {
            final long length = largeBlocks.remove(address);
            assert length == capacity : "large block " + address + " length " + length + " != " + capacity;
            UnsafeApi.freeMemory(address);
            reservedBytes -= length;
            allocatedBytes -= length;
            return;
        }
        final int sizeClass = SizeClasses.sizeClass(capacity);
        assert SizeClasses.classSize(sizeClass) == capacity : "capacity " + capacity + " is not a class size";
        UnsafeApi.putLong(address, freeListHeads[sizeClass]);
        freeListHeads[sizeClass] = address;
        allocatedBytes -= capacity;
    }

    /** @return bytes taken from the operating system: what the budget counts. */
    long reservedBytes()
    {
        return reservedBytes;
    }

    /** @return bytes in blocks handed out and not yet freed. */
    long allocatedBytes()
    {
        return allocatedBytes;
    }

    /** @return the budget in bytes. */
    long budgetBytes()
    {
        return budgetBytes;
    }

    /** Frees every chunk and large block. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (int i = 0, n = chunks.size(); i < n; i++)
        {
            UnsafeApi.freeMemory(chunks.getLong(i));
        }
        chunks.clear();
        final Long2LongHashMap.KeyIterator blocks = largeBlocks.keySet().iterator();
        while (blocks.hasNext())
        {
            UnsafeApi.freeMemory(blocks.nextValue());
        }
        largeBlocks.clear();
        java.util.Arrays.fill(freeListHeads, 0);
        reservedBytes = 0;
        allocatedBytes = 0;
        chunkCursor = 0;
        chunkLimit = 0;
    }

    private long allocateFromChunkSlowPath(final int capacity)
    {
        if (chunkCursor + capacity > chunkLimit)
        {
            reserve(chunkBytes);
            final long chunk = UnsafeApi.allocateMemory(chunkBytes);
            chunks.addLong(chunk);
            retireChunkRemainder();
            chunkCursor = chunk;
            chunkLimit = chunk + chunkBytes;
        }
        final long address = chunkCursor;
        chunkCursor += capacity;
        allocatedBytes += capacity;
        return address;
    }

    /** The tail of the current chunk is cut into blocks of the largest classes that fit and freed for reuse. */
    private void retireChunkRemainder()
    {
        long remaining = chunkLimit - chunkCursor;
        while (remaining >= SizeClasses.MIN_CLASS_SIZE)
        {
            final int capacity = SizeClasses.largestClassSizeAtMost((int)Math.min(remaining, largeBlockThreshold));
            final int sizeClass = SizeClasses.sizeClass(capacity);
            UnsafeApi.putLong(chunkCursor, freeListHeads[sizeClass]);
            freeListHeads[sizeClass] = chunkCursor;
            chunkCursor += capacity;
            remaining -= capacity;
        }
    }

    private long allocateLarge(final int length)
    {
        reserve(length);
        final long address = UnsafeApi.allocateMemory(length);
        largeBlocks.put(address, length);
        allocatedBytes += length;
        return address;
    }

    private void reserve(final long bytes)
    {
        if (reservedBytes + bytes > budgetBytes)
        {
            throw new MemoryBudgetExceededException(budgetBytes, reservedBytes, bytes);
        }
        reservedBytes += bytes;
    }
}

package io.cairn.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.backend.MemoryBudgetExceededException;
import org.agrona.UnsafeApi;
import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;

class MemoryPoolTest
{
    @Test
    void shouldReuseFreedBlocksOfTheSameClass()
    {
        try (MemoryPool pool = new MemoryPool(1 << 20))
        {
            final long first = pool.allocate(40);
            pool.free(first, pool.blockCapacity(40));
            assertEquals(first, pool.allocate(33), "a freed 48-byte block serves the next 48-byte request");
        }
    }

    @Test
    void shouldHandOutDisjointWritableBlocks()
    {
        try (MemoryPool pool = new MemoryPool(8 << 20))
        {
            final LongHashSet addresses = new LongHashSet();
            for (int i = 0; i < 10_000; i++)
            {
                final int length = 16 + (i % 700);
                final long address = pool.allocate(length);
                UnsafeApi.setMemory(address, pool.blockCapacity(length), (byte)i);
                assertTrue(addresses.add(address));
            }
            assertEquals(addresses.size(), 10_000);
        }
    }

    @Test
    void shouldRefuseAllocationsBeyondTheBudgetAndChangeNothing()
    {
        try (MemoryPool pool = new MemoryPool(1 << 20))
        {
            final MemoryBudgetExceededException ex = assertThrows(MemoryBudgetExceededException.class, () ->
            {
                for (int i = 0; i < 1_000_000; i++)
                {
                    pool.allocate(1024);
                }
            });
            assertTrue(pool.reservedBytes() <= 1 << 20);
            assertEquals(1 << 20, ex.getBudgetBytes());
            assertTrue(ex.getMessage().contains("memoryBudgetBytes=1048576"), ex.getMessage());
            final long before = pool.allocatedBytes();
            assertThrows(MemoryBudgetExceededException.class, () -> pool.allocate(1024));
            assertEquals(before, pool.allocatedBytes());
        }
    }

    @Test
    void shouldAllocateAndReleaseLargeBlocksOnTheirOwn()
    {
        try (MemoryPool pool = new MemoryPool(64 << 20))
        {
            final long large = pool.allocate(5 << 20);
            assertEquals(5 << 20, pool.blockCapacity(5 << 20));
            assertEquals(5 << 20, pool.reservedBytes());
            pool.free(large, 5 << 20);
            assertEquals(0, pool.reservedBytes());
        }
    }

    @Test
    void shouldBeClosableTwice()
    {
        final MemoryPool pool = new MemoryPool(1 << 20);
        pool.allocate(100);
        pool.close();
        pool.close();
        assertEquals(0, pool.reservedBytes());
    }
}

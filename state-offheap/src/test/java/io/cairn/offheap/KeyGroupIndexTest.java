package io.cairn.offheap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import io.cairn.backend.MemoryBudgetExceededException;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class KeyGroupIndexTest
{
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);

    @Test
    void shouldFindEveryInsertedKeyAcrossShardSplits()
    {
        try (MemoryPool pool = new MemoryPool(256 << 20))
        {
            final KeyGroupIndex index = new KeyGroupIndex(new VersionedMemory(pool));
            final int n = 200_000;
            for (long k = 0; k < n; k++)
            {
                insert(pool, index, k);
            }
            assertEquals(n, index.size());
            assertTrue(index.shardCount() > 100, "shards=" + index.shardCount());
            for (long k = 0; k < n; k++)
            {
                assertEquals(k, UnsafeApi.getLong(recordOf(index, k) + RecordDescriptor.KEY_OFFSET), "key " + k);
            }
            assertEquals(KeyGroupIndex.NOT_FOUND, find(index, n + 1));
        }
    }

    @Test
    void shouldMatchAHashMapUnderRandomInsertsAndRemoves()
    {
        try (MemoryPool pool = new MemoryPool(64 << 20))
        {
            final KeyGroupIndex index = new KeyGroupIndex(new VersionedMemory(pool));
            final Map<Long, Long> model = new HashMap<>();
            final Random random = new Random(42);
            for (int i = 0; i < 300_000; i++)
            {
                final long k = random.nextInt(20_000);
                final long handle = find(index, k);
                if (random.nextBoolean())
                {
                    if (handle == KeyGroupIndex.NOT_FOUND)
                    {
                        model.put(k, insert(pool, index, k));
                    }
                }
                else if (handle != KeyGroupIndex.NOT_FOUND)
                {
                    final long record = index.record(handle);
                    index.remove(handle);
                    pool.free(record, RecordDescriptor.capacity(record));
                    assertEquals(record, model.remove(k));
                }
                assertEquals(model.size(), index.size());
            }
            for (long k = 0; k < 20_000; k++)
            {
                final long handle = find(index, k);
                if (model.containsKey(k))
                {
                    assertNotEquals(KeyGroupIndex.NOT_FOUND, handle, "key " + k);
                    assertEquals(model.get(k), index.record(handle));
                }
                else
                {
                    assertEquals(KeyGroupIndex.NOT_FOUND, handle, "key " + k);
                }
            }
        }
    }

    @Test
    void shouldLeaveTheIndexUsableWhenAGrowthIsRefused()
    {
        try (MemoryPool pool = new MemoryPool(64 << 10))
        {
            final KeyGroupIndex index = new KeyGroupIndex(new VersionedMemory(pool));
            long k = 0;
            try
            {
                while (true)
                {
                    insert(pool, index, k);
                    k++;
                }
            }
            catch (final MemoryBudgetExceededException expected)
            {
                // the budget is full
            }
            final long inserted = k;
            assertEquals(inserted, index.size());
            for (long i = 0; i < inserted; i++)
            {
                assertNotEquals(KeyGroupIndex.NOT_FOUND, find(index, i));
            }
            assertThrows(MemoryBudgetExceededException.class, () ->
            {
                for (long i = inserted; i < inserted + 10_000; i++)
                {
                    insert(pool, index, i);
                }
            });
        }
    }

    private long find(final KeyGroupIndex index, final long k)
    {
        key.putLong(0, k);
        return index.find(KeyHashing.hash(key, Long.BYTES), key, Long.BYTES);
    }

    private long recordOf(final KeyGroupIndex index, final long k)
    {
        final long handle = find(index, k);
        assertNotEquals(KeyGroupIndex.NOT_FOUND, handle, "key " + k);
        return index.record(handle);
    }

    private long insert(final MemoryPool pool, final KeyGroupIndex index, final long k)
    {
        key.putLong(0, k);
        final long hash = KeyHashing.hash(key, Long.BYTES);
        index.ensureCapacityForInsert(hash);
        final int length = RecordDescriptor.recordLength(Long.BYTES, 0);
        final long record = pool.allocate(length);
        RecordDescriptor.writeHeader(record, pool.blockCapacity(length), 0, Long.BYTES, 0);
        UnsafeApi.putLong(record + RecordDescriptor.KEY_OFFSET, k);
        index.insert(hash, record);
        return record;
    }
}

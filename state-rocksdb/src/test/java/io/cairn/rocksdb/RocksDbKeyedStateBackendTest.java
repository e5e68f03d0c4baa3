package io.cairn.rocksdb;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendContractTest;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyed-backend contract, run against the RocksDB backend. One test of the contract states the off-heap
 * backend's memory guarantee (a write beyond the budget is refused); RocksDB's is another (the budget bounds the
 * cache and memtables, and state beyond it goes to disk), tested by
 * {@link #shouldKeepMemoryWithinBudgetAndSpillStateBeyondItToDiskWithoutRefusingWrites()} instead.
 */
class RocksDbKeyedStateBackendTest extends KeyedStateBackendContractTest
{
    /** RocksDB counts its memory approximately (cache charges in whole entries, flushes run in the background). */
    private static final double ACCOUNTING_SLACK = 1.25;

    @Override
    protected <K> KeyedStateBackend<K> createBackend(final KeyedStateBackendParameters<K> parameters)
    {
        return TestDirectories.backend().createKeyedStateBackend(parameters);
    }

    @Test
    @Override
    @Disabled("the RocksDB backend never refuses a write for memory: state beyond the budget goes to disk; see " +
        "shouldKeepMemoryWithinBudgetAndSpillStateBeyondItToDiskWithoutRefusingWrites")
    public void shouldRefuseWriteBeyondMemoryBudgetAndAcceptWritesAfterClear()
    {
    }

    @Test
    public void shouldKeepMemoryWithinBudgetAndSpillStateBeyondItToDiskWithoutRefusingWrites()
    {
        final long budget = 1 << 20;
        final int keys = 16 * 1024;
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .memoryBudgetBytes(budget)
            .build());
        final ValueState<byte[]> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, new ValueStateDescriptor<>("bytes", ByteArrayCodec.INSTANCE));

        long maxUsage = 0;
        for (long key = 0; key < keys; key++)
        {
            backend.setCurrentKey(key);
            state.update(valueOfKey(key));
            maxUsage = Math.max(maxUsage, backend.getApproximateMemoryUsage());
        }
        for (long key = 0; key < keys / 2; key++)
        {
            backend.setCurrentKey(key);
            state.clear();
        }
        for (long key = 0; key < keys; key++)
        {
            backend.setCurrentKey(key);
            if (key < keys / 2)
            {
                assertNull(state.value(), "key=" + key);
            }
            else
            {
                assertArrayEquals(valueOfKey(key), state.value(), "key=" + key);
            }
            maxUsage = Math.max(maxUsage, backend.getApproximateMemoryUsage());
        }

        assertTrue(maxUsage > 0, "usage=" + maxUsage);
        assertTrue(maxUsage <= budget * ACCOUNTING_SLACK, "usage=" + maxUsage + " with a budget of " + budget +
            " and " + keys + " KiB of values");
    }

    private static byte[] valueOfKey(final long key)
    {
        final byte[] bytes = new byte[1024];
        java.util.Arrays.fill(bytes, (byte)key);
        bytes[0] = (byte)(key >>> 8);
        return bytes;
    }
}

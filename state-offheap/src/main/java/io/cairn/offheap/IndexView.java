package io.cairn.offheap;

/**
 * The shards of one key group's index as a snapshot captured them: immutable until the snapshot is released
 * ({@link VersionedMemory}), so a writer thread can scan them while the backend goes on writing.
 */
final class IndexView
{
    private final long[] shardAddresses;
    private final int[] shardCapacities;
    private final int size;

    IndexView(final long[] shardAddresses, final int[] shardCapacities, final int size)
    {
        this.shardAddresses = shardAddresses;
        this.shardCapacities = shardCapacities;
        this.size = size;
    }

    /** @return the number of records the index held. */
    int size()
    {
        return size;
    }

    /**
     * Calls {@code visitor} with every record the index held when captured.
     */
    <E extends Exception> void forEachRecord(final ThrowingRecordVisitor<E> visitor) throws E
    {
        for (int shardId = 0; shardId < shardAddresses.length; shardId++)
        {
            final long shard = shardAddresses[shardId];
            for (int slot = 0, capacity = shardCapacities[shardId]; slot < capacity; slot++)
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
     * Receives record addresses and may fail.
     *
     * @param <E> what it may throw.
     */
    @FunctionalInterface
    interface ThrowingRecordVisitor<E extends Exception>
    {
        /**
         * @param record a record's address.
         * @throws E if the visit fails.
         */
        void visit(long record) throws E;
    }
}

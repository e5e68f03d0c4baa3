package io.cairn.state;

/**
 * A {@link MapState} from {@code long} to {@code long} with primitive accessors, which allocate nothing. Created
 * from a {@link LongLongMapStateDescriptor}; it stores exactly what a {@code MapStateDescriptor<Long, Long>} with
 * {@link io.cairn.codec.LongCodec} keys and values stores.
 */
public interface LongLongMapState extends MapState<Long, Long>
{
    /**
     * @param key          a map key.
     * @param missingValue what to return when the map has no such key.
     * @return its value, or {@code missingValue}.
     */
    long getLong(long key, long missingValue);

    /**
     * @param key   a map key.
     * @param value its new value.
     * @throws io.cairn.backend.MemoryBudgetExceededException if the backend's memory budget has no room for it.
     */
    void putLong(long key, long value);

    /**
     * @param key a map key.
     * @return true if the map has it.
     */
    boolean containsLong(long key);

    /**
     * @param key a map key to remove.
     */
    void removeLong(long key);
}

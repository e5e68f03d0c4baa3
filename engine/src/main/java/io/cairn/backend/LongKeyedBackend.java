package io.cairn.backend;

/**
 * The allocation-free way to set a {@code long} key, offered by backends whose key codec is
 * {@link io.cairn.codec.LongCodec}: {@code setCurrentKey(Long)} takes a box, and whether the JIT removes it depends
 * on inlining decisions a caller cannot control. Together with {@link io.cairn.state.LongValueState} and
 * {@link io.cairn.state.LongLongMapState} it makes a hot path that allocates nothing.
 */
public interface LongKeyedBackend
{
    /**
     * Makes {@code key} the current key, exactly as {@code setCurrentKey(Long.valueOf(key))} would.
     *
     * @param key the key.
     * @throws IllegalArgumentException if its key group is not in the backend's range.
     * @throws IllegalStateException    if the backend's keys are not {@link io.cairn.codec.LongCodec} keys, or it
     *                                  is closed.
     */
    void setCurrentKey(long key);
}

package io.cairn.backend;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;

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

    /**
     * The checks of {@link #setCurrentKey} that every implementation makes before it changes anything.
     *
     * @param key               the key.
     * @param longKeys          {@link LongCodec#isLongCodec} of the backend's key codec, computed once.
     * @param keyCodec          the backend's key codec, for the message.
     * @param numberOfKeyGroups the backend's number of key groups (max parallelism).
     * @param keyGroupRange     the key groups the backend owns.
     * @return the key's key group, the same as for {@code Long.valueOf(key)}.
     * @throws IllegalStateException    if the codec is not {@link LongCodec}.
     * @throws IllegalArgumentException if the key group is not in the range.
     */
    static int checkedKeyGroup(
        final long key,
        final boolean longKeys,
        final Codec<?> keyCodec,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange)
    {
        if (!longKeys)
        {
            throw new IllegalStateException("keyCodec=" + keyCodec.codecId() + "; setCurrentKey(long) needs " +
                LongCodec.INSTANCE.codecId() + " keys");
        }
        final int keyGroup = KeyGroupRangeAssignment.computeKeyGroupForKeyHash(Long.hashCode(key), numberOfKeyGroups);
        if (!keyGroupRange.contains(keyGroup))
        {
            throw new IllegalArgumentException("key=" + key + " is in keyGroup=" + keyGroup +
                ", outside this backend's " + keyGroupRange + " (numberOfKeyGroups=" + numberOfKeyGroups + ")");
        }
        return keyGroup;
    }
}

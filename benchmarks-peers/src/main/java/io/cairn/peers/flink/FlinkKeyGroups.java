package io.cairn.peers.flink;

import io.cairn.keygroup.KeyGroupRange;

/**
 * Key-group ranges between Cairn and Flink: both mean the same inclusive range of key groups, computed with the
 * same formulas, so a range converts field by field.
 */
final class FlinkKeyGroups
{
    private FlinkKeyGroups()
    {
    }

    /**
     * @param range Cairn's range.
     * @return Flink's range of the same key groups.
     */
    static org.apache.flink.runtime.state.KeyGroupRange toFlink(final KeyGroupRange range)
    {
        return range.isEmpty() ? org.apache.flink.runtime.state.KeyGroupRange.EMPTY_KEY_GROUP_RANGE :
            org.apache.flink.runtime.state.KeyGroupRange.of(range.getStartKeyGroup(), range.getEndKeyGroup());
    }

    /**
     * @param range Flink's range.
     * @return Cairn's range of the same key groups.
     */
    static KeyGroupRange toCairn(final org.apache.flink.runtime.state.KeyGroupRange range)
    {
        return range.getNumberOfKeyGroups() == 0 ? KeyGroupRange.EMPTY :
            KeyGroupRange.of(range.getStartKeyGroup(), range.getEndKeyGroup());
    }
}

package io.cairn.snapshot;

import io.cairn.keygroup.KeyGroupRange;

/** A handle to keyed state: state of the key groups of one range. */
public interface KeyedStateHandle extends StateHandle
{
    /** @return the key groups whose state the handle holds. */
    KeyGroupRange getKeyGroupRange();

    /**
     * @param keyGroupRange the key groups a reader owns.
     * @return a handle to the state of the key groups in both ranges (reading it reads only those), or null if
     * the ranges do not intersect.
     */
    KeyedStateHandle getIntersection(KeyGroupRange keyGroupRange);
}

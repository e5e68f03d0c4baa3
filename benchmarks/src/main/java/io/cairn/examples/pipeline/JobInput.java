package io.cairn.examples.pipeline;

import io.cairn.keygroup.KeyGroupRangeAssignment;

/**
 * What every subtask of the main job reads, shared and never changed: the stream, the key group of every key
 * (computed once, as the backend would from {@code Long.hashCode}), every key boxed once (so that setting the
 * current key allocates nothing), and the test hook.
 */
final class JobInput
{
    private final SkewedKeyStream stream;
    private final int maxParallelism;
    private final int[] keyGroups;
    private final Long[] boxedKeys;
    private final Fault fault;

    /**
     * @param stream         the events.
     * @param maxParallelism the job's number of key groups.
     * @param fault          a deliberate bug for tests, or {@link Fault#NONE}.
     */
    JobInput(final SkewedKeyStream stream, final int maxParallelism, final Fault fault)
    {
        KeyGroupRangeAssignment.checkMaxParallelism(maxParallelism);
        this.stream = stream;
        this.maxParallelism = maxParallelism;
        this.fault = fault;
        this.keyGroups = new int[stream.keys()];
        this.boxedKeys = new Long[stream.keys()];
        for (int key = 0; key < stream.keys(); key++)
        {
            boxedKeys[key] = (long)key;
            keyGroups[key] = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), maxParallelism);
        }
    }

    /** @return the events. */
    SkewedKeyStream stream()
    {
        return stream;
    }

    /** @return the job's number of key groups. */
    int maxParallelism()
    {
        return maxParallelism;
    }

    /** @return the key group of every key, indexed by key; do not change it. */
    int[] keyGroups()
    {
        return keyGroups;
    }

    /** @return every key boxed, indexed by key; do not change it. */
    Long[] boxedKeys()
    {
        return boxedKeys;
    }

    /** @return the test hook. */
    Fault fault()
    {
        return fault;
    }
}

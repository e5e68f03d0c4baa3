package io.cairn.checkpoint;

/**
 * The figures of one completed checkpoint: when, how long, how big, and the slowest subtask's synchronous and
 * asynchronous parts. Immutable.
 */
public final class CompletedCheckpointStats
{
    private final long checkpointId;
    private final long triggerTimestamp;
    private final long endToEndDurationMillis;
    private final long stateSize;
    private final long maxSyncDurationNanos;
    private final long maxAsyncDurationNanos;
    private final int numberOfSubtasks;

    /**
     * @param checkpointId           the checkpoint.
     * @param triggerTimestamp       when it was triggered (epoch ms).
     * @param endToEndDurationMillis from trigger to completion.
     * @param stateSize              bytes of state referenced.
     * @param maxSyncDurationNanos   the longest synchronous part of a subtask.
     * @param maxAsyncDurationNanos  the longest asynchronous part of a subtask.
     * @param numberOfSubtasks       how many subtasks acknowledged.
     */
    public CompletedCheckpointStats(
        final long checkpointId,
        final long triggerTimestamp,
        final long endToEndDurationMillis,
        final long stateSize,
        final long maxSyncDurationNanos,
        final long maxAsyncDurationNanos,
        final int numberOfSubtasks)
    {
        this.checkpointId = checkpointId;
        this.triggerTimestamp = triggerTimestamp;
        this.endToEndDurationMillis = endToEndDurationMillis;
        this.stateSize = stateSize;
        this.maxSyncDurationNanos = maxSyncDurationNanos;
        this.maxAsyncDurationNanos = maxAsyncDurationNanos;
        this.numberOfSubtasks = numberOfSubtasks;
    }

    /** @return the checkpoint. */
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return when it was triggered (epoch ms). */
    public long getTriggerTimestamp()
    {
        return triggerTimestamp;
    }

    /** @return from trigger to completion, in ms. */
    public long getEndToEndDurationMillis()
    {
        return endToEndDurationMillis;
    }

    /** @return bytes of state referenced. */
    public long getStateSize()
    {
        return stateSize;
    }

    /** @return the longest synchronous part of a subtask, in ns. */
    public long getMaxSyncDurationNanos()
    {
        return maxSyncDurationNanos;
    }

    /** @return the longest asynchronous part of a subtask, in ns. */
    public long getMaxAsyncDurationNanos()
    {
        return maxAsyncDurationNanos;
    }

    /** @return how many subtasks acknowledged. */
    public int getNumberOfSubtasks()
    {
        return numberOfSubtasks;
    }

    @Override
    public String toString()
    {
        return "checkpoint " + checkpointId + ": " + stateSize + " bytes, " + endToEndDurationMillis +
            " ms end to end, sync max " + maxSyncDurationNanos / 1000 + " us, async max " +
            maxAsyncDurationNanos / 1000 + " us, " + numberOfSubtasks + " subtasks";
    }
}

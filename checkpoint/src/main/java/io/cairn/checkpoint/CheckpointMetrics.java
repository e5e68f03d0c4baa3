package io.cairn.checkpoint;

/** What a subtask measured of its part of a checkpoint. Immutable. */
public final class CheckpointMetrics
{
    private static final CheckpointMetrics NONE = new CheckpointMetrics(0, 0, 0);

    private final long syncDurationNanos;
    private final long asyncDurationNanos;
    private final long bytes;

    /**
     * @param syncDurationNanos  the synchronous part (capturing the view), on the subtask's thread.
     * @param asyncDurationNanos the asynchronous part (writing it).
     * @param bytes              the bytes written.
     */
    public CheckpointMetrics(final long syncDurationNanos, final long asyncDurationNanos, final long bytes)
    {
        this.syncDurationNanos = syncDurationNanos;
        this.asyncDurationNanos = asyncDurationNanos;
        this.bytes = bytes;
    }

    /** @return metrics of nothing measured. */
    public static CheckpointMetrics none()
    {
        return NONE;
    }

    /** @return the synchronous part, in ns. */
    public long getSyncDurationNanos()
    {
        return syncDurationNanos;
    }

    /** @return the asynchronous part, in ns. */
    public long getAsyncDurationNanos()
    {
        return asyncDurationNanos;
    }

    /** @return the bytes written. */
    public long getBytes()
    {
        return bytes;
    }

    @Override
    public String toString()
    {
        return "CheckpointMetrics{sync=" + syncDurationNanos + "ns, async=" + asyncDurationNanos + "ns, bytes=" +
            bytes + "}";
    }
}

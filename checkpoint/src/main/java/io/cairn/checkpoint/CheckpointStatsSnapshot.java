package io.cairn.checkpoint;

import java.util.List;

import org.HdrHistogram.Histogram;

/**
 * The checkpoint statistics of a coordinator at one moment: counts, distributions across completed checkpoints
 * (end-to-end duration, slowest synchronous and asynchronous part, size), and the most recent checkpoints.
 * Immutable; {@link #toString()} prints a short report.
 */
public final class CheckpointStatsSnapshot
{
    private final long triggered;
    private final long completed;
    private final long failed;
    private final int inProgress;
    private final Distribution endToEndMillis;
    private final Distribution syncMicros;
    private final Distribution asyncMicros;
    private final Distribution stateBytes;
    private final List<CompletedCheckpointStats> recent;

    CheckpointStatsSnapshot(
        final long triggered,
        final long completed,
        final long failed,
        final int inProgress,
        final Distribution endToEndMillis,
        final Distribution syncMicros,
        final Distribution asyncMicros,
        final Distribution stateBytes,
        final List<CompletedCheckpointStats> recent)
    {
        this.triggered = triggered;
        this.completed = completed;
        this.failed = failed;
        this.inProgress = inProgress;
        this.endToEndMillis = endToEndMillis;
        this.syncMicros = syncMicros;
        this.asyncMicros = asyncMicros;
        this.stateBytes = stateBytes;
        this.recent = List.copyOf(recent);
    }

    /** @return checkpoints and savepoints triggered. */
    public long getTriggered()
    {
        return triggered;
    }

    /** @return completed. */
    public long getCompleted()
    {
        return completed;
    }

    /** @return failed (declined, expired, subsumed, failed to trigger or finalize). */
    public long getFailed()
    {
        return failed;
    }

    /** @return pending at the moment of the snapshot. */
    public int getInProgress()
    {
        return inProgress;
    }

    /** @return end-to-end durations in ms. */
    public Distribution getEndToEndMillis()
    {
        return endToEndMillis;
    }

    /** @return the slowest subtask's synchronous part, in µs. */
    public Distribution getSyncMicros()
    {
        return syncMicros;
    }

    /** @return the slowest subtask's asynchronous part, in µs. */
    public Distribution getAsyncMicros()
    {
        return asyncMicros;
    }

    /** @return checkpoint sizes in bytes. */
    public Distribution getStateBytes()
    {
        return stateBytes;
    }

    /** @return the most recent completed checkpoints, oldest first (at most 10). */
    public List<CompletedCheckpointStats> getRecent()
    {
        return recent;
    }

    @Override
    public String toString()
    {
        return "checkpoints: " + triggered + " triggered, " + completed + " completed, " + failed + " failed, " +
            inProgress + " in progress\n" +
            "  end-to-end ms: " + endToEndMillis + "\n" +
            "  sync part us:  " + syncMicros + "\n" +
            "  async part us: " + asyncMicros + "\n" +
            "  size bytes:    " + stateBytes;
    }

    /** Percentiles of one distribution. Immutable. */
    public static final class Distribution
    {
        private final long count;
        private final long p50;
        private final long p99;
        private final long p999;
        private final long max;

        Distribution(final long count, final long p50, final long p99, final long p999, final long max)
        {
            this.count = count;
            this.p50 = p50;
            this.p99 = p99;
            this.p999 = p999;
            this.max = max;
        }

        static Distribution of(final Histogram histogram)
        {
            return new Distribution(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
        }

        /** @return how many values. */
        public long getCount()
        {
            return count;
        }

        /** @return the median. */
        public long getP50()
        {
            return p50;
        }

        /** @return the 99th percentile. */
        public long getP99()
        {
            return p99;
        }

        /** @return the 99.9th percentile. */
        public long getP999()
        {
            return p999;
        }

        /** @return the largest. */
        public long getMax()
        {
            return max;
        }

        @Override
        public String toString()
        {
            return count == 0 ? "none" :
                "p50=" + p50 + " p99=" + p99 + " p99.9=" + p999 + " max=" + max + " (n=" + count + ")";
        }
    }
}

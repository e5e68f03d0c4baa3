package io.cairn.checkpoint;

import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointRetentionPolicy;

/** How a {@link CheckpointCoordinator} checkpoints: validated, immutable, built with {@link #builder()}. */
public final class CheckpointCoordinatorConfiguration
{
    /** The interval that means: no periodic checkpoints. */
    public static final long DISABLED_CHECKPOINT_INTERVAL = Long.MAX_VALUE;

    private final long checkpointInterval;
    private final long checkpointTimeout;
    private final int maxConcurrentCheckpoints;
    private final long minPauseBetweenCheckpoints;
    private final int tolerableCheckpointFailureNumber;
    private final int numberOfRetainedCheckpoints;
    private final boolean preferCheckpointForRecovery;
    private final CheckpointRetentionPolicy retentionPolicy;
    private final int maxParallelism;

    private CheckpointCoordinatorConfiguration(final Builder builder)
    {
        this.checkpointInterval = builder.checkpointInterval;
        this.checkpointTimeout = builder.checkpointTimeout;
        this.maxConcurrentCheckpoints = builder.maxConcurrentCheckpoints;
        this.minPauseBetweenCheckpoints = builder.minPauseBetweenCheckpoints;
        this.tolerableCheckpointFailureNumber = builder.tolerableCheckpointFailureNumber;
        this.numberOfRetainedCheckpoints = builder.numberOfRetainedCheckpoints;
        this.preferCheckpointForRecovery = builder.preferCheckpointForRecovery;
        this.retentionPolicy = builder.retentionPolicy;
        this.maxParallelism = builder.maxParallelism;
    }

    /** @return a builder with the defaults: no periodic checkpoints, 10 min timeout, 1 concurrent, no pause. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return ms between periodic checkpoints, or {@link #DISABLED_CHECKPOINT_INTERVAL}. */
    public long getCheckpointInterval()
    {
        return checkpointInterval;
    }

    /** @return ms after which a checkpoint not acknowledged by every subtask expires. */
    public long getCheckpointTimeout()
    {
        return checkpointTimeout;
    }

    /** @return how many checkpoints may be pending at once (savepoints may exceed it). */
    public int getMaxConcurrentCheckpoints()
    {
        return maxConcurrentCheckpoints;
    }

    /** @return ms that must pass after a checkpoint completes before the next periodic one is triggered. */
    public long getMinPauseBetweenCheckpoints()
    {
        return minPauseBetweenCheckpoints;
    }

    /** @return consecutive failed checkpoints tolerated before the failure listener hears of it. */
    public int getTolerableCheckpointFailureNumber()
    {
        return tolerableCheckpointFailureNumber;
    }

    /** @return completed checkpoints kept. */
    public int getNumberOfRetainedCheckpoints()
    {
        return numberOfRetainedCheckpoints;
    }

    /** @return whether restore prefers the latest checkpoint over a newer savepoint (kept for Flink parity). */
    public boolean isPreferCheckpointForRecovery()
    {
        return preferCheckpointForRecovery;
    }

    /** @return what happens to checkpoints when the job terminates. */
    public CheckpointRetentionPolicy getRetentionPolicy()
    {
        return retentionPolicy;
    }

    /** @return the job's max parallelism: its number of key groups. */
    public int getMaxParallelism()
    {
        return maxParallelism;
    }

    /** @return true if checkpoints are triggered periodically. */
    public boolean isPeriodicCheckpointingConfigured()
    {
        return checkpointInterval != DISABLED_CHECKPOINT_INTERVAL;
    }

    @Override
    public String toString()
    {
        return "CheckpointCoordinatorConfiguration{interval=" + checkpointInterval + ", timeout=" + checkpointTimeout +
            ", maxConcurrent=" + maxConcurrentCheckpoints + ", minPause=" + minPauseBetweenCheckpoints +
            ", tolerableFailures=" + tolerableCheckpointFailureNumber + ", retained=" + numberOfRetainedCheckpoints +
            ", retention=" + retentionPolicy + ", maxParallelism=" + maxParallelism + "}";
    }

    /** Builds a {@link CheckpointCoordinatorConfiguration}; each setter validates its value. */
    public static final class Builder
    {
        private long checkpointInterval = DISABLED_CHECKPOINT_INTERVAL;
        private long checkpointTimeout = 600_000L;
        private int maxConcurrentCheckpoints = 1;
        private long minPauseBetweenCheckpoints;
        private int tolerableCheckpointFailureNumber;
        private int numberOfRetainedCheckpoints = 1;
        private boolean preferCheckpointForRecovery;
        private CheckpointRetentionPolicy retentionPolicy = CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION;
        private int maxParallelism = KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM;

        private Builder()
        {
        }

        /**
         * @param millis ms between periodic checkpoints, {@code >= 10}, or {@link #DISABLED_CHECKPOINT_INTERVAL}.
         * @return this.
         */
        public Builder setCheckpointInterval(final long millis)
        {
            if (millis < 10)
            {
                throw new IllegalArgumentException("checkpointInterval=" + millis + "; expected >= 10 ms");
            }
            this.checkpointInterval = millis;
            return this;
        }

        /**
         * @param millis ms after which a pending checkpoint expires, {@code >= 1}.
         * @return this.
         */
        public Builder setCheckpointTimeout(final long millis)
        {
            if (millis < 1)
            {
                throw new IllegalArgumentException("checkpointTimeout=" + millis + "; expected >= 1 ms");
            }
            this.checkpointTimeout = millis;
            return this;
        }

        /**
         * @param count checkpoints pending at once, {@code >= 1}.
         * @return this.
         */
        public Builder setMaxConcurrentCheckpoints(final int count)
        {
            if (count < 1)
            {
                throw new IllegalArgumentException("maxConcurrentCheckpoints=" + count + "; expected >= 1");
            }
            this.maxConcurrentCheckpoints = count;
            return this;
        }

        /**
         * @param millis ms between a completion and the next periodic trigger, {@code >= 0}.
         * @return this.
         */
        public Builder setMinPauseBetweenCheckpoints(final long millis)
        {
            if (millis < 0)
            {
                throw new IllegalArgumentException("minPauseBetweenCheckpoints=" + millis + "; expected >= 0 ms");
            }
            this.minPauseBetweenCheckpoints = millis;
            return this;
        }

        /**
         * @param count consecutive failures tolerated, {@code >= 0}.
         * @return this.
         */
        public Builder setTolerableCheckpointFailureNumber(final int count)
        {
            if (count < 0)
            {
                throw new IllegalArgumentException("tolerableCheckpointFailureNumber=" + count + "; expected >= 0");
            }
            this.tolerableCheckpointFailureNumber = count;
            return this;
        }

        /**
         * @param count completed checkpoints kept, {@code >= 1}.
         * @return this.
         */
        public Builder setNumberOfRetainedCheckpoints(final int count)
        {
            if (count < 1)
            {
                throw new IllegalArgumentException("numberOfRetainedCheckpoints=" + count + "; expected >= 1");
            }
            this.numberOfRetainedCheckpoints = count;
            return this;
        }

        /**
         * @param prefer whether restore prefers checkpoints over savepoints.
         * @return this.
         */
        public Builder setPreferCheckpointForRecovery(final boolean prefer)
        {
            this.preferCheckpointForRecovery = prefer;
            return this;
        }

        /**
         * @param policy what happens to checkpoints when the job terminates.
         * @return this.
         */
        public Builder setRetentionPolicy(final CheckpointRetentionPolicy policy)
        {
            if (policy == null)
            {
                throw new IllegalArgumentException("retentionPolicy=null; expected a CheckpointRetentionPolicy");
            }
            this.retentionPolicy = policy;
            return this;
        }

        /**
         * @param maxParallelism the job's number of key groups, {@code 1..32768}.
         * @return this.
         */
        public Builder setMaxParallelism(final int maxParallelism)
        {
            KeyGroupRangeAssignment.checkMaxParallelism(maxParallelism);
            this.maxParallelism = maxParallelism;
            return this;
        }

        /** @return the configuration (every value was checked when it was set). */
        public CheckpointCoordinatorConfiguration build()
        {
            return new CheckpointCoordinatorConfiguration(this);
        }
    }
}

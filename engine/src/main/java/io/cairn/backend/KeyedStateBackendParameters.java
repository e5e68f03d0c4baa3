package io.cairn.backend;

import io.cairn.codec.Codec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;

/**
 * What a {@link StateBackend} needs to create the keyed backend of one subtask; built and validated by
 * {@link #builder(Codec)}.
 *
 * @param <K> the key type.
 */
public final class KeyedStateBackendParameters<K>
{
    /** The default memory budget: 256 MiB. */
    public static final long DEFAULT_MEMORY_BUDGET_BYTES = 256L << 20;

    /** The default largest encoded key (plus namespace and map key): 64 KiB. */
    public static final int DEFAULT_MAX_KEY_LENGTH = 64 << 10;

    /** The default largest encoded value (or list element, or map value): 16 MiB. */
    public static final int DEFAULT_MAX_VALUE_LENGTH = 16 << 20;

    private final Codec<K> keyCodec;
    private final KeyGroupRange keyGroupRange;
    private final int numberOfKeyGroups;
    private final long memoryBudgetBytes;
    private final int maxKeyLength;
    private final int maxValueLength;

    private KeyedStateBackendParameters(final Builder<K> builder)
    {
        this.keyCodec = builder.keyCodec;
        this.keyGroupRange = builder.effectiveKeyGroupRange;
        this.numberOfKeyGroups = builder.numberOfKeyGroups;
        this.memoryBudgetBytes = builder.memoryBudgetBytes;
        this.maxKeyLength = builder.maxKeyLength;
        this.maxValueLength = builder.maxValueLength;
    }

    /**
     * @param keyCodec how keys are encoded.
     * @param <K>      the key type.
     * @return a builder whose other settings default to: max parallelism 128, all its key groups, a 256 MiB
     * budget, 64 KiB keys, 16 MiB values.
     */
    public static <K> Builder<K> builder(final Codec<K> keyCodec)
    {
        return new Builder<>(keyCodec);
    }

    /** @return how keys are encoded. */
    public Codec<K> getKeyCodec()
    {
        return keyCodec;
    }

    /** @return the key groups the backend owns. */
    public KeyGroupRange getKeyGroupRange()
    {
        return keyGroupRange;
    }

    /** @return the job's max parallelism: the total number of key groups. */
    public int getNumberOfKeyGroups()
    {
        return numberOfKeyGroups;
    }

    /** @return the most memory the backend may hold, in bytes. */
    public long getMemoryBudgetBytes()
    {
        return memoryBudgetBytes;
    }

    /** @return the largest encoded key, namespace and map key together, in bytes. */
    public int getMaxKeyLength()
    {
        return maxKeyLength;
    }

    /** @return the largest encoded value, list element or map value, in bytes. */
    public int getMaxValueLength()
    {
        return maxValueLength;
    }

    @Override
    public String toString()
    {
        return "KeyedStateBackendParameters{keyCodec=" + keyCodec.codecId() + ", keyGroupRange=" + keyGroupRange +
            ", numberOfKeyGroups=" + numberOfKeyGroups + ", memoryBudgetBytes=" + memoryBudgetBytes +
            ", maxKeyLength=" + maxKeyLength + ", maxValueLength=" + maxValueLength + "}";
    }

    /**
     * Builds {@link KeyedStateBackendParameters}.
     *
     * @param <K> the key type.
     */
    public static final class Builder<K>
    {
        private final Codec<K> keyCodec;
        private KeyGroupRange keyGroupRange;
        private KeyGroupRange effectiveKeyGroupRange;
        private int numberOfKeyGroups = KeyGroupRangeAssignment.DEFAULT_LOWER_BOUND_MAX_PARALLELISM;
        private long memoryBudgetBytes = DEFAULT_MEMORY_BUDGET_BYTES;
        private int maxKeyLength = DEFAULT_MAX_KEY_LENGTH;
        private int maxValueLength = DEFAULT_MAX_VALUE_LENGTH;

        private Builder(final Codec<K> keyCodec)
        {
            if (keyCodec == null)
            {
                throw new IllegalArgumentException("keyCodec=null; expected a key codec");
            }
            this.keyCodec = keyCodec;
        }

        /**
         * @param numberOfKeyGroups the job's max parallelism, {@code 1..32768}.
         * @return this.
         */
        public Builder<K> numberOfKeyGroups(final int numberOfKeyGroups)
        {
            KeyGroupRangeAssignment.checkMaxParallelism(numberOfKeyGroups);
            this.numberOfKeyGroups = numberOfKeyGroups;
            return this;
        }

        /**
         * @param keyGroupRange the key groups the backend owns, non-empty, inside {@code [0, numberOfKeyGroups)};
         *                      by default all of them.
         * @return this.
         */
        public Builder<K> keyGroupRange(final KeyGroupRange keyGroupRange)
        {
            if (keyGroupRange == null || keyGroupRange.isEmpty())
            {
                throw new IllegalArgumentException("keyGroupRange=" + keyGroupRange + "; expected a non-empty range");
            }
            this.keyGroupRange = keyGroupRange;
            return this;
        }

        /**
         * @param memoryBudgetBytes the most memory the backend may hold, {@code >= 64 KiB}.
         * @return this.
         */
        public Builder<K> memoryBudgetBytes(final long memoryBudgetBytes)
        {
            if (memoryBudgetBytes < 64 << 10)
            {
                throw new IllegalArgumentException(
                    "memoryBudgetBytes=" + memoryBudgetBytes + "; expected >= 65536");
            }
            this.memoryBudgetBytes = memoryBudgetBytes;
            return this;
        }

        /**
         * @param maxKeyLength the largest encoded key, namespace and map key together, {@code 1..2^24}.
         * @return this.
         */
        public Builder<K> maxKeyLength(final int maxKeyLength)
        {
            if (maxKeyLength < 1 || maxKeyLength > 1 << 24)
            {
                throw new IllegalArgumentException("maxKeyLength=" + maxKeyLength + "; expected 1..16777216");
            }
            this.maxKeyLength = maxKeyLength;
            return this;
        }

        /**
         * @param maxValueLength the largest encoded value, {@code 1..2^30}.
         * @return this.
         */
        public Builder<K> maxValueLength(final int maxValueLength)
        {
            if (maxValueLength < 1 || maxValueLength > 1 << 30)
            {
                throw new IllegalArgumentException("maxValueLength=" + maxValueLength + "; expected 1..1073741824");
            }
            this.maxValueLength = maxValueLength;
            return this;
        }

        /**
         * @return the parameters.
         * @throws IllegalArgumentException if the key-group range does not fit the number of key groups.
         */
        public KeyedStateBackendParameters<K> build()
        {
            final KeyGroupRange range =
                keyGroupRange == null ? KeyGroupRange.of(0, numberOfKeyGroups - 1) : keyGroupRange;
            if (range.getEndKeyGroup() >= numberOfKeyGroups)
            {
                throw new IllegalArgumentException("keyGroupRange=" + range +
                    "; expected inside [0, " + (numberOfKeyGroups - 1) + "] for numberOfKeyGroups=" +
                    numberOfKeyGroups);
            }
            effectiveKeyGroupRange = range;
            return new KeyedStateBackendParameters<>(this);
        }
    }
}

package io.cairn.keygroup;

/**
 * The functions that map keys to key groups and key groups to subtasks.
 *
 * <p>They are bit for bit the ones Apache Flink uses, so a key lands in the same key group and the same
 * subtask under Cairn and under Flink, and state can move between the two:
 * <ul>
 *     <li>{@code keyGroup = murmurHash(key.hashCode()) % maxParallelism};</li>
 *     <li>subtask of a key group: {@code keyGroup * parallelism / maxParallelism};</li>
 *     <li>key groups of subtask {@code i}: {@code [ceil(i * maxP / p), ((i + 1) * maxP - 1) / p]};</li>
 *     <li>default max parallelism: {@code min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768)}.</li>
 * </ul>
 * {@code murmurHash} is MurmurHash3 (x86, 32 bit, seed 0) of the four bytes of the hash code, made
 * non-negative.
 */
public final class KeyGroupRangeAssignment
{
    /** The smallest max parallelism (number of key groups) a job may have. */
    public static final int LOWER_BOUND_MAX_PARALLELISM = 1;

    /** The largest max parallelism (number of key groups) a job may have: {@code 2^15}. */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    /** The smallest max parallelism {@link #computeDefaultMaxParallelism} picks. */
    public static final int DEFAULT_LOWER_BOUND_MAX_PARALLELISM = 1 << 7;

    private KeyGroupRangeAssignment()
    {
    }

    /**
     * @param keyHashCode    the key's hash code (for built-in codecs, the key's {@code hashCode()}).
     * @param maxParallelism the number of key groups, {@code 1..32768}.
     * @return the key group of the key, {@code 0..maxParallelism-1}.
     */
    public static int assignToKeyGroup(final int keyHashCode, final int maxParallelism)
    {
        checkMaxParallelism(maxParallelism);
        return computeKeyGroupForKeyHash(keyHashCode, maxParallelism);
    }

    /**
     * Like {@link #assignToKeyGroup(int, int)} without validating {@code maxParallelism}: for hot paths whose
     * max parallelism was validated once.
     *
     * @param keyHashCode    the key's hash code.
     * @param maxParallelism the number of key groups, already validated.
     * @return the key group of the key.
     */
    public static int computeKeyGroupForKeyHash(final int keyHashCode, final int maxParallelism)
    {
        return murmurHash(keyHashCode) % maxParallelism;
    }

    /**
     * @param maxParallelism the number of key groups, {@code 1..32768}.
     * @param parallelism    the number of subtasks, {@code 1..maxParallelism}.
     * @param keyGroup       a key group, {@code 0..maxParallelism-1}.
     * @return the subtask index that owns {@code keyGroup}.
     */
    public static int computeOperatorIndexForKeyGroup(
        final int maxParallelism, final int parallelism, final int keyGroup)
    {
        checkParallelism(maxParallelism, parallelism);
        if (keyGroup < 0 || keyGroup >= maxParallelism)
        {
            throw new IllegalArgumentException(
                "keyGroup=" + keyGroup + "; expected 0.." + (maxParallelism - 1) + " for maxParallelism=" +
                maxParallelism);
        }
        return keyGroup * parallelism / maxParallelism;
    }

    /**
     * @param maxParallelism the number of key groups, {@code 1..32768}.
     * @param parallelism    the number of subtasks, {@code 1..maxParallelism}.
     * @param operatorIndex  the subtask, {@code 0..parallelism-1}.
     * @return the key groups the subtask owns; never empty.
     */
    public static KeyGroupRange computeKeyGroupRangeForOperatorIndex(
        final int maxParallelism, final int parallelism, final int operatorIndex)
    {
        checkParallelism(maxParallelism, parallelism);
        if (operatorIndex < 0 || operatorIndex >= parallelism)
        {
            throw new IllegalArgumentException(
                "operatorIndex=" + operatorIndex + "; expected 0.." + (parallelism - 1) + " for parallelism=" +
                parallelism);
        }
        final int start = ((operatorIndex * maxParallelism) + parallelism - 1) / parallelism;
        final int end = ((operatorIndex + 1) * maxParallelism - 1) / parallelism;
        return KeyGroupRange.of(start, end);
    }

    /**
     * @param operatorParallelism the job's parallelism, {@code >= 1}.
     * @return {@code min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768)}.
     */
    public static int computeDefaultMaxParallelism(final int operatorParallelism)
    {
        if (operatorParallelism < 1 || operatorParallelism > UPPER_BOUND_MAX_PARALLELISM)
        {
            throw new IllegalArgumentException(
                "parallelism=" + operatorParallelism + "; expected 1.." + UPPER_BOUND_MAX_PARALLELISM);
        }
        return Math.min(
            Math.max(roundUpToPowerOfTwo(operatorParallelism + (operatorParallelism / 2)),
                DEFAULT_LOWER_BOUND_MAX_PARALLELISM),
            UPPER_BOUND_MAX_PARALLELISM);
    }

    /**
     * @param maxParallelism a max parallelism to check.
     * @throws IllegalArgumentException unless {@code 1 <= maxParallelism <= 32768}.
     */
    public static void checkMaxParallelism(final int maxParallelism)
    {
        if (maxParallelism < LOWER_BOUND_MAX_PARALLELISM || maxParallelism > UPPER_BOUND_MAX_PARALLELISM)
        {
            throw new IllegalArgumentException(
                "maxParallelism=" + maxParallelism + "; expected " + LOWER_BOUND_MAX_PARALLELISM + ".." +
                UPPER_BOUND_MAX_PARALLELISM);
        }
    }

    /**
     * @param maxParallelism a max parallelism to check.
     * @param parallelism    a parallelism to check against it.
     * @throws IllegalArgumentException unless {@code 1 <= maxParallelism <= 32768} and
     *                                  {@code 1 <= parallelism <= maxParallelism}.
     */
    public static void checkParallelism(final int maxParallelism, final int parallelism)
    {
        checkMaxParallelism(maxParallelism);
        if (parallelism < 1 || parallelism > maxParallelism)
        {
            throw new IllegalArgumentException(
                "parallelism=" + parallelism + "; expected 1..maxParallelism=" + maxParallelism);
        }
    }

    /**
     * MurmurHash3 (x86, 32 bit, seed 0) of the four bytes of {@code code}, made non-negative the way Flink's
     * {@code MathUtils.murmurHash} does ({@code Integer.MIN_VALUE} maps to 0).
     *
     * @param code a hash code.
     * @return a well-mixed non-negative hash.
     */
    public static int murmurHash(final int code)
    {
        int h = code * 0xcc9e2d51;
        h = Integer.rotateLeft(h, 15);
        h *= 0x1b873593;
        h = Integer.rotateLeft(h, 13);
        h = h * 5 + 0xe6546b64;
        h ^= Integer.BYTES;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        if (h >= 0)
        {
            return h;
        }
        return h != Integer.MIN_VALUE ? -h : 0;
    }

    private static int roundUpToPowerOfTwo(final int x)
    {
        return x <= 1 ? 1 : Integer.highestOneBit(x - 1) << 1;
    }
}

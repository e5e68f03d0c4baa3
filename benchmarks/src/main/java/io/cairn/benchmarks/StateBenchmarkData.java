package io.cairn.benchmarks;

import java.util.SplittableRandom;

/**
 * The inputs of the state benchmarks, computed once per trial into primitive arrays, the same for every backend
 * and every fork (they come from {@link #SEED}).
 *
 * <ul>
 *     <li>{@link #setupKeys()}: the {@value #SETUP_KEY_COUNT} keys that hold state before a benchmark starts,
 *     in the order they were written;</li>
 *     <li>{@link #accessKeys()}: the same keys in a shuffled order, the order benchmarks read and write them in,
 *     so that access order owes nothing to insertion order;</li>
 *     <li>{@link #newKeys()}: {@value #NEW_KEY_COUNT} keys that hold no state, for the add benchmarks;</li>
 *     <li>{@link #randomValues()}: {@value #RANDOM_VALUE_COUNT} random longs;</li>
 *     <li>{@link #mapKeys()}: the {@value #MAP_ENTRIES_PER_KEY} map keys of every key's map.</li>
 * </ul>
 * Keys are a bijective 64-bit mix of a counter, so they are distinct without a set to check them, and spread over
 * the whole long range, so boxing one allocates, as it does for real keys (they miss the small values
 * {@link Long#valueOf(long)} caches).
 */
public final class StateBenchmarkData
{
    /** The keys that hold state when a benchmark starts. */
    public static final int SETUP_KEY_COUNT = 500_000;

    /** The keys that hold no state when an add benchmark starts. */
    public static final int NEW_KEY_COUNT = 500_000;

    /** The random values that writes cycle through. */
    public static final int RANDOM_VALUE_COUNT = 1_000_000;

    /** The entries of each key's map in the map benchmarks. */
    public static final int MAP_ENTRIES_PER_KEY = 10;

    /** The elements of each key's list in the list benchmarks. */
    public static final int LIST_ELEMENTS_PER_KEY = 10;

    /** Where every input comes from. */
    public static final long SEED = 0x5EED_CA1E_2024L;

    private final long[] setupKeys;
    private final long[] accessKeys;
    private final int[] accessOrder;
    private final long[] newKeys;
    private final long[] randomValues;
    private final long[] mapKeys;

    private StateBenchmarkData()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        setupKeys = mixedCounter(SEED, 0, SETUP_KEY_COUNT);
        newKeys = mixedCounter(SEED, SETUP_KEY_COUNT, NEW_KEY_COUNT);
        mapKeys = mixedCounter(~SEED, 0, MAP_ENTRIES_PER_KEY);

        accessOrder = new int[SETUP_KEY_COUNT];
        for (int i = 0; i < SETUP_KEY_COUNT; i++)
        {
            accessOrder[i] = i;
        }
        for (int i = SETUP_KEY_COUNT - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swap = accessOrder[i];
            accessOrder[i] = accessOrder[j];
            accessOrder[j] = swap;
        }
        accessKeys = new long[SETUP_KEY_COUNT];
        for (int i = 0; i < SETUP_KEY_COUNT; i++)
        {
            accessKeys[i] = setupKeys[accessOrder[i]];
        }

        randomValues = new long[RANDOM_VALUE_COUNT];
        for (int i = 0; i < RANDOM_VALUE_COUNT; i++)
        {
            randomValues[i] = random.nextLong();
        }
    }

    /**
     * @return freshly computed inputs; call it at {@code Level.Trial}, never per operation.
     */
    public static StateBenchmarkData create()
    {
        return new StateBenchmarkData();
    }

    /**
     * Moves a cursor one step through an array, back to the start after the end.
     *
     * @param index  the current index, {@code 0 <= index < length}.
     * @param length the length of the array.
     * @return the next index.
     */
    public static int advance(final int index, final int length)
    {
        final int next = index + 1;
        return next == length ? 0 : next;
    }

    /** @return the keys that hold state, in the order they were written; the caller must not change them. */
    public long[] setupKeys()
    {
        return setupKeys;
    }

    /** @return the keys that hold state, in access order; the caller must not change them. */
    public long[] accessKeys()
    {
        return accessKeys;
    }

    /**
     * @return for each access index {@code i}, the index in {@link #setupKeys()} of {@code accessKeys()[i]}; the
     * caller must not change it.
     */
    public int[] accessOrder()
    {
        return accessOrder;
    }

    /** @return keys that hold no state; the caller must not change them. */
    public long[] newKeys()
    {
        return newKeys;
    }

    /** @return random values; the caller must not change them. */
    public long[] randomValues()
    {
        return randomValues;
    }

    /** @return the map keys of every key's map; the caller must not change them. */
    public long[] mapKeys()
    {
        return mapKeys;
    }

    /**
     * @param values the primitive values.
     * @return the same values boxed, for setup and reset code that must not allocate per call.
     */
    public static Long[] boxed(final long[] values)
    {
        final Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }

    private static long[] mixedCounter(final long seed, final int first, final int count)
    {
        final long[] keys = new long[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = mix64(seed + first + i);
        }
        return keys;
    }

    // MurmurHash3's 64-bit finaliser: every step (xor-shift, multiply by an odd constant) is invertible, so
    // distinct inputs give distinct outputs.
    private static long mix64(final long value)
    {
        long x = value;
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        x *= 0xc4ceb9fe1a85ec53L;
        x ^= x >>> 33;
        return x;
    }
}

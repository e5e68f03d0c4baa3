package io.cairn.benchmarks;

import java.util.SplittableRandom;

/**
 * The inputs of the state benchmarks, computed once per trial into primitive arrays, the same for every backend
 * and every fork (they come from {@link #SEED}).
 *
 * <ul>
 *     <li>{@link #setupKeys()}: the keys that hold state before a benchmark starts ({@code keys} of them, the
 *     suites' {@code @Param}, {@value #DEFAULT_KEY_COUNT} by default as in Apache Flink's state benchmarks), in the
 *     order they were written;</li>
 *     <li>{@link #accessKeys()}: the same keys in a shuffled order, the order benchmarks read and write them in,
 *     so that access order owes nothing to insertion order;</li>
 *     <li>{@link #newKeys()}: as many keys again that hold no state, for the add benchmarks;</li>
 *     <li>{@link #randomValues()}: {@value #RANDOM_VALUE_COUNT} random longs;</li>
 *     <li>{@link #mapKeys()}: the {@value #MAP_ENTRIES_PER_KEY} map keys of every key's map.</li>
 * </ul>
 * Keys are a bijective 64-bit mix of a counter, so they are distinct without a set to check them, and spread over
 * the whole long range, so boxing one allocates, as it does for real keys (they miss the small values
 * {@link Long#valueOf(long)} caches). A smaller key count's setup keys are the first of a larger one's.
 *
 * <p>Benchmarks that change what they measure if repeated (adding a key, appending to a list, removing an entry)
 * walk through the keys in batches of {@value #BATCH_KEYS}, one batch per invocation, and undo a whole pass before
 * the next one starts ({@link #nextBatch}); the key count is therefore a multiple of {@value #BATCH_KEYS}.
 *
 * <p>Benchmarks that write measure in iterations of {@value #WRITE_ITERATION_SECONDS} s, not 1 s: see
 * {@link #WRITE_ITERATION_SECONDS}.
 */
public final class StateBenchmarkData
{
    /** The default of the suites' {@code keys} parameter: the keys that hold state when a benchmark starts. */
    public static final String DEFAULT_KEY_COUNT = "500000";

    /** The keys one invocation of a pass (add, append, remove) handles; the score is per key. */
    public static final int BATCH_KEYS = 1_000;

    /** The random values that writes cycle through. */
    public static final int RANDOM_VALUE_COUNT = 1_000_000;

    /** The entries of each key's map in the map benchmarks. */
    public static final int MAP_ENTRIES_PER_KEY = 10;

    /** The elements of each key's list in the list benchmarks. */
    public static final int LIST_ELEMENTS_PER_KEY = 10;

    /**
     * Seconds of each measurement iteration of the benchmarks that write (five of them, as for the others).
     *
     * <p>A RocksDB backend writes into a memtable, a skip list whose insert slows as it fills: at 64 MiB it holds
     * about 1.2 million map entries, and a write then costs up to twice what it costs just after a flush. At
     * 200,000 writes per second that is a cycle of about 6 s, of fast writes and slow ones. The inputs and the
     * setup are the same in every fork, so every fork starts measuring at the same point of the cycle, and forks
     * do not average it out: with iterations of 1 s, a backend's 5 s of measurement fell on whatever part of the
     * cycle its setup left it in (how many of its entries fit a memtable decides that), and Cairn's RocksDB backend
     * measured 0.76 of Flink's speed in map updates that cost both the same memtable insert (benchmarks/RESULTS.md,
     * 2026-11-27). Five iterations of this length span several cycles. Backends without a memtable lose nothing by
     * it but time.
     */
    public static final int WRITE_ITERATION_SECONDS = 6;

    /** Where every input comes from. */
    public static final long SEED = 0x5EED_CA1E_2024L;

    private final long[] setupKeys;
    private final long[] accessKeys;
    private final int[] accessOrder;
    private final long[] newKeys;
    private final long[] randomValues;
    private final long[] mapKeys;

    private StateBenchmarkData(final int keyCount)
    {
        if (keyCount < BATCH_KEYS || keyCount % BATCH_KEYS != 0)
        {
            throw new IllegalArgumentException("keys=" + keyCount + "; expected a positive multiple of " + BATCH_KEYS);
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        setupKeys = mixedCounter(SEED, 0, keyCount);
        newKeys = mixedCounter(SEED, keyCount, keyCount);
        mapKeys = mixedCounter(~SEED, 0, MAP_ENTRIES_PER_KEY);

        accessOrder = new int[keyCount];
        for (int i = 0; i < keyCount; i++)
        {
            accessOrder[i] = i;
        }
        for (int i = keyCount - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swap = accessOrder[i];
            accessOrder[i] = accessOrder[j];
            accessOrder[j] = swap;
        }
        accessKeys = new long[keyCount];
        for (int i = 0; i < keyCount; i++)
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
     * @param keyCount the keys that hold state, a positive multiple of {@value #BATCH_KEYS}; as many new keys.
     * @return freshly computed inputs; call it at {@code Level.Trial}, never per operation.
     * @throws IllegalArgumentException if the key count is not a positive multiple of {@value #BATCH_KEYS}.
     */
    public static StateBenchmarkData create(final int keyCount)
    {
        return new StateBenchmarkData(keyCount);
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

    /**
     * Moves a pass one batch on: the index of the batch after {@code first}, 0 (a new pass) after the last one.
     *
     * @param first  the first index of the current batch, a multiple of {@value #BATCH_KEYS}.
     * @param length the keys of a pass, a multiple of {@value #BATCH_KEYS}.
     * @return the first index of the next batch.
     */
    public static int nextBatch(final int first, final int length)
    {
        final int next = first + BATCH_KEYS;
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

package io.cairn.benchmarks;

import java.util.SplittableRandom;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;

/**
 * The keyed state the snapshot benchmarks run on, computed once per trial into primitive arrays: {@code keyCount}
 * distinct {@code Long} keys, each with one random {@code long} in a {@link LongValueState}, in a backend that owns
 * all {@value BenchmarkBackends#NUMBER_OF_KEY_GROUPS} key groups.
 *
 * <p>Keys are made as {@link StateBenchmarkData} makes them (a bijective 64-bit mix of a counter, from
 * {@link StateBenchmarkData#SEED}), so they are distinct and spread over the whole long range, and they begin with
 * the value benchmarks' setup keys. {@link #accessKeys()} holds the same keys shuffled, the order updates use.
 */
final class SnapshotWorkload
{
    /** The name of the one state every key has a value of. */
    static final String STATE_NAME = "value";

    private static final LongValueStateDescriptor DESCRIPTOR = new LongValueStateDescriptor(STATE_NAME);

    private final long[] keys;
    private final long[] accessKeys;
    private final long[] values;

    private SnapshotWorkload(final int keyCount)
    {
        if (keyCount < 1)
        {
            throw new IllegalArgumentException("keys=" + keyCount + "; expected >= 1");
        }
        final SplittableRandom random = new SplittableRandom(StateBenchmarkData.SEED);
        keys = new long[keyCount];
        values = new long[keyCount];
        for (int i = 0; i < keyCount; i++)
        {
            keys[i] = mix64(StateBenchmarkData.SEED + i);
            values[i] = random.nextLong();
        }
        accessKeys = keys.clone();
        for (int i = keyCount - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final long swap = accessKeys[i];
            accessKeys[i] = accessKeys[j];
            accessKeys[j] = swap;
        }
    }

    /**
     * @param keyCount how many keys, {@code >= 1}.
     * @return freshly computed inputs; call it at {@code Level.Trial}, never per operation.
     */
    static SnapshotWorkload create(final int keyCount)
    {
        return new SnapshotWorkload(keyCount);
    }

    /** @return the keys in the order they were written; the caller must not change them. */
    long[] keys()
    {
        return keys;
    }

    /** @return the same keys shuffled; the caller must not change them. */
    long[] accessKeys()
    {
        return accessKeys;
    }

    /** @return random values, one per key; the caller must not change them. */
    long[] values()
    {
        return values;
    }

    /**
     * Opens a backend and writes every key's value, then reads the last one back.
     *
     * @param backendName the name the backend is registered under, e.g. {@code offheap}.
     * @return the filled backend; the caller closes it.
     * @throws IllegalStateException if the value read back is not the value written.
     */
    KeyedStateBackend<Long> openFilled(final String backendName)
    {
        final KeyedStateBackend<Long> backend = BenchmarkBackends.openLongKeyed(backendName);
        final LongValueState state = valueState(backend);
        for (int i = 0; i < keys.length; i++)
        {
            backend.setCurrentKey(keys[i]);
            state.updateLong(values[i]);
        }
        checkValue(backend, keys.length - 1);
        return backend;
    }

    /**
     * @param backend a backend filled with this workload (or restored from its snapshot).
     * @param index   the index of a key in {@link #keys()}.
     * @throws IllegalStateException if the key's value is not the one this workload wrote.
     */
    void checkValue(final KeyedStateBackend<Long> backend, final int index)
    {
        backend.setCurrentKey(keys[index]);
        final long missing = ~values[index];
        final long readBack = valueState(backend).getLong(missing);
        if (readBack != values[index])
        {
            throw new IllegalStateException("backend=" + backend + " read back " +
                (readBack == missing ? "nothing" : Long.toString(readBack)) + " for key " + keys[index] +
                "; expected " + values[index]);
        }
    }

    /**
     * @param backend a backend.
     * @return the workload's state in it, created if it is not there yet.
     */
    static LongValueState valueState(final KeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, DESCRIPTOR);
    }

    // The same bijective mix as StateBenchmarkData's (MurmurHash3's 64-bit finaliser), so the keys are the same.
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

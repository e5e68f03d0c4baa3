package io.cairn.examples.pipeline;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The main job's input: a seeded, finite sequence of events whose keys follow Zipf's law (exponent 1), so key
 * {@code r} (from 0) comes up in proportion to {@code 1 / (r + 1)}: a few hot keys and a long tail.
 *
 * <p>The stream is a pure function of its position: {@link #keyAt(long)} hashes {@code (seed, position)} with
 * SplitMix64 and draws a key from a Walker/Vose alias table, in constant time and without state. So any reader
 * can start at any position (a source offset) and read exactly what a reader from the start read there, which is
 * what lets a restored subtask replay the events after its checkpoint. Immutable and thread-safe.
 */
final class SkewedKeyStream
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final int COIN_BITS = 31;
    private static final long COIN_MASK = (1L << COIN_BITS) - 1;

    private final int keys;
    private final long events;
    private final long seedMix;
    private final int[] threshold;
    private final int[] alias;

    /**
     * @param keys   the number of distinct keys, {@code >= 1}.
     * @param events the number of events, {@code >= 0}.
     * @param seed   where the stream comes from: the same seed gives the same stream.
     */
    SkewedKeyStream(final int keys, final long events, final long seed)
    {
        if (keys < 1 || events < 0)
        {
            throw new IllegalArgumentException("keys=" + keys + ", events=" + events + "; expected keys >= 1 and " +
                "events >= 0");
        }
        this.keys = keys;
        this.events = events;
        this.seedMix = mix(seed);
        this.threshold = new int[keys];
        this.alias = new int[keys];
        buildAliasTable();
    }

    /**
     * @param position a position of the stream, {@code 0..events()-1}.
     * @return the key of the event at that position, {@code 0..keys()-1}.
     */
    int keyAt(final long position)
    {
        final long z = mix(seedMix + (position + 1) * GOLDEN_GAMMA);
        final int column = (int)(((z >>> 32) * keys) >>> 32);
        return (z & COIN_MASK) < threshold[column] ? column : alias[column];
    }

    /** @return the number of events. */
    long events()
    {
        return events;
    }

    /** @return the number of distinct keys events are drawn from. */
    int keys()
    {
        return keys;
    }

    /**
     * Vose's alias method: column {@code i} keeps key {@code i} with probability {@code threshold[i] / 2^31} and
     * gives way to {@code alias[i]} otherwise, so every column is one uniform draw and one coin toss.
     */
    private void buildAliasTable()
    {
        double total = 0;
        for (int rank = 0; rank < keys; rank++)
        {
            total += 1.0 / (rank + 1);
        }
        final double[] scaled = new double[keys];
        final ArrayDeque<Integer> small = new ArrayDeque<>();
        final ArrayDeque<Integer> large = new ArrayDeque<>();
        for (int rank = 0; rank < keys; rank++)
        {
            scaled[rank] = keys / (total * (rank + 1));
            (scaled[rank] < 1.0 ? small : large).add(rank);
        }
        while (!small.isEmpty() && !large.isEmpty())
        {
            final int less = small.poll();
            final int more = large.peek();
            threshold[less] = (int)(scaled[less] * (1L << COIN_BITS));
            alias[less] = more;
            scaled[more] -= 1.0 - scaled[less];
            if (scaled[more] < 1.0)
            {
                small.add(large.poll());
            }
        }
        // What is left is 1 up to rounding: such a column always keeps its own key.
        for (final ArrayDeque<Integer> rest : List.of(small, large))
        {
            for (final int rank : rest)
            {
                threshold[rank] = Integer.MAX_VALUE;
                alias[rank] = rank;
            }
        }
    }

    /** SplitMix64's finalizer: a bijective, well-mixed 64-bit hash. */
    private static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

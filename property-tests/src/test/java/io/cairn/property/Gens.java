package io.cairn.property;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The data generators {@link Draws} is made of. Every one is a QuickTheories generator with a shrink target, so it
 * shrinks: keys towards 0, strings towards "", longs towards 0.
 */
final class Gens
{
    /**
     * Keys beyond 0..15: {@code -1} and {@code 1L << 32} have the hash codes of 0 and 1, {@code 0x1_0000_0002L} that
     * of 3 (distinct keys, one key group), and the extremes.
     */
    static final List<Long> SPECIAL_KEYS =
        List.of(-1L, 1L << 32, 0x1_0000_0002L, Long.MIN_VALUE, Long.MAX_VALUE, -123_456_789_012L);

    /** Every key a sequence may use: 0..15 and {@link #SPECIAL_KEYS}. */
    static final List<Long> KEY_POOL = keyPool();

    /**
     * What texts repeat: 1- to 4-byte UTF-8 characters and a NUL, never an unpaired surrogate (which the string
     * codec cannot round-trip). At most 3 code points each, so 100 repeats stay within 300 code points.
     */
    static final List<String> MOTIFS =
        List.of("a", "bc", "\u00e9", "\u4e2d", "\ud83d\ude00", "x\u0000y", "\u00e9\u4e2d\ud83d\ude00");

    private Gens()
    {
    }

    /** @return mostly keys 0..15, sometimes a special one. */
    static Gen<Long> keys()
    {
        return Generate.frequency(
            Pair.of(6, Generate.longRange(0, 15)),
            Pair.of(1, Generate.pick(SPECIAL_KEYS)));
    }

    /** @return a namespace index, {@code 0..3}. */
    static Gen<Integer> namespaceIndexes()
    {
        return Generate.range(0, StateCatalog.NAMESPACE_COUNT - 1);
    }

    /**
     * @return a motif repeated 0..100 times (0..300 code points, up to 900 bytes), mostly short: lengths vary widely
     * from one write to the next, so updates happen both in place and by relocation.
     */
    static Gen<String> texts()
    {
        final Gen<Integer> repeats = Generate.frequency(
            Pair.of(3, Generate.range(0, 4)),
            Pair.of(2, Generate.range(0, 100)));
        return repeats.zip(Generate.pick(MOTIFS), (count, motif) -> motif.repeat(count));
    }

    /** @return map keys from a small pool, so puts collide, and a few extremes. */
    static Gen<Integer> mapKeys()
    {
        return Generate.frequency(
            Pair.of(6, Generate.range(0, 7)),
            Pair.of(1, Generate.pick(List.of(-1, Integer.MIN_VALUE, Integer.MAX_VALUE))));
    }

    /** @return mostly small longs, sometimes any long (sums wrap alike in the model and the backend). */
    static Gen<Long> longs()
    {
        return Generate.frequency(
            Pair.of(4, Generate.longRange(-100, 100)),
            Pair.of(1, SourceDSL.longs().all()));
    }

    /** @return strings that encode to 1..64 bytes more than {@link Backends#MAX_VALUE_LENGTH}. */
    static Gen<String> tooLargeTexts()
    {
        return Generate.range(1, 64).map(extra -> "x".repeat(Backends.MAX_VALUE_LENGTH + extra));
    }

    /** @return an operation that builds itself from a step's draws, with its weight among the others. */
    static Pair<Integer, Gen<Function<Draws, Op>>> weighted(final int weight, final Function<Draws, Op> operation)
    {
        return Pair.of(weight, Generate.constant(operation));
    }

    private static List<Long> keyPool()
    {
        final List<Long> keys = new ArrayList<>();
        for (long key = 0; key <= 15; key++)
        {
            keys.add(key);
        }
        keys.addAll(SPECIAL_KEYS);
        return List.copyOf(keys);
    }
}

package io.cairn.property;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A generated test case: a max parallelism (the backend owns all its key groups) and a sequence of operations,
 * which starts at key 0 in namespace index 0. It prints as a numbered program.
 *
 * <p>Each step is a weighted choice of operation plus a fixed-shape {@link Draws}. The first choice, the one
 * QuickTheories shrinks every choice towards, is a rare {@link Skip}: a shrunk sequence keeps its length, but the
 * steps the failure does not need become skips, which {@link #toString()} leaves out.
 *
 * @param maxParallelism the number of key groups.
 * @param ops            the operations, in order.
 */
record Scenario(int maxParallelism, List<Op> ops)
{
    /** The longest sequence generated. */
    static final int MAX_OPS = 60;

    /** @return scenarios of 1..60 well-formed operations. */
    static Gen<Scenario> wellFormed()
    {
        final Gen<Op> steps = steps(wellFormedOps());
        return maxParallelisms().zip(lists().of(steps).ofSizeBetween(1, MAX_OPS), Scenario::new);
    }

    /**
     * @return scenarios with at least one bad input in the middle: well-formed operations, a bad one, then
     * well-formed and bad ones mixed.
     */
    static Gen<Scenario> withBadInput()
    {
        // About one step in seven of the mixed part is a bad input.
        final List<Pair<Integer, Gen<Function<Draws, Op>>>> mixed = new ArrayList<>(wellFormedOps());
        mixed.addAll(BadInputOps.weighted());
        final Gen<List<Op>> before = lists().of(steps(wellFormedOps())).ofSizeBetween(0, MAX_OPS / 2);
        final Gen<Op> bad = steps(BadInputOps.weighted());
        final Gen<List<Op>> after = lists().of(steps(mixed)).ofSizeBetween(0, MAX_OPS / 2);
        return maxParallelisms().zip(before, bad, after, (maxParallelism, prefix, badOp, suffix) ->
        {
            final List<Op> ops = new ArrayList<>(prefix);
            ops.add(badOp);
            ops.addAll(suffix);
            return new Scenario(maxParallelism, List.copyOf(ops));
        });
    }

    /** @return every well-formed operation, weighted, {@link Skip} first. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> wellFormedOps()
    {
        final List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted = new ArrayList<>();
        weighted.add(Gens.weighted(1, draws -> new Skip()));
        weighted.addAll(KeyOps.weighted());
        weighted.addAll(ValueOps.weighted());
        weighted.addAll(ListOps.weighted());
        weighted.addAll(MapOps.weighted());
        weighted.addAll(AppendingOps.weighted());
        weighted.addAll(BulkOps.weighted());
        return weighted;
    }

    private static Gen<Op> steps(final List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted)
    {
        return Generate.frequency(weighted).zip(Draws.draws(), Function::apply);
    }

    private static Gen<Integer> maxParallelisms()
    {
        return Generate.pick(List.of(128, 37, 1));
    }

    /** Prints the operations numbered by step, leaving out the skips. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("Scenario{maxParallelism=").append(maxParallelism).append(", ops=[");
        int skips = 0;
        for (int i = 0; i < ops.size(); i++)
        {
            if (ops.get(i) instanceof Skip)
            {
                skips++;
            }
            else
            {
                sb.append(System.lineSeparator()).append(String.format("  %2d: ", i)).append(ops.get(i));
            }
        }
        sb.append(System.lineSeparator()).append("] (").append(ops.size()).append(" steps, ").append(skips);
        return sb.append(" skips not shown)}").toString();
    }

    /** The operation that does nothing: what shrinking turns an irrelevant step into. */
    record Skip() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
        }

        @Override
        public String toString()
        {
            return "skip";
        }
    }
}

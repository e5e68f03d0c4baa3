package io.cairn.property;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A generated snapshot test case: a sequence of the well-formed operations of {@link Scenario}, with snapshots
 * taken between them. A snapshot's write (its future) runs at once, at a later {@link RunPending} step, or after
 * the last step in the order of {@code runOrder}, so several snapshots are often in flight while writes go on.
 * After the last step one more snapshot is always taken.
 *
 * <p>Every step draws the same things, whatever it turns out to be (see {@link Draws}): a kind, an operation and a
 * small number. The kind shrinks towards {@link Write} and the operation towards {@link Scenario.Skip}, so a
 * failing sequence shrinks to the writes and snapshots the failure needs, with later steps unchanged.
 *
 * @param maxParallelism the number of key groups; the backend owns all of them.
 * @param steps          the steps, in order.
 * @param runOrder       which pending snapshot to write next, cyclically, once the steps are done.
 */
record SnapshotScenario(int maxParallelism, List<Step> steps, List<Integer> runOrder)
{
    /** The longest sequence generated. */
    static final int MAX_STEPS = 50;

    private static final int RUN_ORDER_LENGTH = 8;
    private static final int MAX_CHOICE = 7;

    /** @return scenarios of 1..{@value #MAX_STEPS} steps. */
    static Gen<SnapshotScenario> scenarios()
    {
        final Gen<Op> ops = Generate.frequency(Scenario.wellFormedOps()).zip(Draws.draws(), Function::apply);
        final Gen<Kind> kinds = Generate.frequency(
            Pair.of(24, Generate.constant(Kind.WRITE)),
            Pair.of(2, Generate.constant(Kind.SNAPSHOT)),
            Pair.of(1, Generate.constant(Kind.SNAPSHOT_RUN_AT_ONCE)),
            Pair.of(2, Generate.constant(Kind.RUN_PENDING)));
        final Gen<Step> steps = kinds.zip(ops, Generate.range(0, MAX_CHOICE), SnapshotScenario::step);
        return Generate.pick(List.of(128, 37, 1)).zip(
            lists().of(steps).ofSizeBetween(1, MAX_STEPS),
            lists().of(Generate.range(0, MAX_CHOICE)).ofSize(RUN_ORDER_LENGTH),
            SnapshotScenario::new);
    }

    private static Step step(final Kind kind, final Op op, final int choice)
    {
        return switch (kind)
        {
            case WRITE -> new Write(op);
            case SNAPSHOT -> new TakeSnapshot(false);
            case SNAPSHOT_RUN_AT_ONCE -> new TakeSnapshot(true);
            case RUN_PENDING -> new RunPending(choice);
        };
    }

    /** Prints the steps numbered, leaving out the skips. */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("SnapshotScenario{maxParallelism=").append(maxParallelism)
            .append(", steps=[");
        int skips = 0;
        for (int i = 0; i < steps.size(); i++)
        {
            final Step step = steps.get(i);
            if (step instanceof Write && ((Write)step).op() instanceof Scenario.Skip)
            {
                skips++;
            }
            else
            {
                sb.append(System.lineSeparator()).append(String.format("  %2d: ", i)).append(step);
            }
        }
        sb.append(System.lineSeparator()).append(String.format("  %2d: ", steps.size()))
            .append("take snapshot (always, after the last step)");
        return sb.append(System.lineSeparator()).append("] (").append(skips).append(" skips not shown), then ")
            .append("write the pending snapshots choosing by runOrder=").append(runOrder).append('}').toString();
    }

    /** What a step is. */
    enum Kind
    {
        /** An operation on the backend. */
        WRITE,
        /** A snapshot whose write is left pending. */
        SNAPSHOT,
        /** A snapshot written at once. */
        SNAPSHOT_RUN_AT_ONCE,
        /** Writes one pending snapshot. */
        RUN_PENDING
    }

    /** One step of a snapshot scenario. */
    interface Step
    {
    }

    /** Runs an operation on the backend and the model. */
    record Write(Op op) implements Step
    {
        @Override
        public String toString()
        {
            return op.toString();
        }
    }

    /** Takes a snapshot (the synchronous part) and records the model as it is. */
    record TakeSnapshot(boolean runAtOnce) implements Step
    {
        @Override
        public String toString()
        {
            return runAtOnce ? "take snapshot and write it at once" : "take snapshot, write it later";
        }
    }

    /** Writes the pending snapshot at {@code choice} modulo the number pending, oldest first; none if none. */
    record RunPending(int choice) implements Step
    {
        @Override
        public String toString()
        {
            return "write pending snapshot [" + choice + " % pending]";
        }
    }
}

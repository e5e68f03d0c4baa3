package io.cairn.property;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A sequence of writes with incremental checkpoints in between, each of which completes, is aborted, or is never
 * heard of again (expired), on a backend with a random chain bound and re-base threshold; and the parallelism the
 * last checkpoints are restored at.
 *
 * @param maxParallelism     the number of key groups.
 * @param maxChainLength     the chain bound of the writing backend.
 * @param rebaseThreshold    its re-base threshold.
 * @param steps              what happens, in order; a completing checkpoint always follows the last.
 * @param restoreParallelism how many subtasks the rescale restores into.
 */
record IncrementalScenario(
    int maxParallelism, int maxChainLength, double rebaseThreshold, List<Step> steps, int restoreParallelism)
{
    static final int MAX_STEPS = 60;

    static Gen<IncrementalScenario> scenarios()
    {
        final Gen<Op> ops = Generate.frequency(Scenario.wellFormedOps()).zip(Draws.draws(), Function::apply);
        final Gen<Step> steps = Generate.frequency(
            Pair.of(16, ops.map(Write::new)),
            Pair.of(3, Generate.constant(new Checkpoint(Outcome.COMPLETE))),
            Pair.of(1, Generate.constant(new Checkpoint(Outcome.ABORT))),
            Pair.of(1, Generate.constant(new Checkpoint(Outcome.EXPIRE))));
        final Gen<IncrementalScenario> settings = Generate.pick(List.of(128, 37, 1)).zip(
            Generate.range(0, 3),
            Generate.pick(List.of(0.05, 0.3, 10.0)),
            (maxParallelism, chain, threshold) ->
                new IncrementalScenario(maxParallelism, chain, threshold, List.of(), 1));
        return settings.zip(lists().of(steps).ofSizeBetween(1, MAX_STEPS), Generate.range(1, 4),
            (base, drawn, parallelism) -> new IncrementalScenario(base.maxParallelism(), base.maxChainLength(),
                base.rebaseThreshold(), drawn, Math.min(parallelism, base.maxParallelism())));
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("IncrementalScenario{maxParallelism=").append(maxParallelism)
            .append(", maxChainLength=").append(maxChainLength).append(", rebaseThreshold=").append(rebaseThreshold)
            .append(", restoreParallelism=").append(restoreParallelism).append(", steps=[");
        for (int i = 0; i < steps.size(); i++)
        {
            if (!(steps.get(i) instanceof Write write && write.op() instanceof Scenario.Skip))
            {
                sb.append(System.lineSeparator()).append(String.format("  %2d: ", i)).append(steps.get(i));
            }
        }
        return sb.append(System.lineSeparator()).append("  then a checkpoint that completes]}").toString();
    }

    /** What becomes of a checkpoint. */
    enum Outcome
    {
        COMPLETE,
        ABORT,
        EXPIRE
    }

    /** One step. */
    interface Step
    {
    }

    /** A write to the backend and the model. */
    record Write(Op op) implements Step
    {
        @Override
        public String toString()
        {
            return op.toString();
        }
    }

    /** An incremental checkpoint, and a savepoint of the same moment. */
    record Checkpoint(Outcome outcome) implements Step
    {
        @Override
        public String toString()
        {
            return "checkpoint, " + outcome.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}

package io.cairn.property;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A generated incremental retention test case: the job's shape and the commands to run. It prints as a numbered
 * program, leaving out the skips.
 *
 * @param parallelism how many subtasks, {@code 1..2}.
 * @param retained    how many completed checkpoints are kept, {@code 1..3}.
 * @param maxChain    the longest chain a key group may have (a base and deltas), {@code 1..4}.
 * @param steps       the commands, in order.
 */
record IncrementalRetentionScenario(int parallelism, int retained, int maxChain, List<IncrementalRetentionStep> steps)
{
    /** The longest sequence generated. */
    static final int MAX_STEPS = 40;

    /** @return scenarios of 1..40 steps. */
    static Gen<IncrementalRetentionScenario> scenarios()
    {
        return Generate.range(1, 2).zip(Generate.range(1, 3), Generate.range(1, 4),
            lists().of(IncrementalRetentionStep.steps()).ofSizeBetween(1, MAX_STEPS),
            IncrementalRetentionScenario::new);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("IncrementalRetentionScenario{parallelism=").append(parallelism)
            .append(", retained=").append(retained).append(", maxChain=").append(maxChain).append(", steps=[");
        int skips = 0;
        for (int i = 0; i < steps.size(); i++)
        {
            if (steps.get(i).kind() == IncrementalRetentionStep.Kind.SKIP)
            {
                skips++;
            }
            else
            {
                sb.append(System.lineSeparator()).append(String.format("  %2d: ", i)).append(steps.get(i));
            }
        }
        sb.append(System.lineSeparator()).append("] (").append(steps.size()).append(" steps, ").append(skips);
        return sb.append(" skips not shown)}").toString();
    }
}

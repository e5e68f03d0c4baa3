package io.cairn.property;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;

import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A generated coordinator test case: the job's shape and configuration, and the commands to run. It prints as a
 * numbered program, leaving out the skips.
 *
 * @param parallelism   how many subtasks, {@code 1..3}.
 * @param maxConcurrent how many checkpoints may be pending, {@code 1..3}.
 * @param retained      how many completed checkpoints are kept, {@code 1..3}.
 * @param steps         the commands, in order.
 */
record CoordinatorScenario(int parallelism, int maxConcurrent, int retained, List<CoordinatorStep> steps)
{
    /** The longest sequence generated. */
    static final int MAX_STEPS = 60;

    /** @return scenarios of 1..60 steps. */
    static Gen<CoordinatorScenario> scenarios()
    {
        return Generate.range(1, 3).zip(Generate.range(1, 3), Generate.range(1, 3),
            lists().of(CoordinatorStep.steps()).ofSizeBetween(1, MAX_STEPS), CoordinatorScenario::new);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("CoordinatorScenario{parallelism=").append(parallelism)
            .append(", maxConcurrent=").append(maxConcurrent).append(", retained=").append(retained)
            .append(", steps=[");
        int skips = 0;
        for (int i = 0; i < steps.size(); i++)
        {
            if (steps.get(i).kind() == CoordinatorStep.Kind.SKIP)
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

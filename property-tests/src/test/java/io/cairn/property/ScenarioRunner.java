package io.cairn.property;

import java.util.List;

/**
 * Runs a {@link Scenario} against a fresh backend and the model: after every operation it compares the current
 * key's state, every {@value #FULL_CHECK_INTERVAL} operations and at the end all state. The backend is closed
 * whatever happens.
 */
final class ScenarioRunner
{
    /** How many operations pass between two full comparisons. */
    static final int FULL_CHECK_INTERVAL = 20;

    private ScenarioRunner()
    {
    }

    /**
     * @param backendName the backend to run against.
     * @param scenario    what to run.
     * @throws AssertionError naming the step, the operation and what differed, if the backend and the model part.
     */
    static void run(final String backendName, final Scenario scenario)
    {
        try (BackendUnderTest sut = BackendUnderTest.open(backendName, scenario.maxParallelism()))
        {
            final StateModel model = new StateModel();
            final List<Op> ops = scenario.ops();
            for (int step = 0; step < ops.size(); step++)
            {
                final Op op = ops.get(step);
                try
                {
                    op.run(sut, model);
                    Checks.currentKey(sut, model);
                    if ((step + 1) % FULL_CHECK_INTERVAL == 0)
                    {
                        Checks.everything(sut, model);
                    }
                }
                catch (final Exception | AssertionError ex)
                {
                    throw new AssertionError("step " + step + ", " + op + ": " + ex, ex);
                }
            }
            try
            {
                Checks.everything(sut, model);
            }
            catch (final Exception | AssertionError ex)
            {
                throw new AssertionError("full check after the last step: " + ex, ex);
            }
        }
    }
}

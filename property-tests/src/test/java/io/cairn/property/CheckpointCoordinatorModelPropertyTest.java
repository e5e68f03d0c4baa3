package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

/**
 * Model-based properties of the checkpoint coordinator: random sequences of triggers, savepoints, acknowledgements
 * (first, repeated, of other state), declines, clock moves (expiry) and crashes followed by a restart on the same
 * directory run against the real coordinator and a model ({@link CoordinatorModel}). After every step: ids
 * increase, never more checkpoints pending than allowed, nothing completes without every acknowledgement, the
 * retained checkpoints are the newest N completed, and no file a retained checkpoint or a savepoint references,
 * as read back from the metadata on disk, is ever deleted. A failure shrinks to a minimal program.
 */
class CheckpointCoordinatorModelPropertyTest
{
    private static final int EXAMPLES = 250;

    @Test
    void shouldKeepTheCoordinatorInvariantsAfterEveryStep()
    {
        qt()
            .withExamples(EXAMPLES)
            .forAll(CoordinatorScenario.scenarios())
            .checkAssert(scenario -> CoordinatorModel.run(scenario, false));
    }

    @Test
    void shouldKeepEveryFileOfASavepointWhenItsAcknowledgementIsRepeatedLate()
    {
        qt()
            .withExamples(EXAMPLES)
            .forAll(CoordinatorScenario.scenarios())
            .checkAssert(scenario -> CoordinatorModel.run(scenario, true));
    }
}

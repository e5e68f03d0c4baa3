package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.api.Test;

/**
 * Retention of incremental checkpoints, model-based ({@link IncrementalRetentionModel}): random sequences of
 * incremental checkpoints whose chains share streams with the latest completed one, pending checkpoints completed
 * or aborted, savepoints, discarded checkpoints and savepoints, crashes followed by a restart on the same directory
 * (the shared-state registry rebuilt from the metadata on disk), and restores of older retained checkpoints whose
 * chains later checkpoints build on. After every step, read back from disk: no file a retained checkpoint or a
 * savepoint references is missing, no file in {@code shared/} outlives the last retained checkpoint referencing it
 * (but those of the checkpoint pending), and the registry counts exactly the retained references. A failure shrinks
 * to a minimal program.
 */
class IncrementalRetentionPropertyTest
{
    private static final int EXAMPLES = 200;

    @Test
    void shouldNeverLoseAReferencedFileNorKeepAnUnreferencedSharedOne()
    {
        qt()
            .withExamples(EXAMPLES)
            .forAll(IncrementalRetentionScenario.scenarios())
            .checkAssert(IncrementalRetentionModel::run);
    }
}

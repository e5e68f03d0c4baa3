package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restore and isolation: random sequences of operations, with snapshots taken between them and written at once,
 * later, or after the last step in any order (so several are in flight while writes go on). Restoring snapshot
 * {@code n} into a fresh backend gives exactly the model as it was when {@code n} was taken. A failure shrinks
 * to a minimal sequence, printed as a program.
 */
class SnapshotRestorePropertyTest
{
    private static final int EXAMPLES = 200;
    private static final int ROCKSDB_EXAMPLES = 25;

    @ParameterizedTest(name = "{0}")
    @MethodSource(Backends.ALL)
    void shouldRestoreEverySnapshotAsTheModelWasWhenItWasTaken(final String backendName)
    {
        final SnapshotBackends backends = new SnapshotBackends(backendName);
        qt()
            .withExamples(Backends.examples(backendName, EXAMPLES, ROCKSDB_EXAMPLES))
            .forAll(SnapshotScenario.scenarios())
            .checkAssert(scenario -> SnapshotScenarioRunner.run(backends, scenario));
    }
}

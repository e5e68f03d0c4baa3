package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Model-based properties of a keyed backend: random sequences of operations on value, list, map, reducing and
 * aggregating state, over several keys and namespaces, run against the backend and against a plain-Java model,
 * must observe the same state after every step. A failure shrinks to a minimal sequence, printed as a program.
 */
class KeyedStateModelPropertyTest
{
    private static final int WELL_FORMED_EXAMPLES = 1000;
    private static final int BAD_INPUT_EXAMPLES = 300;
    private static final int ROCKSDB_WELL_FORMED_EXAMPLES = 200;
    private static final int ROCKSDB_BAD_INPUT_EXAMPLES = 60;

    @ParameterizedTest(name = "{0}")
    @MethodSource(Backends.ALL)
    void shouldObserveTheModelStateAfterEveryOperation(final String backendName)
    {
        qt()
            .withExamples(Backends.examples(backendName, WELL_FORMED_EXAMPLES, ROCKSDB_WELL_FORMED_EXAMPLES))
            .forAll(Scenario.wellFormed())
            .checkAssert(scenario -> ScenarioRunner.run(backendName, scenario));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(Backends.ALL)
    void shouldRejectBadInputAndChangeNothing(final String backendName)
    {
        qt()
            .withExamples(Backends.examples(backendName, BAD_INPUT_EXAMPLES, ROCKSDB_BAD_INPUT_EXAMPLES))
            .forAll(Scenario.withBadInput())
            .checkAssert(scenario -> ScenarioRunner.run(backendName, scenario));
    }
}

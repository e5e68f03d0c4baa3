package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rescale: for any change of parallelism {@code p -> p'} in {@code 1..8}, with max parallelism 128 or 37, state
 * written by {@code p} subtasks and restored by {@code p'} subtasks from all {@code p} snapshots puts every key
 * in exactly the subtask that owns its key group, the union of the subtasks equals the model, and each subtask
 * reads of each stream only its structure (header, meta, index, footer) and the sections of its own key groups.
 * The checkpoints are whole (one stream each); {@link IncrementalCheckpointPropertyTest} rescales incremental ones.
 */
class RescalePropertyTest
{
    private static final int EXAMPLES = 300;
    private static final int ROCKSDB_EXAMPLES = 25;

    @ParameterizedTest(name = "{0}")
    @MethodSource(Backends.ALL)
    void shouldRestoreEachKeyInTheSubtaskOwningItsKeyGroupReadingOnlyOwnedKeyGroups(final String backendName)
    {
        final SnapshotBackends backends = SnapshotBackends.withWholeCheckpoints(backendName);
        qt()
            .withExamples(Backends.examples(backendName, EXAMPLES, ROCKSDB_EXAMPLES))
            .forAll(RescaleCase.cases())
            .checkAssert(rescale ->
            {
                try
                {
                    rescale.check(backends);
                }
                catch (final Exception ex)
                {
                    throw new AssertionError(ex.toString(), ex);
                }
            });
    }
}

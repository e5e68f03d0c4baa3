package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Integrity: a snapshot damaged by one flipped bit anywhere (every offset of a small stream, a sample of a large
 * one) or cut short fails to restore with a {@link io.cairn.snapshot.CorruptedStateException} that names the
 * stream, before any of it is loaded: the backend is left empty and usable. The checkpoints are whole (one stream
 * each); the RocksDB backend's incremental ones, its own files, are damaged in its module's tests.
 */
class CorruptionPropertyTest
{
    private static final int EXAMPLES = 100;
    /** A RocksDB example opens a few backends (damaged copies share one, {@link CorruptionCase}): about 1 s. */
    private static final int ROCKSDB_EXAMPLES = 5;

    /** An example checks up to a few thousand damaged copies: bound the time a failure spends shrinking. */
    private static final int SHRINK_CYCLES = 30;

    @ParameterizedTest(name = "{0}")
    @MethodSource(Backends.ALL)
    void shouldRefuseAnyFlippedBitOrTruncationAndStayEmptyAndUsable(final String backendName)
    {
        final SnapshotBackends backends = SnapshotBackends.withWholeCheckpoints(backendName);
        qt()
            .withExamples(Backends.examples(backendName, EXAMPLES, ROCKSDB_EXAMPLES))
            .withShrinkCycles(SHRINK_CYCLES)
            .forAll(CorruptionCase.cases())
            .checkAssert(corruption ->
            {
                try
                {
                    corruption.check(backends);
                }
                catch (final Exception ex)
                {
                    throw new AssertionError(ex.toString(), ex);
                }
            });
    }
}

package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Incremental = full = model: a backend with incremental checkpoints runs random writes with checkpoints in between
 * that complete, are aborted or expire. At every completed checkpoint a savepoint (a whole snapshot) of the same
 * moment is taken too. Then, for each backend that can read them: restoring each completed checkpoint, and restoring
 * its savepoint, both give the model as it was; and restoring the last one at another parallelism gives every
 * subtask exactly the model's keys of its key groups.
 *
 * <p>The writers: the off-heap backend (random chain bound and re-base threshold, so chains grow, hit their bound
 * and re-base), whose checkpoints every backend restores; and the RocksDB backend (shared SST files, built only on
 * completed checkpoints), whose checkpoints only it restores.
 */
class IncrementalCheckpointPropertyTest
{
    private static final int EXAMPLES = 150;
    private static final int ROCKSDB_EXAMPLES = 20;

    /** @return the writing and the restoring backend of each run: every reader of each writer's checkpoints. */
    static Stream<Arguments> writersAndReaders()
    {
        return Stream.of(
            Arguments.of("offheap", "offheap"),
            Arguments.of("offheap", "rocksdb"),
            Arguments.of("rocksdb", "rocksdb"));
    }

    @ParameterizedTest(name = "written by {0}, restored into {1}")
    @MethodSource("writersAndReaders")
    void shouldRestoreEveryCompletedCheckpointAsTheFullSnapshotAndTheModel(
        final String writerName, final String readerName)
    {
        final SnapshotBackends writing = SnapshotBackends.withIncrementalCheckpoints(writerName);
        final SnapshotBackends restoring = new SnapshotBackends(readerName);
        // A run against RocksDB, as writer or reader, runs its examples.
        final String slower = "rocksdb".equals(writerName) ? writerName : readerName;
        qt()
            .withExamples(Backends.examples(slower, EXAMPLES, ROCKSDB_EXAMPLES))
            .forAll(IncrementalScenario.scenarios())
            .checkAssert(scenario -> run(writing, restoring, scenario));
    }

    /** A completed checkpoint: its chains, a savepoint of the same moment, and the model then. */
    private record Completed(long id, KeyedStateHandle chains, KeyedStateHandle whole, SnapshotImage image)
    {
    }

    private static void run(
        final SnapshotBackends writing, final SnapshotBackends restoring, final IncrementalScenario scenario)
    {
        final List<Completed> completed = write(writing, scenario);
        for (final Completed checkpoint : completed)
        {
            compare(restoring, scenario.maxParallelism(), KeyGroupRange.of(0, scenario.maxParallelism() - 1),
                checkpoint.chains(), checkpoint.image(), "chains of checkpoint " + checkpoint.id());
            compare(restoring, scenario.maxParallelism(), KeyGroupRange.of(0, scenario.maxParallelism() - 1),
                checkpoint.whole(), checkpoint.image(), "savepoint of checkpoint " + checkpoint.id());
        }
        final Completed last = completed.get(completed.size() - 1);
        for (int subtask = 0; subtask < scenario.restoreParallelism(); subtask++)
        {
            final KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                scenario.maxParallelism(), scenario.restoreParallelism(), subtask);
            compare(restoring, scenario.maxParallelism(), range, last.chains(),
                last.image().ownedBy(range, scenario.maxParallelism()),
                "chains of checkpoint " + last.id() + " at subtask " + subtask + " of " +
                scenario.restoreParallelism() + " (" + range + ")");
        }
    }

    private static List<Completed> write(final SnapshotBackends writing, final IncrementalScenario scenario)
    {
        final KeyedStateBackend<Long> backend = writing.open(scenario.maxParallelism(),
            KeyGroupRange.of(0, scenario.maxParallelism() - 1), Map.of(
                IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, String.valueOf(scenario.maxChainLength()),
                IncrementalCheckpointSettings.REBASE_THRESHOLD, String.valueOf(scenario.rebaseThreshold())));
        final List<Completed> completed = new ArrayList<>();
        final CheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("incremental-property");
        final StateModel model = new StateModel();
        try (BackendUnderTest sut = BackendUnderTest.of(backend))
        {
            final List<IncrementalScenario.Step> steps = new ArrayList<>(scenario.steps());
            steps.add(new IncrementalScenario.Checkpoint(IncrementalScenario.Outcome.COMPLETE));
            long id = 0;
            for (int i = 0; i < steps.size(); i++)
            {
                final IncrementalScenario.Step step = steps.get(i);
                try
                {
                    if (step instanceof final IncrementalScenario.Write write)
                    {
                        write.op().run(sut, model);
                    }
                    else if (step instanceof final IncrementalScenario.Checkpoint checkpoint)
                    {
                        id += 2;
                        final KeyedStateHandle chains = take(backend, id, streams, CheckpointOptions.forCheckpoint());
                        switch (checkpoint.outcome())
                        {
                            case COMPLETE:
                                final KeyedStateHandle whole = take(backend, id + 1, streams,
                                    new CheckpointOptions(CheckpointType.SAVEPOINT, null));
                                backend.notifyCheckpointComplete(id);
                                completed.add(new Completed(id, chains, whole, SnapshotImage.of(model)));
                                break;
                            case ABORT:
                                backend.notifyCheckpointAborted(id);
                                break;
                            default:
                                break;
                        }
                    }
                }
                catch (final Exception | AssertionError ex)
                {
                    throw new AssertionError("step " + i + ", " + step + ": " + ex, ex);
                }
            }
        }
        return completed;
    }

    private static KeyedStateHandle take(
        final KeyedStateBackend<Long> backend,
        final long id,
        final CheckpointStreamFactory streams,
        final CheckpointOptions options) throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(id, id, streams, options);
        future.run();
        return future.get().getJobManagerOwnedSnapshot();
    }

    private static void compare(
        final SnapshotBackends restoring,
        final int maxParallelism,
        final KeyGroupRange range,
        final KeyedStateHandle handle,
        final SnapshotImage expected,
        final String what)
    {
        try (KeyedStateBackend<Long> restored = restoring.open(maxParallelism, range))
        {
            restored.restore(handle == null ? List.of() : List.of(handle));
            final String differences = SnapshotImage.read(restored, expected).differencesFrom(expected);
            if (differences != null)
            {
                throw new AssertionError("restore(" + what + ") into " + restoring + " is not the model: " +
                    differences);
            }
        }
        catch (final Exception ex)
        {
            throw new AssertionError("restore(" + what + ") into " + restoring + " failed: " + ex, ex);
        }
    }
}

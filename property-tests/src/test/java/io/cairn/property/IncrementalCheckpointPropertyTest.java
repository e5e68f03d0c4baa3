package io.cairn.property;

import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Incremental = full = model: an off-heap backend with incremental checkpoints (random chain bound and re-base
 * threshold, so chains grow, hit their bound and re-base) runs random writes with checkpoints in between that
 * complete, are aborted or expire. At every completed checkpoint a savepoint (a whole snapshot) of the same moment
 * is taken too. Then, for each backend: restoring each completed checkpoint's chains, and restoring its savepoint,
 * both give the model as it was; and restoring the last one at another parallelism gives every subtask exactly the
 * model's keys of its key groups.
 */
class IncrementalCheckpointPropertyTest
{
    private static final int EXAMPLES = 150;
    private static final int ROCKSDB_EXAMPLES = 20;

    @ParameterizedTest(name = "restore into {0}")
    @MethodSource(Backends.ALL)
    void shouldRestoreEveryCompletedChainAsTheFullSnapshotAndTheModel(final String backendName)
    {
        final SnapshotBackends restoring = new SnapshotBackends(backendName);
        qt()
            .withExamples(Backends.examples(backendName, EXAMPLES, ROCKSDB_EXAMPLES))
            .forAll(IncrementalScenario.scenarios())
            .checkAssert(scenario -> run(restoring, scenario));
    }

    /** A completed checkpoint: its chains, a savepoint of the same moment, and the model then. */
    private record Completed(long id, KeyedStateHandle chains, KeyedStateHandle whole, SnapshotImage image)
    {
    }

    private static void run(final SnapshotBackends restoring, final IncrementalScenario scenario)
    {
        final List<Completed> completed = write(scenario);
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

    private static List<Completed> write(final IncrementalScenario scenario)
    {
        final KeyedStateBackend<Long> backend = StateBackendLoader.loadStateBackendFromConfig(Map.of(
            StateBackendLoader.STATE_BACKEND_TYPE, "offheap",
            IncrementalCheckpointSettings.INCREMENTAL, "true",
            IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, String.valueOf(scenario.maxChainLength()),
            IncrementalCheckpointSettings.REBASE_THRESHOLD, String.valueOf(scenario.rebaseThreshold())))
            .createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                .numberOfKeyGroups(scenario.maxParallelism())
                .keyGroupRange(KeyGroupRange.of(0, scenario.maxParallelism() - 1))
                .memoryBudgetBytes(Backends.MEMORY_BUDGET_BYTES)
                .maxValueLength(Backends.MAX_VALUE_LENGTH)
                .build());
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

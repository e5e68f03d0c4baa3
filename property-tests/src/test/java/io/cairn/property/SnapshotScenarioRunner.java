package io.cairn.property;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;

/**
 * Runs a {@link SnapshotScenario}: the operations against a backend and the model, a snapshot and an image of the
 * model at each snapshot step, the snapshots' writes when the scenario says; then restores every snapshot into a
 * fresh backend and compares it with the model's image of its moment. Every backend is closed, and every snapshot
 * not written is cancelled, whatever happens.
 */
final class SnapshotScenarioRunner
{
    private SnapshotScenarioRunner()
    {
    }

    /** A snapshot taken: its number, the step that took it, its write, and the model at the time. */
    private record Taken(
        int number, int step, RunnableFuture<SnapshotResult<KeyedStateHandle>> future, SnapshotImage image)
    {
        @Override
        public String toString()
        {
            return "snapshot " + number + " (taken at step " + step + ")";
        }
    }

    /**
     * @param backends the backend to run against.
     * @param scenario what to run.
     * @throws AssertionError naming the step or the snapshot, if the backend and the model part.
     */
    static void run(final SnapshotBackends backends, final SnapshotScenario scenario)
    {
        final List<Taken> taken = new ArrayList<>();
        try (BackendUnderTest sut = BackendUnderTest.open(backends.name(), scenario.maxParallelism()))
        {
            writeAndSnapshot(sut, scenario, taken);
        }
        for (final Taken snapshot : taken)
        {
            restoreAndCompare(backends, scenario.maxParallelism(), snapshot);
        }
    }

    private static void writeAndSnapshot(
        final BackendUnderTest sut, final SnapshotScenario scenario, final List<Taken> taken)
    {
        final StateModel model = new StateModel();
        final CheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("snapshot-property");
        final List<Taken> pending = new ArrayList<>();
        final List<SnapshotScenario.Step> steps = scenario.steps();
        try
        {
            for (int i = 0; i <= steps.size(); i++)
            {
                final SnapshotScenario.Step step = i < steps.size() ? steps.get(i) :
                    new SnapshotScenario.TakeSnapshot(false);
                try
                {
                    if (step instanceof final SnapshotScenario.Write write)
                    {
                        write.op().run(sut, model);
                        Checks.currentKey(sut, model);
                    }
                    else if (step instanceof final SnapshotScenario.TakeSnapshot snapshot)
                    {
                        final int number = taken.size() + 1;
                        final Taken next = new Taken(number, i, sut.backend().snapshot(
                            number, number, streams, CheckpointOptions.forCheckpoint()), SnapshotImage.of(model));
                        taken.add(next);
                        if (snapshot.runAtOnce())
                        {
                            next.future().run();
                        }
                        else
                        {
                            pending.add(next);
                        }
                    }
                    else if (step instanceof final SnapshotScenario.RunPending run && !pending.isEmpty())
                    {
                        pending.remove(run.choice() % pending.size()).future().run();
                    }
                }
                catch (final Exception | AssertionError ex)
                {
                    throw new AssertionError("step " + i + ", " + step + ": " + ex, ex);
                }
            }
            final List<Integer> runOrder = scenario.runOrder();
            for (int i = 0; !pending.isEmpty(); i++)
            {
                pending.remove(runOrder.get(i % runOrder.size()) % pending.size()).future().run();
            }
            try
            {
                Checks.everything(sut, model);
            }
            catch (final Exception | AssertionError ex)
            {
                throw new AssertionError("full check of the backend after every snapshot was written: " + ex, ex);
            }
        }
        finally
        {
            for (final Taken snapshot : pending)
            {
                snapshot.future().cancel(false);
            }
        }
    }

    private static void restoreAndCompare(
        final SnapshotBackends backends, final int maxParallelism, final Taken snapshot)
    {
        final KeyedStateHandle handle;
        try
        {
            handle = snapshot.future().get().getJobManagerOwnedSnapshot();
        }
        catch (final ExecutionException ex)
        {
            throw new AssertionError("writing " + snapshot + " failed: " + ex.getCause(), ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        try (KeyedStateBackend<Long> restored = backends.open(maxParallelism, KeyGroupRange.of(0, maxParallelism - 1)))
        {
            restored.restore(handle == null ? List.of() : List.of(handle));
            final String differences = SnapshotImage.read(restored, snapshot.image()).differencesFrom(snapshot.image());
            if (differences != null)
            {
                throw new AssertionError("restore(" + snapshot + ") is not the model at that moment: " + differences);
            }
        }
        catch (final Exception ex)
        {
            throw new AssertionError("restore(" + snapshot + ") failed: " + ex, ex);
        }
    }
}

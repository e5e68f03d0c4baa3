package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import io.cairn.checkpoint.AcknowledgeCheckpoint;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.CheckpointException;
import io.cairn.checkpoint.CheckpointFailureReason;
import io.cairn.checkpoint.CheckpointMetadataSerializer;
import io.cairn.checkpoint.CheckpointMetrics;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.DeclineCheckpoint;
import io.cairn.checkpoint.ManualTimeService;
import io.cairn.checkpoint.SavepointFormatType;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * Runs an {@link IncrementalRetentionScenario} against a real {@link CheckpointCoordinator} (filesystem storage in a
 * temporary directory, a {@link ManualTimeService}, the direct I/O executor, the default store) whose subtasks write
 * incremental checkpoints ({@link IncrementalParticipant}), and checks after every step, from what is on disk
 * ({@link RetainedFiles}):
 * <ul>
 *     <li>every file the metadata of a retained checkpoint or a savepoint references exists;</li>
 *     <li>every file in {@code shared/} is referenced by a retained checkpoint's metadata, or written by the
 *     checkpoint pending now (every cleanup has run by the end of a step: the I/O executor is the caller);</li>
 *     <li>the shared-state registry counts, per stream, the retained checkpoints whose metadata lists it;</li>
 *     <li>the store and the {@code chk-<id>} directories hold the checkpoints the model retains, and a checkpoint
 *     completes exactly when every stream it inherits is still referenced by a retained one, else fails with
 *     {@link CheckpointFailureReason#FINALIZE_CHECKPOINT_FAILURE}.</li>
 * </ul>
 */
final class IncrementalRetentionModel implements AutoCloseable
{
    private static final String JOB_ID = "incremental-job";
    private static final int MAX_PARALLELISM = 8;

    private final IncrementalRetentionScenario scenario;
    private final Path base;
    private final Path savepointsDirectory;
    private final FileSystemCheckpointStorage storage;
    private final RetainedFiles files;
    private ManualTimeService time;
    private CheckpointCoordinator coordinator;
    private List<IncrementalParticipant> participants;

    /** What the store holds, by id, with each subtask's handle: discarded ones too, until a restart or subsumption. */
    private final TreeMap<Long, List<IncrementalKeyGroupsStateHandle>> inStore = new TreeMap<>();
    private final Set<Long> discarded = new HashSet<>();
    private final TreeMap<Long, CompletedCheckpoint> savepoints = new TreeMap<>();
    private Pending pending;
    private String where = "start";

    private IncrementalRetentionModel(final IncrementalRetentionScenario scenario) throws IOException
    {
        this.scenario = scenario;
        this.base = CoordinatorFiles.createTempDirectory("cairn-incremental-");
        this.savepointsDirectory = base.resolve("savepoints").toAbsolutePath().normalize();
        this.storage = new FileSystemCheckpointStorage(base, JOB_ID);
        this.files = new RetainedFiles(base.resolve(JOB_ID).toAbsolutePath().normalize(), savepointsDirectory);
    }

    /**
     * Runs the scenario, checking the invariants after every step.
     *
     * @param scenario the scenario.
     */
    static void run(final IncrementalRetentionScenario scenario)
    {
        try (IncrementalRetentionModel model = new IncrementalRetentionModel(scenario))
        {
            model.startCoordinator();
            model.checkInvariants();
            for (int i = 0; i < scenario.steps().size(); i++)
            {
                final IncrementalRetentionStep step = scenario.steps().get(i);
                model.where = "step " + i + " (" + step + ")";
                model.apply(step);
                model.checkInvariants();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void startCoordinator()
    {
        time = new ManualTimeService(time == null ? 0 : time.currentTimeMillis());
        participants = new ArrayList<>();
        for (int i = 0; i < scenario.parallelism(); i++)
        {
            participants.add(new IncrementalParticipant(i, scenario.parallelism(), MAX_PARALLELISM));
        }
        coordinator = CheckpointCoordinator.builder(JOB_ID, storage)
            .configuration(CheckpointCoordinatorConfiguration.builder()
                .setMaxParallelism(MAX_PARALLELISM)
                .setMaxConcurrentCheckpoints(1)
                .setNumberOfRetainedCheckpoints(scenario.retained())
                .build())
            .timeService(time)
            .participants(participants)
            .build();
    }

    private void apply(final IncrementalRetentionStep step)
    {
        switch (step.kind())
        {
            case SKIP:
                break;
            case CHECKPOINT:
                if (pending == null)
                {
                    trigger(step.seed(), scenario.parallelism());
                }
                else
                {
                    completePending();
                }
                break;
            case TRIGGER:
                if (pending == null)
                {
                    trigger(step.seed(), scenario.parallelism() - 1);
                }
                break;
            case ABORT:
                abortPending();
                break;
            case SAVEPOINT:
                savepoint();
                break;
            case DISCARD:
                discard(step.target());
                break;
            case RESTART:
                restart();
                break;
            case RESTORE_OLDER:
                restoreOlder(step.target());
                break;
            default:
                fail("unknown step " + step);
        }
    }

    /** Triggers a checkpoint; every subtask writes its streams, and the first {@code acknowledgements} acknowledge. */
    private void trigger(final int seed, final int acknowledgements)
    {
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        assertFalse(future.isDone(), () -> where + ": expected a pending checkpoint, got " + future);
        final long id = coordinator.getPendingCheckpointIds().get(0);
        final SplittableRandom random = new SplittableRandom(seed);
        final List<IncrementalKeyGroupsStateHandle> handles = new ArrayList<>();
        for (final IncrementalParticipant participant : participants)
        {
            handles.add(participant.writeIncremental(id, scenario.maxChain(), random));
        }
        pending = new Pending(id, future, handles);
        for (int subtask = 0; subtask < acknowledgements; subtask++)
        {
            acknowledge(subtask);
        }
        if (acknowledgements == scenario.parallelism())
        {
            completed();
        }
    }

    private void completePending()
    {
        for (int subtask = pending.acknowledged; subtask < scenario.parallelism(); subtask++)
        {
            acknowledge(subtask);
        }
        completed();
    }

    private void acknowledge(final int subtask)
    {
        final boolean last = subtask == scenario.parallelism() - 1;
        if (last)
        {
            pending.expectSuccess = liveStreams().containsAll(pending.inherited());
        }
        final AcknowledgeCheckpoint ack = new AcknowledgeCheckpoint(pending.id, subtask,
            new TaskStateSnapshot(List.of(pending.handles.get(subtask)), List.of()), CheckpointMetrics.none());
        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null), where + ": " + ack + " is taken");
        pending.acknowledged = subtask + 1;
    }

    /** The last acknowledgement was sent: the pending checkpoint completed, or failed on a deleted stream. */
    private void completed()
    {
        final Pending done = pending;
        pending = null;
        assertTrue(done.future.isDone(), where + ": the last acknowledgement ends checkpoint " + done.id);
        if (!done.expectSuccess)
        {
            assertEquals(CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, failureOf(done.future).getReason(),
                where + ": checkpoint " + done.id + " inherits a stream no retained checkpoint references");
            // Told of the failure, the backends write everything anew next time.
            participants.forEach(participant -> participant.baseline(null));
            return;
        }
        assertFalse(done.future.isCompletedExceptionally(), () -> where + ": checkpoint " + done.id +
            " inherits only referenced streams, yet " + done.future);
        inStore.put(done.id, done.handles);
        while (inStore.size() > scenario.retained())
        {
            discarded.remove(inStore.pollFirstEntry().getKey());
        }
        for (int subtask = 0; subtask < participants.size(); subtask++)
        {
            participants.get(subtask).baseline(done.handles.get(subtask));
        }
    }

    private void abortPending()
    {
        if (pending == null)
        {
            return;
        }
        assertTrue(coordinator.receiveDeclineMessage(
            new DeclineCheckpoint(pending.id, scenario.parallelism() - 1, null), null), where);
        assertEquals(CheckpointFailureReason.CHECKPOINT_DECLINED, failureOf(pending.future).getReason(), where);
        // What was acknowledged is the coordinator's to discard; what was not, the declining subtask's own.
        for (int subtask = pending.acknowledged; subtask < scenario.parallelism(); subtask++)
        {
            try
            {
                pending.handles.get(subtask).discardState();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        pending = null;
    }

    private void savepoint()
    {
        final CompletableFuture<CompletedCheckpoint> future =
            coordinator.triggerSavepoint(savepointsDirectory.toString(), SavepointFormatType.CANONICAL);
        final List<Long> ids = coordinator.getPendingCheckpointIds();
        final long id = ids.get(ids.size() - 1);
        for (final IncrementalParticipant participant : participants)
        {
            assertTrue(coordinator.receiveAcknowledgeMessage(new AcknowledgeCheckpoint(id,
                participant.getSubtaskIndex(), participant.writeFull(id), CheckpointMetrics.none()), null), where);
        }
        assertTrue(future.isDone() && !future.isCompletedExceptionally(), () -> where + ": savepoint " + future);
        savepoints.put(id, future.join());
    }

    /** Discards a retained checkpoint (from the store, which keeps it until it is subsumed) or a savepoint. */
    private void discard(final int target)
    {
        final List<Long> candidates = new ArrayList<>(retainedIds());
        candidates.addAll(savepoints.keySet());
        if (candidates.isEmpty())
        {
            return;
        }
        final long id = candidates.get(target % candidates.size());
        if (savepoints.containsKey(id))
        {
            savepoints.remove(id).discard().join();
            return;
        }
        final CompletedCheckpoint checkpoint = coordinator.getCheckpointStore().getAllCheckpoints().stream()
            .filter(retained -> retained.getCheckpointId() == id).findFirst()
            .orElseThrow(() -> new AssertionError(where + ": checkpoint " + id + " is not in the store"));
        checkpoint.discard().join();
        discarded.add(id);
    }

    /** Drops the coordinator without a shutdown, starts a new one on the directory, and restores the latest. */
    private void restart()
    {
        pending = null;
        inStore.keySet().removeAll(discarded);
        discarded.clear();
        startCoordinator();
        final boolean restored = coordinator.restoreLatestCheckpointedStateToAll(participants, false);
        assertEquals(!inStore.isEmpty(), restored, where + ": restored the latest retained checkpoint");
        for (int subtask = 0; restored && subtask < participants.size(); subtask++)
        {
            assertEquals(inStore.lastEntry().getValue().get(subtask), participants.get(subtask).baseline(),
                where + ": subtask " + subtask + " restored the latest retained checkpoint");
        }
    }

    /** The subtasks restore an older retained checkpoint from its metadata, as a job started from its path would. */
    private void restoreOlder(final int target)
    {
        final List<Long> candidates = new ArrayList<>(retainedIds());
        if (candidates.isEmpty())
        {
            return;
        }
        final long id = candidates.get(target % candidates.size());
        final List<TaskStateSnapshot> states;
        try
        {
            states = CheckpointMetadataSerializer.read(files.checkpointDirectory(id)).getTaskStates();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(where + ": cannot read checkpoint " + id, ex);
        }
        for (int subtask = 0; subtask < participants.size(); subtask++)
        {
            participants.get(subtask)
                .baseline((IncrementalKeyGroupsStateHandle)states.get(subtask).getKeyedState().get(0));
        }
    }

    private void checkInvariants()
    {
        final List<Long> stored = coordinator.getCheckpointStore().getAllCheckpoints().stream()
            .map(CompletedCheckpoint::getCheckpointId).collect(Collectors.toList());
        assertEquals(new ArrayList<>(inStore.keySet()), stored, where + ": the store");
        assertEquals(retainedIds(), files.completedCheckpointIds(), where + ": chk-<id> directories with _metadata");
        assertEquals(savepoints.keySet(), files.savepointIds(), where + ": savepoints on disk");
        assertEquals(List.of(), files.missingReferencedFiles(), where + ": files retained metadata references");

        final Set<Path> allowed = new HashSet<>(files.sharedFilesReferenced());
        if (pending != null)
        {
            allowed.addAll(RetainedFiles.filesOf(pending.own()));
            assertTrue(files.sharedFiles().containsAll(RetainedFiles.filesOf(pending.own())),
                where + ": the pending checkpoint's streams exist");
        }
        final Set<Path> unreferenced = new TreeSet<>(files.sharedFiles());
        unreferenced.removeAll(allowed);
        assertEquals(Set.of(), unreferenced, where + ": files in shared/ no retained checkpoint references");
        assertEquals(files.referenceCounts(), coordinator.getSharedStateRegistry().getReferenceCounts(),
            where + ": the registry's counts are those of the retained metadata on disk");
        assertEquals(retainedIds(), coordinator.getSharedStateRegistry().getRegisteredCheckpointIds(),
            where + ": registered checkpoints");
    }

    /** @return the ids of the checkpoints retained and not discarded, ascending. */
    private TreeSet<Long> retainedIds()
    {
        final TreeSet<Long> ids = new TreeSet<>(inStore.keySet());
        ids.removeAll(discarded);
        return ids;
    }

    /** @return every stream a retained, not discarded checkpoint references. */
    private Set<StreamStateHandle> liveStreams()
    {
        final Set<StreamStateHandle> live = new HashSet<>();
        for (final long id : retainedIds())
        {
            for (final IncrementalKeyGroupsStateHandle handle : inStore.get(id))
            {
                live.addAll(handle.getStreams());
            }
        }
        return live;
    }

    private CheckpointException failureOf(final CompletableFuture<CompletedCheckpoint> future)
    {
        assertTrue(future.isCompletedExceptionally(), () -> where + ": expected a failed checkpoint: " + future);
        try
        {
            future.join();
        }
        catch (final CompletionException ex)
        {
            return assertInstanceOf(CheckpointException.class, ex.getCause(), where);
        }
        return fail("unreachable");
    }

    @Override
    public void close() throws IOException
    {
        CoordinatorFiles.deleteRecursively(base);
    }

    /** The checkpoint pending now: its subtasks' handles, and how many acknowledged. */
    private static final class Pending
    {
        private final long id;
        private final CompletableFuture<CompletedCheckpoint> future;
        private final List<IncrementalKeyGroupsStateHandle> handles;
        private int acknowledged;
        private boolean expectSuccess;

        Pending(
            final long id,
            final CompletableFuture<CompletedCheckpoint> future,
            final List<IncrementalKeyGroupsStateHandle> handles)
        {
            this.id = id;
            this.future = future;
            this.handles = handles;
        }

        /** @return the streams its handles list that earlier checkpoints wrote. */
        Set<StreamStateHandle> inherited()
        {
            final Set<StreamStateHandle> inherited = new HashSet<>();
            for (final IncrementalKeyGroupsStateHandle handle : handles)
            {
                for (int i = 0; i < handle.getStreams().size(); i++)
                {
                    if (handle.getStreamCheckpointId(i) < id)
                    {
                        inherited.add(handle.getStreams().get(i));
                    }
                }
            }
            return inherited;
        }

        /** @return the streams it wrote itself. */
        List<StreamStateHandle> own()
        {
            final List<StreamStateHandle> own = new ArrayList<>();
            handles.forEach(handle -> own.addAll(handle.getOwnStreams()));
            return own;
        }
    }
}

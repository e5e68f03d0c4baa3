package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SharedStateHandle;
import io.cairn.snapshot.StateHandle;
import io.cairn.snapshot.StateHandles;
import io.cairn.snapshot.StreamStateHandle;

/**
 * The two ends of a pending checkpoint, for {@link CheckpointCoordinator}: finalizing it (its shared streams
 * registered, metadata made durable, the store updated, older pending checkpoints subsumed, participants notified,
 * the future completed, in that order) and aborting it (its state and directory discarded, the failure counted,
 * participants notified). Runs on whichever thread ends the checkpoint; shares the coordinator's lock-free pending
 * map and counters. Shared streams the registry holds are never discarded here: the registry deletes them.
 */
final class CheckpointCompleter
{
    private static final int RECENTLY_COMPLETED = 16;

    private final String jobId;
    private final SharedStateRegistry sharedState;
    private final CompletedCheckpointStore store;
    private final TimeService timeService;
    private final Executor ioExecutor;
    private final List<CheckpointParticipant> participants;
    private final CheckpointStatsTracker stats;
    private final CheckpointFailureManager failureManager;
    private final ConcurrentSkipListMap<Long, PendingCheckpoint> pending;
    private final AtomicInteger pendingCount;
    private final AtomicLong lastCompletionMillis;
    /** The last few completed checkpoints and savepoints, so a late duplicate of an accepted ack is recognised. */
    private final ConcurrentSkipListMap<Long, CompletedCheckpoint> recentlyCompleted = new ConcurrentSkipListMap<>();

    CheckpointCompleter(
        final String jobId,
        final SharedStateRegistry sharedState,
        final CompletedCheckpointStore store,
        final TimeService timeService,
        final Executor ioExecutor,
        final List<CheckpointParticipant> participants,
        final CheckpointStatsTracker stats,
        final CheckpointFailureManager failureManager,
        final ConcurrentSkipListMap<Long, PendingCheckpoint> pending,
        final AtomicInteger pendingCount,
        final AtomicLong lastCompletionMillis)
    {
        this.jobId = jobId;
        this.sharedState = sharedState;
        this.store = store;
        this.timeService = timeService;
        this.ioExecutor = ioExecutor;
        this.participants = participants;
        this.stats = stats;
        this.failureManager = failureManager;
        this.pending = pending;
        this.pendingCount = pendingCount;
        this.lastCompletionMillis = lastCompletionMillis;
    }

    void finalizeCheckpoint(final PendingCheckpoint checkpoint)
    {
        checkpoint.cancelTimeout();
        CompletedCheckpoint completed = null;
        boolean registered = false;
        try
        {
            final long completionMillis = timeService.currentTimeMillis();
            final List<TaskStateSnapshot> states = checkpoint.states();
            long size = 0;
            for (final TaskStateSnapshot state : states)
            {
                size += state.getStateSize();
            }
            final CompletedCheckpointStats checkpointStats = new CompletedCheckpointStats(
                checkpoint.checkpointId(), checkpoint.timestamp(), completionMillis - checkpoint.timestamp(), size,
                checkpoint.maxSyncNanos(), checkpoint.maxAsyncNanos(), states.size());
            final CheckpointMetadata metadata = new CheckpointMetadata(jobId, checkpoint.checkpointId(),
                checkpoint.timestamp(), completionMillis, checkpoint.properties(), states,
                checkpoint.masterStates(), checkpointStats);
            completed = metadata.toCompletedCheckpoint(checkpoint.location().getDirectory());
            if (checkpoint.properties().isSavepoint())
            {
                checkSelfContained(checkpoint.checkpointId(), states);
            }
            else
            {
                // Before the metadata, so a checkpoint referencing a deleted stream never looks complete, and before
                // any older checkpoint is subsumed, so a stream it shares with one never loses its last reference.
                sharedState.registerCheckpoint(completed);
                registered = true;
            }
            CheckpointMetadataSerializer.write(metadata, checkpoint.location().getDirectory());
            if (!checkpoint.properties().isSavepoint())
            {
                final List<CompletedCheckpoint> subsumed = store.addCheckpointAndSubsumeOldest(completed);
                ioExecutor.execute(() ->
                {
                    subsumed.forEach(CompletedCheckpoint::discardOnSubsume);
                    sharedState.cleanup();
                });
            }
            stats.reportCompleted(checkpointStats);
        }
        catch (final IOException | RuntimeException ex)
        {
            if (registered)
            {
                sharedState.unregisterCheckpoint(completed);
            }
            final List<TaskStateSnapshot> taken = checkpoint.abort(true);
            finishAbort(checkpoint, taken, new CheckpointException(checkpoint.checkpointId(),
                CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, ex.getMessage(), ex));
            return;
        }
        recentlyCompleted.put(checkpoint.checkpointId(), completed);
        while (recentlyCompleted.size() > RECENTLY_COMPLETED)
        {
            recentlyCompleted.pollFirstEntry();
        }
        pending.remove(checkpoint.checkpointId());
        pendingCount.decrementAndGet();
        lastCompletionMillis.accumulateAndGet(timeService.currentTimeMillis(), Math::max);
        checkpoint.markCompleted();
        failureManager.handleSuccess();
        if (!checkpoint.properties().isSavepoint())
        {
            for (final PendingCheckpoint older : pending.headMap(checkpoint.checkpointId()).values())
            {
                if (!older.properties().isSavepoint())
                {
                    abort(older, CheckpointFailureReason.CHECKPOINT_SUBSUMED,
                        "checkpoint " + checkpoint.checkpointId() + " completed first", null);
                }
            }
        }
        for (final CheckpointParticipant participant : participants)
        {
            participant.notifyCheckpointComplete(checkpoint.checkpointId());
        }
        checkpoint.future().complete(completed);
    }

    boolean abort(
        final PendingCheckpoint checkpoint, final CheckpointFailureReason reason, final String detail,
        final Throwable cause)
    {
        final List<TaskStateSnapshot> taken = checkpoint.abort(false);
        if (taken == null)
        {
            return false;
        }
        checkpoint.cancelTimeout();
        finishAbort(checkpoint, taken, new CheckpointException(checkpoint.checkpointId(), reason, detail, cause));
        return true;
    }

    private void finishAbort(
        final PendingCheckpoint checkpoint, final List<TaskStateSnapshot> taken, final CheckpointException failure)
    {
        if (taken == null)
        {
            return;
        }
        pending.remove(checkpoint.checkpointId());
        pendingCount.decrementAndGet();
        ioExecutor.execute(() ->
        {
            discardNow(taken);
            sharedState.cleanup();
            try
            {
                checkpoint.location().disposeOnFailure();
            }
            catch (final IOException ignored)
            {
                // The directory stays; the store's cleanup removes directories without metadata.
            }
        });
        stats.reportFailed();
        failureManager.handleFailure(failure);
        for (final CheckpointParticipant participant : participants)
        {
            participant.notifyCheckpointAborted(checkpoint.checkpointId());
        }
        checkpoint.future().completeExceptionally(failure);
    }

    void discardUnlessRetained(final AcknowledgeCheckpoint message)
    {
        CompletedCheckpoint completed = recentlyCompleted.get(message.getCheckpointId());
        if (completed == null)
        {
            for (final CompletedCheckpoint retained : store.getAllCheckpoints())
            {
                if (retained.getCheckpointId() == message.getCheckpointId())
                {
                    completed = retained;
                }
            }
        }
        if (completed != null && message.getSubtaskIndex() >= 0 &&
            message.getSubtaskIndex() < completed.getNumberOfSubtasks() &&
            completed.getTaskStates().get(message.getSubtaskIndex()).equals(message.getSubtaskState()))
        {
            return;
        }
        if (livesInACompletedCheckpoint(message.getSubtaskState()))
        {
            // A repeat of an acknowledgement this coordinator no longer remembers (an older savepoint, or one
            // completed before a restart): its files are the completed checkpoint's own. Leave them.
            return;
        }
        discardLater(List.of(message.getSubtaskState()));
    }

    /**
     * @return true if a file of the state is referenced by the metadata of a completed checkpoint or savepoint
     * lying beside it. Unreadable metadata counts as a reference: when in doubt, nothing is deleted.
     */
    private static boolean livesInACompletedCheckpoint(final TaskStateSnapshot state)
    {
        for (final StateHandle handle : state.allHandles())
        {
            final StreamStateHandle stream = handle instanceof KeyGroupsStateHandle ?
                ((KeyGroupsStateHandle)handle).getDelegate() :
                handle instanceof OperatorStateHandle ? ((OperatorStateHandle)handle).getDelegate() :
                handle instanceof SharedStateHandle ? firstExclusive((SharedStateHandle)handle) : null;
            if (!(stream instanceof FileStateHandle))
            {
                continue;
            }
            final Path parent = ((FileStateHandle)stream).getFilePath().getParent();
            if (parent == null || !Files.exists(parent.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)))
            {
                continue;
            }
            try
            {
                for (final TaskStateSnapshot referenced : CheckpointMetadataSerializer.read(parent).getTaskStates())
                {
                    for (final StateHandle candidate : referenced.allHandles())
                    {
                        if (candidate.equals(handle))
                        {
                            return true;
                        }
                    }
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                return true;
            }
        }
        return false;
    }

    /** @return an exclusive stream of the handle (it lies in its checkpoint's directory), or null if it has none. */
    private static StreamStateHandle firstExclusive(final SharedStateHandle handle)
    {
        final List<StreamStateHandle> exclusive = handle.getExclusiveStreams();
        return exclusive.isEmpty() ? null : exclusive.get(0);
    }

    void discardLater(final List<TaskStateSnapshot> states)
    {
        ioExecutor.execute(() -> discardNow(states));
    }

    /**
     * Discards state no completed checkpoint holds. Of an incremental handle ({@link SharedStateHandle}), only the
     * streams its own checkpoint wrote, and of those only the ones the registry does not hold: a late
     * acknowledgement of a completed checkpoint may name streams that retained checkpoints still reference.
     */
    private void discardNow(final List<TaskStateSnapshot> states)
    {
        for (final TaskStateSnapshot state : states)
        {
            final List<StateHandle> handles = new ArrayList<>();
            for (final StateHandle handle : state.allHandles())
            {
                if (handle instanceof SharedStateHandle)
                {
                    for (final StreamStateHandle own : ((SharedStateHandle)handle).getOwnStreams())
                    {
                        if (!sharedState.holds(own))
                        {
                            handles.add(own);
                        }
                    }
                }
                else
                {
                    handles.add(handle);
                }
            }
            try
            {
                StateHandles.discardAll(handles);
            }
            catch (final IOException ignored)
            {
                // Left for the directory cleanup of the checkpoint it belonged to, or the shared directory's.
            }
        }
    }

    /** A savepoint is self-contained: an incremental handle would reference streams the registry may delete. */
    private static void checkSelfContained(final long checkpointId, final List<TaskStateSnapshot> states)
    {
        for (int subtask = 0; subtask < states.size(); subtask++)
        {
            final List<KeyedStateHandle> keyed = states.get(subtask).getKeyedState();
            for (int i = 0; i < keyed.size(); i++)
            {
                if (keyed.get(i) instanceof SharedStateHandle)
                {
                    throw new IllegalArgumentException("savepoint " + checkpointId + ": taskStates[" + subtask +
                        "].keyedState[" + i + "]=" + keyed.get(i) + "; expected a full snapshot " +
                        "(KeyGroupsStateHandle), as a savepoint is self-contained");
                }
            }
        }
    }
}

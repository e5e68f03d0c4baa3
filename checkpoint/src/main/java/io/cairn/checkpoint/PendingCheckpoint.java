package io.cairn.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.snapshot.CheckpointProperties;

/**
 * A triggered checkpoint waiting for its acknowledgements. All of its state is atomic; no lock is taken.
 *
 * <p>Design. One slot per subtask holds its acknowledged state ({@code null} until then, {@link #TAKEN} once the
 * state was handed to the aborter). A counter of missing acknowledgements is decremented by each first
 * acknowledgement; the thread that brings it to zero is the one that finalizes. A status word moves from
 * PENDING to FINALIZING (by that thread) or to ABORTED (by a decline, an expiry, a subsumption or a shutdown):
 * exactly one CAS wins, so a checkpoint either completes or is aborted, never both. State that reaches an aborted
 * checkpoint is discarded exactly once: the aborter takes every slot it finds filled ({@code getAndSet(TAKEN)});
 * an acknowledger that sees ABORTED after filling its slot tries to take it back itself, and whichever of the two
 * takes it discards it.
 */
final class PendingCheckpoint
{
    /** The outcome of an acknowledgement. */
    enum AckResult
    {
        /** Accepted; others are still missing. */
        SUCCESS,
        /** Accepted, and it was the last: the caller finalizes. */
        LAST,
        /** The subtask had acknowledged already; the new state is the caller's to discard. */
        DUPLICATE,
        /** The checkpoint is aborted or finishing; the state is the caller's to discard. */
        DISCARDED,
        /** The checkpoint is aborted and the aborter took the state: nothing to do. */
        TAKEN_BY_ABORT,
        /** No such subtask. */
        UNKNOWN_SUBTASK
    }

    static final int PENDING = 0;
    static final int FINALIZING = 1;
    static final int COMPLETED = 2;
    static final int ABORTED = 3;

    private static final Object TAKEN = new Object();

    private final long checkpointId;
    private final long timestamp;
    private final CheckpointProperties properties;
    private final CheckpointStorageLocation location;
    private final List<MasterState> masterStates;
    private final AtomicReferenceArray<Object> acks;
    private final AtomicLongArray syncNanos;
    private final AtomicLongArray asyncNanos;
    private final AtomicInteger missing;
    private final AtomicInteger status = new AtomicInteger(PENDING);
    private final CompletableFuture<CompletedCheckpoint> future = new CompletableFuture<>();
    private volatile TimeService.Cancellable timeout;

    PendingCheckpoint(
        final long checkpointId,
        final long timestamp,
        final CheckpointProperties properties,
        final CheckpointStorageLocation location,
        final List<MasterState> masterStates,
        final int numberOfSubtasks)
    {
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
        this.properties = properties;
        this.location = location;
        this.masterStates = List.copyOf(masterStates);
        this.acks = new AtomicReferenceArray<>(numberOfSubtasks);
        this.syncNanos = new AtomicLongArray(numberOfSubtasks);
        this.asyncNanos = new AtomicLongArray(numberOfSubtasks);
        this.missing = new AtomicInteger(numberOfSubtasks);
    }

    long checkpointId()
    {
        return checkpointId;
    }

    long timestamp()
    {
        return timestamp;
    }

    CheckpointProperties properties()
    {
        return properties;
    }

    CheckpointStorageLocation location()
    {
        return location;
    }

    List<MasterState> masterStates()
    {
        return masterStates;
    }

    CompletableFuture<CompletedCheckpoint> future()
    {
        return future;
    }

    int numberOfSubtasks()
    {
        return acks.length();
    }

    int numberOfMissingAcknowledgements()
    {
        return Math.max(0, missing.get());
    }

    int status()
    {
        return status.get();
    }

    void timeout(final TimeService.Cancellable timeout)
    {
        this.timeout = timeout;
    }

    void cancelTimeout()
    {
        final TimeService.Cancellable task = timeout;
        if (task != null)
        {
            task.cancel();
        }
    }

    /**
     * Records a subtask's state.
     */
    AckResult acknowledge(final int subtaskIndex, final TaskStateSnapshot state, final CheckpointMetrics metrics)
    {
        if (subtaskIndex < 0 || subtaskIndex >= acks.length())
        {
            return AckResult.UNKNOWN_SUBTASK;
        }
        if (status.get() != PENDING)
        {
            return AckResult.DISCARDED;
        }
        if (!acks.compareAndSet(subtaskIndex, null, state))
        {
            return AckResult.DUPLICATE;
        }
        // Written before the decrement below, so the finalizing thread, which sees the count reach zero, sees them.
        syncNanos.set(subtaskIndex, metrics.getSyncDurationNanos());
        asyncNanos.set(subtaskIndex, metrics.getAsyncDurationNanos());
        if (status.get() == ABORTED)
        {
            return acks.compareAndSet(subtaskIndex, state, TAKEN) ? AckResult.DISCARDED : AckResult.TAKEN_BY_ABORT;
        }
        return missing.decrementAndGet() == 0 ? AckResult.LAST : AckResult.SUCCESS;
    }

    /** @return true if this thread may finalize: the checkpoint was still pending. */
    boolean startFinalizing()
    {
        return status.compareAndSet(PENDING, FINALIZING);
    }

    /** Marks a finalized checkpoint completed. */
    void markCompleted()
    {
        status.set(COMPLETED);
    }

    /**
     * Aborts the checkpoint if it is still pending, or fails the finalization if this thread is finalizing.
     *
     * @param finalizing true when called by the finalizing thread after its finalization failed.
     * @return the states to discard, or null if the checkpoint was not pending (it completed or was aborted).
     */
    List<TaskStateSnapshot> abort(final boolean finalizing)
    {
        if (!status.compareAndSet(finalizing ? FINALIZING : PENDING, ABORTED))
        {
            return null;
        }
        final List<TaskStateSnapshot> taken = new ArrayList<>();
        for (int i = 0; i < acks.length(); i++)
        {
            final Object state = acks.getAndSet(i, TAKEN);
            if (state instanceof TaskStateSnapshot)
            {
                taken.add((TaskStateSnapshot)state);
            }
        }
        return taken;
    }

    /** @return the acknowledged states by subtask index; call only while finalizing. */
    List<TaskStateSnapshot> states()
    {
        final List<TaskStateSnapshot> states = new ArrayList<>(acks.length());
        for (int i = 0; i < acks.length(); i++)
        {
            states.add((TaskStateSnapshot)acks.get(i));
        }
        return states;
    }

    /**
     * @param subtaskIndex a subtask.
     * @return the state it acknowledged, or null.
     */
    TaskStateSnapshot acknowledged(final int subtaskIndex)
    {
        final Object state = acks.get(subtaskIndex);
        return state instanceof TaskStateSnapshot ? (TaskStateSnapshot)state : null;
    }

    long maxSyncNanos()
    {
        long max = 0;
        for (int i = 0; i < syncNanos.length(); i++)
        {
            max = Math.max(max, syncNanos.get(i));
        }
        return max;
    }

    long maxAsyncNanos()
    {
        long max = 0;
        for (int i = 0; i < asyncNanos.length(); i++)
        {
            max = Math.max(max, asyncNanos.get(i));
        }
        return max;
    }

    @Override
    public String toString()
    {
        return "PendingCheckpoint{id=" + checkpointId + ", type=" + properties.getCheckpointType() + ", missing=" +
            numberOfMissingAcknowledgements() + "/" + acks.length() + ", status=" + status.get() + "}";
    }
}

package io.cairn.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointType;

/**
 * Coordinates the checkpoints of one job: triggers them on every subtask, collects the acknowledgements, and
 * completes each checkpoint once every subtask acknowledged it and its metadata is durable. Keeps the newest
 * completed checkpoints ({@link CompletedCheckpointStore}) and restores subtasks from the latest, at any
 * parallelism ({@link StateAssignment}).
 *
 * <p><b>Lock-free.</b> Acknowledgements arrive from many threads (one per subtask's asynchronous part) and never
 * block each other: there is no coordinator-wide lock.
 * <ul>
 *     <li><b>Assumptions.</b> Any number of threads call {@link #receiveAcknowledgeMessage},
 *     {@link #receiveDeclineMessage} and the trigger methods concurrently; the timer thread expires checkpoints and
 *     triggers periodic ones. The {@link CompletedCheckpointStore} is thread-safe. Participants hand trigger and
 *     notification calls to their own threads rather than doing the work on the caller's.</li>
 *     <li><b>Guarantees.</b> Checkpoint ids strictly increase. Never more than {@code maxConcurrentCheckpoints}
 *     checkpoints are pending, except forced ones (savepoints). A checkpoint completes exactly once, with exactly
 *     the state each of its subtasks acknowledged, and only once every subtask acknowledged it and its metadata is
 *     durable; a declined, expired, subsumed or shut-down checkpoint never completes, and every piece of state
 *     that reaches it is discarded exactly once. A checkpoint's future completes after its metadata is durable.
 *     The shared streams of incremental checkpoints are deleted only by the {@link SharedStateRegistry}, once no
 *     retained checkpoint references them; a checkpoint referencing one already deleted does not complete.</li>
 *     <li><b>Progress.</b> An acknowledgement is a few atomic operations on its checkpoint
 *     ({@link PendingCheckpoint}): wait-free, apart from the map lookup. The thread whose acknowledgement is the
 *     last finalizes (writes metadata, updates the store): one thread per checkpoint does I/O, and it holds no lock
 *     that other acknowledgements need. Triggering reserves a pending slot with a CAS loop (lock-free).</li>
 * </ul>
 * <b>Example.</b>
 * <pre>{@code
 * CheckpointCoordinator coordinator = CheckpointCoordinator.builder("job-1", storage)
 *     .configuration(CheckpointCoordinatorConfiguration.builder().setCheckpointInterval(1_000).build())
 *     .participants(agents)                     // one SubtaskCheckpointAgent per subtask
 *     .build();
 * coordinator.startCheckpointScheduler();
 * CompletedCheckpoint savepoint = coordinator.triggerSavepoint("/savepoints", SavepointFormatType.CANONICAL).get();
 * }</pre>
 */
public final class CheckpointCoordinator
{
    private final String jobId;
    private final CheckpointCoordinatorConfiguration configuration;
    private final FileSystemCheckpointStorage storage;
    private final CompletedCheckpointStore store;
    private final CheckpointIdCounter idCounter;
    private final TimeService timeService;
    private final Executor ioExecutor;
    private final List<CheckpointParticipant> participants;
    private final List<MasterTriggerRestoreHook> masterHooks;
    private final CheckpointFailureManager failureManager;
    private final CheckpointStatsTracker stats = new CheckpointStatsTracker();
    private final ConcurrentSkipListMap<Long, PendingCheckpoint> pending = new ConcurrentSkipListMap<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong lastCompletionMillis = new AtomicLong(Long.MIN_VALUE / 2);
    private final CheckpointCompleter completer;
    private final AtomicReference<TimeService.Cancellable> periodicTrigger = new AtomicReference<>();
    private final AtomicBoolean shutdown = new AtomicBoolean();
    private final RecoveryMode recoveryMode;
    private final SharedStateRegistry sharedStateRegistry;

    CheckpointCoordinator(final CheckpointCoordinatorBuilder builder)
    {
        this.jobId = builder.jobId;
        this.configuration = builder.configuration;
        this.storage = builder.storage;
        this.store = builder.store;
        this.idCounter = builder.idCounter;
        this.timeService = builder.timeService;
        this.ioExecutor = builder.ioExecutor;
        this.participants = List.copyOf(builder.participants);
        this.masterHooks = List.copyOf(builder.masterHooks);
        this.recoveryMode = builder.recoveryMode;
        this.sharedStateRegistry = builder.sharedStateRegistry;
        this.failureManager = new CheckpointFailureManager(
            configuration.getTolerableCheckpointFailureNumber(), builder.failureListener);
        this.completer = new CheckpointCompleter(jobId, sharedStateRegistry, store, timeService, ioExecutor,
            participants, stats, failureManager, pending, pendingCount, lastCompletionMillis);
        for (int i = 0; i < participants.size(); i++)
        {
            if (participants.get(i).getSubtaskIndex() != i)
            {
                throw new IllegalArgumentException("participants[" + i + "].subtaskIndex=" +
                    participants.get(i).getSubtaskIndex() + "; expected participants ordered by subtask index");
            }
        }
        for (final CheckpointParticipant participant : participants)
        {
            if (participant instanceof SubtaskCheckpointAgent)
            {
                ((SubtaskCheckpointAgent)participant).connect(responder());
            }
        }
        final CompletedCheckpoint latest = store.getLatestCheckpoint();
        if (latest != null)
        {
            idCounter.advanceTo(latest.getCheckpointId() + 1);
        }
        idCounter.advanceTo(builder.highestIdOnDisk + 1);
    }

    /**
     * @param jobId   the job, a single path segment (letters, digits, '-', '_', '.').
     * @param storage where checkpoints are written.
     * @return a builder.
     */
    public static CheckpointCoordinatorBuilder builder(final String jobId, final FileSystemCheckpointStorage storage)
    {
        return new CheckpointCoordinatorBuilder(jobId, storage);
    }

    /**
     * Triggers a checkpoint of the configured retention.
     *
     * @param isPeriodic true for a periodic trigger (it then respects the minimum pause, and needs the scheduler).
     * @return completes with the checkpoint, or fails with a {@link CheckpointException}.
     */
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(final boolean isPeriodic)
    {
        return trigger(CheckpointProperties.forCheckpoint(configuration.getRetentionPolicy()), null, isPeriodic);
    }

    /**
     * Triggers a checkpoint or (with {@link CheckpointType#SAVEPOINT}) a savepoint in the default savepoint
     * directory.
     *
     * @param checkpointType what to take.
     * @return completes with it, or fails with a {@link CheckpointException}.
     */
    public CompletableFuture<CompletedCheckpoint> triggerCheckpoint(final CheckpointType checkpointType)
    {
        if (checkpointType == null)
        {
            throw new IllegalArgumentException("checkpointType=null; expected CHECKPOINT or SAVEPOINT");
        }
        return checkpointType.isSavepoint() ?
            triggerSavepoint(null, SavepointFormatType.CANONICAL) : triggerCheckpoint(false);
    }

    /**
     * Triggers a savepoint: self-contained, never subsumed nor deleted by retention, and forced past the limit of
     * concurrent checkpoints.
     *
     * @param targetLocation the directory under which the savepoint's directory is created, or null for the
     *                       storage's default savepoint directory.
     * @param formatType     the savepoint format; Cairn writes its canonical stream format.
     * @return completes with the savepoint, or fails with a {@link CheckpointException}.
     */
    public CompletableFuture<CompletedCheckpoint> triggerSavepoint(
        final String targetLocation, final SavepointFormatType formatType)
    {
        Objects.requireNonNull(formatType, "formatType");
        return trigger(CheckpointProperties.forSavepoint(true), targetLocation, false);
    }

    private CompletableFuture<CompletedCheckpoint> trigger(
        final CheckpointProperties properties, final String targetLocation, final boolean isPeriodic)
    {
        if (shutdown.get())
        {
            return rejected(CheckpointFailureReason.COORDINATOR_SHUTDOWN, null);
        }
        if (isPeriodic && periodicTrigger.get() == null)
        {
            return rejected(CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN, null);
        }
        final long now = timeService.currentTimeMillis();
        if (!properties.isForced())
        {
            if (isPeriodic && now - lastCompletionMillis.get() < configuration.getMinPauseBetweenCheckpoints())
            {
                return rejected(CheckpointFailureReason.MINIMUM_TIME_BETWEEN_CHECKPOINTS,
                    "minPauseBetweenCheckpoints=" + configuration.getMinPauseBetweenCheckpoints() + " ms");
            }
            if (!reservePendingSlot())
            {
                return rejected(CheckpointFailureReason.TOO_MANY_CONCURRENT_CHECKPOINTS,
                    "maxConcurrentCheckpoints=" + configuration.getMaxConcurrentCheckpoints());
            }
        }
        else
        {
            pendingCount.incrementAndGet();
        }

        final long checkpointId = idCounter.getAndIncrement();
        CheckpointStorageLocation location = null;
        final List<MasterState> masterStates;
        try
        {
            if (properties.isSavepoint())
            {
                location = storage.initializeLocationForSavepoint(checkpointId, targetLocation);
                // Recorded at trigger, not completion, so that even a savepoint pending at a crash keeps its id.
                StateAssignment.recordSavepoint(storage.getCheckpointsDirectory(), checkpointId,
                    location.getExternalPointer());
            }
            else
            {
                location = storage.initializeLocationForCheckpoint(checkpointId);
            }
            masterStates = triggerMasterHooks(checkpointId, now);
        }
        catch (final IOException | RuntimeException ex)
        {
            disposeQuietly(location);
            pendingCount.decrementAndGet();
            final CheckpointException failure = new CheckpointException(
                checkpointId, CheckpointFailureReason.TRIGGER_CHECKPOINT_FAILURE, ex.getMessage(), ex);
            stats.reportTriggered();
            stats.reportFailed();
            failureManager.handleFailure(failure);
            return CompletableFuture.failedFuture(failure);
        }

        final PendingCheckpoint checkpoint =
            new PendingCheckpoint(checkpointId, now, properties, location, masterStates, participants.size());
        pending.put(checkpointId, checkpoint);
        stats.reportTriggered();
        checkpoint.timeout(timeService.schedule(
            () -> completer.abort(checkpoint, CheckpointFailureReason.CHECKPOINT_EXPIRED,
                "not acknowledged by every subtask within checkpointTimeout=" + configuration.getCheckpointTimeout() +
                " ms", null),
            configuration.getCheckpointTimeout()));
        if (shutdown.get())
        {
            completer.abort(checkpoint, CheckpointFailureReason.COORDINATOR_SHUTDOWN, null, null);
            return checkpoint.future();
        }
        if (participants.isEmpty() && checkpoint.startFinalizing())
        {
            completer.finalizeCheckpoint(checkpoint);
            return checkpoint.future();
        }
        final CheckpointMetaData metaData = new CheckpointMetaData(checkpointId, now);
        final CheckpointOptions options = new CheckpointOptions(
            properties.getCheckpointType(), properties.isSavepoint() ? location.getExternalPointer() : null);
        for (final CheckpointParticipant participant : participants)
        {
            try
            {
                participant.triggerCheckpoint(metaData, options, location);
            }
            catch (final RuntimeException ex)
            {
                completer.abort(checkpoint, CheckpointFailureReason.TRIGGER_CHECKPOINT_FAILURE,
                    "subtask " + participant.getSubtaskIndex() + " could not be triggered", ex);
                break;
            }
        }
        return checkpoint.future();
    }

    static void disposeQuietly(final CheckpointStorageLocation location)
    {
        if (location != null)
        {
            try
            {
                location.disposeOnFailure();
            }
            catch (final IOException ignored)
            {
                // a directory without metadata; the store's cleanup removes it
            }
        }
    }

    private boolean reservePendingSlot()
    {
        final int max = configuration.getMaxConcurrentCheckpoints();
        while (true)
        {
            final int current = pendingCount.get();
            if (current >= max)
            {
                return false;
            }
            if (pendingCount.compareAndSet(current, current + 1))
            {
                return true;
            }
        }
    }

    private List<MasterState> triggerMasterHooks(final long checkpointId, final long timestamp)
    {
        final List<MasterState> states = new ArrayList<>(masterHooks.size());
        for (final MasterTriggerRestoreHook hook : masterHooks)
        {
            final byte[] state = hook.triggerCheckpoint(checkpointId, timestamp).join();
            if (state != null)
            {
                states.add(new MasterState(hook.getIdentifier(), state));
            }
        }
        return states;
    }

    private CompletableFuture<CompletedCheckpoint> rejected(final CheckpointFailureReason reason, final String detail)
    {
        return CompletableFuture.failedFuture(new CheckpointException(-1, reason, detail, null));
    }

    /**
     * Takes a subtask's acknowledgement. Duplicate, late (after expiry, decline or subsumption) and unknown
     * acknowledgements are answered with false and their state is discarded, unless it is state a completed
     * checkpoint or savepoint holds (a repeat of an accepted acknowledgement). After {@link #shutdown} nothing is
     * discarded: what no completed checkpoint references lies in directories without metadata, which the next
     * run's store removes.
     *
     * @param message  the acknowledgement.
     * @param location where it came from, for messages (may be null).
     * @return true if it was for a pending checkpoint and was taken.
     */
    public boolean receiveAcknowledgeMessage(final AcknowledgeCheckpoint message, final String location)
    {
        if (message == null)
        {
            throw new IllegalArgumentException("message=null; expected an AcknowledgeCheckpoint");
        }
        if (shutdown.get())
        {
            // Checkpoints kept at shutdown may still be referenced by the state of a repeated acknowledgement, and
            // state of checkpoints that never completed is in directories the next run cleans up: touch nothing.
            return false;
        }
        final PendingCheckpoint checkpoint = pending.get(message.getCheckpointId());
        if (checkpoint == null)
        {
            completer.discardUnlessRetained(message);
            return false;
        }
        switch (checkpoint.acknowledge(message.getSubtaskIndex(), message.getSubtaskState(), message.getMetrics()))
        {
            case SUCCESS:
                return true;
            case LAST:
                if (checkpoint.startFinalizing())
                {
                    completer.finalizeCheckpoint(checkpoint);
                }
                return true;
            case DUPLICATE:
            case DISCARDED:
                // A repeat of the accepted acknowledgement (also while the checkpoint is being finalized) carries
                // the very state the checkpoint holds: it must not be discarded.
                if (!message.getSubtaskState().equals(checkpoint.acknowledged(message.getSubtaskIndex())))
                {
                    completer.discardLater(List.of(message.getSubtaskState()));
                }
                return false;
            case UNKNOWN_SUBTASK:
                completer.discardLater(List.of(message.getSubtaskState()));
                return false;
            default:
                return false;
        }
    }

    /**
     * Takes a subtask's refusal: the checkpoint is aborted and never completes.
     *
     * @param message  the decline.
     * @param location where it came from, for messages (may be null).
     * @return true if it aborted a pending checkpoint.
     */
    public boolean receiveDeclineMessage(final DeclineCheckpoint message, final String location)
    {
        if (message == null)
        {
            throw new IllegalArgumentException("message=null; expected a DeclineCheckpoint");
        }
        final PendingCheckpoint checkpoint = pending.get(message.getCheckpointId());
        if (checkpoint == null)
        {
            return false;
        }
        return completer.abort(checkpoint, CheckpointFailureReason.CHECKPOINT_DECLINED,
            "declined by subtask " + message.getSubtaskIndex() + (location == null ? "" : " at " + location),
            message.getCause());
    }

    /**
     * Starts periodic checkpoints every configured interval.
     *
     * @throws IllegalStateException if no interval is configured or the coordinator is shut down.
     */
    public void startCheckpointScheduler()
    {
        if (!configuration.isPeriodicCheckpointingConfigured())
        {
            throw new IllegalStateException("periodic checkpoints are not configured: checkpointInterval is disabled");
        }
        if (shutdown.get())
        {
            throw new IllegalStateException("the coordinator of job " + jobId + " is shut down");
        }
        final long interval = configuration.getCheckpointInterval();
        final TimeService.Cancellable task =
            timeService.scheduleAtFixedRate(() -> triggerCheckpoint(true), interval, interval);
        if (!periodicTrigger.compareAndSet(null, task))
        {
            task.cancel();
        }
    }

    /** Stops periodic checkpoints and aborts the pending ones (savepoints go on). */
    public void stopCheckpointScheduler()
    {
        final TimeService.Cancellable task = periodicTrigger.getAndSet(null);
        if (task != null)
        {
            task.cancel();
        }
        for (final PendingCheckpoint checkpoint : pending.values())
        {
            if (!checkpoint.properties().isSavepoint())
            {
                completer.abort(checkpoint, CheckpointFailureReason.PERIODIC_SCHEDULER_SHUTDOWN, null, null);
            }
        }
    }

    /** @return true while periodic checkpoints are being triggered. */
    public boolean isPeriodicCheckpointingStarted()
    {
        return periodicTrigger.get() != null;
    }

    /** @return true if an interval is configured. */
    public boolean isPeriodicCheckpointingConfigured()
    {
        return configuration.isPeriodicCheckpointingConfigured();
    }

    /**
     * Stops the coordinator, keeping every completed checkpoint (as for a suspended job).
     */
    public void shutdown()
    {
        shutdown(JobStatus.SUSPENDED);
    }

    /**
     * Stops the coordinator: no more triggers, pending checkpoints aborted, and completed checkpoints discarded as
     * their retention policy says for a job that ended as {@code jobStatus}. Idempotent.
     *
     * @param jobStatus how the job ended.
     */
    public void shutdown(final JobStatus jobStatus)
    {
        if (!shutdown.compareAndSet(false, true))
        {
            return;
        }
        final TimeService.Cancellable task = periodicTrigger.getAndSet(null);
        if (task != null)
        {
            task.cancel();
        }
        for (final PendingCheckpoint checkpoint : pending.values())
        {
            completer.abort(checkpoint, CheckpointFailureReason.COORDINATOR_SHUTDOWN, null, null);
        }
        store.shutdown(jobStatus);
    }

    /**
     * Gives every participant the state of its key groups and its operator state from the latest completed
     * checkpoint, at the participants' parallelism (which may differ from the checkpoint's). If the latest
     * checkpoint's files are damaged the restore fails, naming it, unless the coordinator was built with
     * {@link RecoveryMode#FALL_BACK_TO_OLDER}: then older retained checkpoints are tried in turn.
     *
     * @param participants        the subtasks to restore, ordered by subtask index.
     * @param errorIfNoCheckpoint whether having nothing to restore is an error.
     * @return true if a checkpoint was restored; false if there was none (and that is not an error).
     * @throws IllegalStateException if there is nothing to restore and {@code errorIfNoCheckpoint}, or the
     *                               checkpoint cannot be restored (the cause says why).
     */
    public boolean restoreLatestCheckpointedStateToAll(
        final List<? extends CheckpointParticipant> participants, final boolean errorIfNoCheckpoint)
    {
        return StateAssignment.restoreLatest(
            store, participants, masterHooks, configuration.getMaxParallelism(), errorIfNoCheckpoint,
            recoveryMode, jobId);
    }

    /**
     * @return a responder that hands subtasks' answers to this coordinator ({@link #receiveAcknowledgeMessage} and
     * {@link #receiveDeclineMessage}).
     */
    public CheckpointResponder responder()
    {
        return new CheckpointResponder()
        {
            @Override
            public void acknowledgeCheckpoint(final AcknowledgeCheckpoint message)
            {
                receiveAcknowledgeMessage(message, null);
            }

            @Override
            public void declineCheckpoint(final DeclineCheckpoint message)
            {
                receiveDeclineMessage(message, null);
            }
        };
    }

    /** @return the number of checkpoints pending now. */
    public int getNumberOfPendingCheckpoints()
    {
        return pending.size();
    }

    /** @return the number of completed checkpoints retained. */
    public int getNumberOfRetainedSuccessfulCheckpoints()
    {
        return store.getNumberOfRetainedCheckpoints();
    }

    /** @return the checkpoint timeout in ms. */
    public long getCheckpointTimeout()
    {
        return configuration.getCheckpointTimeout();
    }

    /** @return the store of completed checkpoints. */
    public CompletedCheckpointStore getCheckpointStore()
    {
        return store;
    }

    /** @return the reference counts of the shared streams of the retained incremental checkpoints. */
    public SharedStateRegistry getSharedStateRegistry()
    {
        return sharedStateRegistry;
    }

    /** @return the storage checkpoints are written to. */
    public FileSystemCheckpointStorage getCheckpointStorage()
    {
        return storage;
    }

    /** @return the configuration. */
    public CheckpointCoordinatorConfiguration getConfiguration()
    {
        return configuration;
    }

    /** @return the ids of the pending checkpoints, ascending. */
    public List<Long> getPendingCheckpointIds()
    {
        return new ArrayList<>(pending.keySet());
    }

    /** @return checkpoint statistics as of now. */
    public CheckpointStatsSnapshot getCheckpointStatsSnapshot()
    {
        return stats.snapshot(pending.size());
    }

    /** @return how many checkpoints failed in a row, as counted toward the tolerable failures. */
    public int getNumberOfConsecutiveFailures()
    {
        return failureManager.consecutiveFailures();
    }

    /** @return the pending checkpoints by id, for tests. */
    Map<Long, PendingCheckpoint> pendingCheckpoints()
    {
        return pending;
    }
}

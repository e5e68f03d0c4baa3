package io.cairn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;

/** Builds a {@link CheckpointCoordinator}; the defaults suit a job whose checkpoints live in its storage. */
public final class CheckpointCoordinatorBuilder
{
    final String jobId;
    final FileSystemCheckpointStorage storage;
    CheckpointCoordinatorConfiguration configuration = CheckpointCoordinatorConfiguration.builder().build();
    CompletedCheckpointStore store;
    CheckpointIdCounter idCounter = new StandaloneCheckpointIdCounter();
    TimeService timeService;
    Executor ioExecutor = Runnable::run;
    final List<CheckpointParticipant> participants = new ArrayList<>();
    final List<MasterTriggerRestoreHook> masterHooks = new ArrayList<>();
    CheckpointFailureListener failureListener;
    RecoveryMode recoveryMode = RecoveryMode.STRICT;
    long highestIdOnDisk;
    SharedStateRegistry sharedStateRegistry;

    CheckpointCoordinatorBuilder(final String jobId, final FileSystemCheckpointStorage storage)
    {
        if (storage == null)
        {
            throw new IllegalArgumentException("storage=null; expected a FileSystemCheckpointStorage");
        }
        if (jobId == null || !jobId.equals(storage.getJobId()))
        {
            throw new IllegalArgumentException("jobId=" + jobId + "; expected the storage's job id " +
                storage.getJobId());
        }
        this.jobId = jobId;
        this.storage = storage;
    }

    /**
     * @param configuration interval, timeout, concurrency, pause, tolerable failures, retention.
     * @return this.
     */
    public CheckpointCoordinatorBuilder configuration(final CheckpointCoordinatorConfiguration configuration)
    {
        this.configuration = require(configuration, "configuration");
        return this;
    }

    /**
     * @param store the completed-checkpoint store; by default a {@link FileSystemCompletedCheckpointStore} opened
     *              on the storage's checkpoint directory, which finds the checkpoints a previous run completed.
     * @return this.
     */
    public CheckpointCoordinatorBuilder completedCheckpointStore(final CompletedCheckpointStore store)
    {
        this.store = require(store, "store");
        return this;
    }

    /**
     * @param idCounter where checkpoint ids come from; by default one in memory, advanced past every id the
     *                  storage already holds.
     * @return this.
     */
    public CheckpointCoordinatorBuilder checkpointIdCounter(final CheckpointIdCounter idCounter)
    {
        this.idCounter = require(idCounter, "idCounter");
        return this;
    }

    /**
     * @param timeService the clock and timer; by default a {@link SystemTimeService} (a daemon thread).
     * @return this.
     */
    public CheckpointCoordinatorBuilder timeService(final TimeService timeService)
    {
        this.timeService = require(timeService, "timeService");
        return this;
    }

    /**
     * @param ioExecutor where discarding state and the shared-state registry's cleanups run; by default the calling
     *                   thread.
     * @return this.
     */
    public CheckpointCoordinatorBuilder ioExecutor(final Executor ioExecutor)
    {
        this.ioExecutor = require(ioExecutor, "ioExecutor");
        return this;
    }

    /**
     * @param participants the subtasks, ordered by subtask index.
     * @return this.
     */
    public CheckpointCoordinatorBuilder participants(final List<? extends CheckpointParticipant> participants)
    {
        this.participants.clear();
        this.participants.addAll(require(participants, "participants"));
        return this;
    }

    /**
     * @param hook a master hook whose state goes into every checkpoint.
     * @return this.
     */
    public CheckpointCoordinatorBuilder addMasterHook(final MasterTriggerRestoreHook hook)
    {
        final MasterTriggerRestoreHook checked = require(hook, "hook");
        for (final MasterTriggerRestoreHook existing : masterHooks)
        {
            if (existing.getIdentifier().equals(checked.getIdentifier()))
            {
                throw new IllegalArgumentException("hook identifier=" + checked.getIdentifier() + " is taken");
            }
        }
        masterHooks.add(checked);
        return this;
    }

    /**
     * @param listener hears when more consecutive checkpoints failed than tolerated.
     * @return this.
     */
    public CheckpointCoordinatorBuilder failureListener(final CheckpointFailureListener listener)
    {
        this.failureListener = require(listener, "listener");
        return this;
    }

    /**
     * @param recoveryMode what a restore does when the latest checkpoint is damaged: fail (default) or fall back.
     * @return this.
     */
    public CheckpointCoordinatorBuilder recoveryMode(final RecoveryMode recoveryMode)
    {
        this.recoveryMode = require(recoveryMode, "recoveryMode");
        return this;
    }

    /**
     * Creates the storage's directories, opens the default store if none was given, rebuilds the shared-state
     * registry from the store's retained checkpoints, and builds the coordinator.
     *
     * @return the coordinator.
     * @throws UncheckedIOException if the storage's directories or the store cannot be opened.
     */
    public CheckpointCoordinator build()
    {
        try
        {
            storage.initializeBaseLocations();
            // Before the store cleans up incomplete checkpoint directories: their ids were handed out too.
            highestIdOnDisk = StateAssignment.highestIdOnDisk(storage.getCheckpointsDirectory());
            if (store == null)
            {
                store = FileSystemCompletedCheckpointStore.open(storage.getCheckpointsDirectory(), jobId,
                    configuration.getNumberOfRetainedCheckpoints(), recoveryMode);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the checkpoint storage of job " + jobId + " at " +
                storage.getCheckpointsDirectory() + ": " + ex.getMessage(), ex);
        }
        // The retained checkpoints' references, as their metadata records them: the default store has just deleted
        // every shared file none of them references, so the registry and the shared directory agree.
        sharedStateRegistry = new SharedStateRegistry(storage.getSharedStateDirectory());
        for (final CompletedCheckpoint retained : store.getAllCheckpoints())
        {
            sharedStateRegistry.registerRecovered(retained);
        }
        if (timeService == null)
        {
            timeService = new SystemTimeService();
        }
        return new CheckpointCoordinator(this);
    }

    private static <T> T require(final T value, final String name)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + "=null; expected a value");
        }
        return value;
    }
}

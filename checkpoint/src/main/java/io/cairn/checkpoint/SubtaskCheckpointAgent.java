package io.cairn.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RunnableFuture;
import java.util.function.Supplier;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.OperatorStateBackend;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SnapshotResult;

/**
 * The subtask side of checkpointing. When a checkpoint is triggered, the synchronous part of every backend's
 * snapshot runs on the subtask's own thread (its {@code subtaskExecutor}: a mailbox the subtask drains between
 * records), so it sees a consistent state; the asynchronous parts run on {@code asyncExecutor}; then the agent
 * acknowledges with the handles, or declines with the cause. Completion and abort notifications reach the
 * backends on the subtask's thread; an abort also cancels the checkpoint's asynchronous parts still running.
 *
 * <p>The agent owns its backends: it creates them with the given factories, and a restore replaces them with
 * fresh ones, so a failed restore leaves empty, usable backends and may be tried again.
 */
public final class SubtaskCheckpointAgent implements CheckpointParticipant
{
    private final int subtaskIndex;
    private final Executor subtaskExecutor;
    private final Executor asyncExecutor;
    private final Supplier<? extends KeyedStateBackend<?>> keyedBackendFactory;
    private final Supplier<? extends OperatorStateBackend> operatorBackendFactory;
    private final Map<Long, List<RunnableFuture<?>>> inFlight = new ConcurrentHashMap<>();
    private volatile CheckpointResponder responder;
    private volatile KeyedStateBackend<?> keyedBackend;
    private volatile OperatorStateBackend operatorBackend;

    /**
     * @param subtaskIndex           the subtask's index.
     * @param subtaskExecutor        runs a task on the subtask's own thread.
     * @param asyncExecutor          runs the asynchronous parts of snapshots.
     * @param keyedBackendFactory    makes an empty keyed backend for the subtask's key groups, or null for none.
     * @param operatorBackendFactory makes an empty operator backend, or null for none.
     */
    public SubtaskCheckpointAgent(
        final int subtaskIndex,
        final Executor subtaskExecutor,
        final Executor asyncExecutor,
        final Supplier<? extends KeyedStateBackend<?>> keyedBackendFactory,
        final Supplier<? extends OperatorStateBackend> operatorBackendFactory)
    {
        if (subtaskIndex < 0)
        {
            throw new IllegalArgumentException("subtaskIndex=" + subtaskIndex + "; expected >= 0");
        }
        this.subtaskIndex = subtaskIndex;
        this.subtaskExecutor = Objects.requireNonNull(subtaskExecutor, "subtaskExecutor");
        this.asyncExecutor = Objects.requireNonNull(asyncExecutor, "asyncExecutor");
        this.keyedBackendFactory = keyedBackendFactory;
        this.operatorBackendFactory = operatorBackendFactory;
        this.keyedBackend = keyedBackendFactory == null ? null : keyedBackendFactory.get();
        this.operatorBackend = operatorBackendFactory == null ? null : operatorBackendFactory.get();
    }

    /**
     * @param responder where acknowledgements and declines go, usually the coordinator's
     *                  ({@link CheckpointCoordinator#responder()}).
     */
    public void connect(final CheckpointResponder responder)
    {
        this.responder = Objects.requireNonNull(responder, "responder");
    }

    /** @return the subtask's keyed backend, or null; replaced by a restore. */
    public KeyedStateBackend<?> keyedStateBackend()
    {
        return keyedBackend;
    }

    /** @return the subtask's operator backend, or null; replaced by a restore. */
    public OperatorStateBackend operatorStateBackend()
    {
        return operatorBackend;
    }

    @Override
    public int getSubtaskIndex()
    {
        return subtaskIndex;
    }

    @Override
    public void triggerCheckpoint(
        final CheckpointMetaData metaData, final CheckpointOptions options, final CheckpointStreamFactory streamFactory)
    {
        subtaskExecutor.execute(() -> performCheckpoint(metaData, options, streamFactory));
    }

    private void performCheckpoint(
        final CheckpointMetaData metaData, final CheckpointOptions options, final CheckpointStreamFactory streamFactory)
    {
        final long checkpointId = metaData.getCheckpointId();
        final long syncStart = System.nanoTime();
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> keyed;
        final RunnableFuture<SnapshotResult<OperatorStateHandle>> operator;
        try
        {
            final KeyedStateBackend<?> keyedState = keyedBackend;
            final OperatorStateBackend operatorState = operatorBackend;
            keyed = keyedState == null ? null :
                keyedState.snapshot(checkpointId, metaData.getTimestamp(), streamFactory, options);
            operator = operatorState == null ? null :
                operatorState.snapshot(checkpointId, metaData.getTimestamp(), streamFactory, options);
        }
        catch (final Exception ex)
        {
            decline(checkpointId, ex);
            return;
        }
        final long syncNanos = System.nanoTime() - syncStart;
        final List<RunnableFuture<?>> futures = new ArrayList<>(2);
        if (keyed != null)
        {
            futures.add(keyed);
        }
        if (operator != null)
        {
            futures.add(operator);
        }
        inFlight.put(checkpointId, futures);
        asyncExecutor.execute(() -> completeAsync(checkpointId, keyed, operator, syncNanos));
    }

    private void completeAsync(
        final long checkpointId,
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> keyed,
        final RunnableFuture<SnapshotResult<OperatorStateHandle>> operator,
        final long syncNanos)
    {
        final long asyncStart = System.nanoTime();
        SnapshotResult<KeyedStateHandle> keyedResult = null;
        SnapshotResult<OperatorStateHandle> operatorResult = null;
        try
        {
            if (keyed != null)
            {
                keyed.run();
                keyedResult = keyed.get();
            }
            if (operator != null)
            {
                operator.run();
                operatorResult = operator.get();
            }
        }
        catch (final Exception ex)
        {
            inFlight.remove(checkpointId);
            discardQuietly(keyedResult);
            if (operator != null && keyedResult != null)
            {
                operator.cancel(true);
            }
            decline(checkpointId, ex);
            return;
        }
        inFlight.remove(checkpointId);
        final List<KeyedStateHandle> keyedHandles = new ArrayList<>(1);
        final List<OperatorStateHandle> operatorHandles = new ArrayList<>(1);
        long bytes = 0;
        if (keyedResult != null && keyedResult.getJobManagerOwnedSnapshot() != null)
        {
            keyedHandles.add(keyedResult.getJobManagerOwnedSnapshot());
            bytes += keyedResult.getStateSize();
        }
        if (operatorResult != null && operatorResult.getJobManagerOwnedSnapshot() != null)
        {
            operatorHandles.add(operatorResult.getJobManagerOwnedSnapshot());
            bytes += operatorResult.getStateSize();
        }
        final CheckpointResponder target = responder();
        target.acknowledgeCheckpoint(new AcknowledgeCheckpoint(checkpointId, subtaskIndex,
            new TaskStateSnapshot(keyedHandles, operatorHandles),
            new CheckpointMetrics(syncNanos, System.nanoTime() - asyncStart, bytes)));
    }

    private void decline(final long checkpointId, final Throwable cause)
    {
        responder().declineCheckpoint(new DeclineCheckpoint(checkpointId, subtaskIndex, cause));
    }

    private CheckpointResponder responder()
    {
        final CheckpointResponder target = responder;
        if (target == null)
        {
            throw new IllegalStateException("subtask " + subtaskIndex + " is not connected to a coordinator");
        }
        return target;
    }

    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
        subtaskExecutor.execute(() ->
        {
            final KeyedStateBackend<?> keyedState = keyedBackend;
            final OperatorStateBackend operatorState = operatorBackend;
            if (keyedState != null)
            {
                keyedState.notifyCheckpointComplete(checkpointId);
            }
            if (operatorState != null)
            {
                operatorState.notifyCheckpointComplete(checkpointId);
            }
        });
    }

    @Override
    public void notifyCheckpointAborted(final long checkpointId)
    {
        final List<RunnableFuture<?>> futures = inFlight.remove(checkpointId);
        if (futures != null)
        {
            futures.forEach(future -> future.cancel(true));
        }
        subtaskExecutor.execute(() ->
        {
            final KeyedStateBackend<?> keyedState = keyedBackend;
            final OperatorStateBackend operatorState = operatorBackend;
            if (keyedState != null)
            {
                keyedState.notifyCheckpointAborted(checkpointId);
            }
            if (operatorState != null)
            {
                operatorState.notifyCheckpointAborted(checkpointId);
            }
        });
    }

    /**
     * Replaces the backends with fresh ones loaded from the handles. Call it before the subtask processes
     * anything, on the subtask's thread or while it is not running. On failure the backends are fresh and empty.
     */
    @Override
    public void restoreState(
        final long checkpointId,
        final KeyGroupRange keyGroupRange,
        final List<KeyedStateHandle> keyedState,
        final List<OperatorStateHandle> operatorState) throws Exception
    {
        replaceBackends();
        try
        {
            if (keyedBackend != null)
            {
                keyedBackend.restore(keyedState);
            }
            else if (!keyedState.isEmpty())
            {
                throw new IllegalStateException("subtask " + subtaskIndex + " has no keyed backend, but checkpoint " +
                    checkpointId + " holds keyed state for it");
            }
            if (operatorBackend != null)
            {
                operatorBackend.restore(operatorState);
            }
            else if (!operatorState.isEmpty())
            {
                throw new IllegalStateException("subtask " + subtaskIndex + " has no operator backend, but " +
                    "checkpoint " + checkpointId + " holds operator state for it");
            }
        }
        catch (final Exception ex)
        {
            replaceBackends();
            throw ex;
        }
    }

    /** Disposes the backends. */
    public void dispose()
    {
        if (keyedBackend != null)
        {
            keyedBackend.dispose();
        }
        if (operatorBackend != null)
        {
            operatorBackend.dispose();
        }
    }

    private void replaceBackends()
    {
        dispose();
        keyedBackend = keyedBackendFactory == null ? null : keyedBackendFactory.get();
        operatorBackend = operatorBackendFactory == null ? null : operatorBackendFactory.get();
    }

    private static void discardQuietly(final SnapshotResult<?> result)
    {
        if (result != null)
        {
            try
            {
                result.discardState();
            }
            catch (final java.io.IOException ignored)
            {
                // left for the checkpoint directory's cleanup
            }
        }
    }

    @Override
    public String toString()
    {
        return "SubtaskCheckpointAgent{subtask=" + subtaskIndex + "}";
    }
}

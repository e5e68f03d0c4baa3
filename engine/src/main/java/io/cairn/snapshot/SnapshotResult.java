package io.cairn.snapshot;

import java.io.IOException;
import java.io.Serializable;

/**
 * What a snapshot produced: the handle the coordinator owns (stored in the checkpoint), and optionally a copy kept
 * by the task for fast local recovery.
 *
 * @param <T> the handle type.
 */
public final class SnapshotResult<T extends StateHandle> implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final SnapshotResult<?> EMPTY = new SnapshotResult<>(null, null);

    private final T jobManagerOwnedSnapshot;
    private final T taskLocalSnapshot;

    private SnapshotResult(final T jobManagerOwnedSnapshot, final T taskLocalSnapshot)
    {
        if (jobManagerOwnedSnapshot == null && taskLocalSnapshot != null)
        {
            throw new IllegalArgumentException("taskLocalSnapshot without jobManagerOwnedSnapshot");
        }
        this.jobManagerOwnedSnapshot = jobManagerOwnedSnapshot;
        this.taskLocalSnapshot = taskLocalSnapshot;
    }

    /**
     * @param <T> the handle type.
     * @return the result of a snapshot of no state.
     */
    @SuppressWarnings("unchecked")
    public static <T extends StateHandle> SnapshotResult<T> empty()
    {
        return (SnapshotResult<T>)EMPTY;
    }

    /**
     * @param jobManagerOwnedSnapshot the coordinator's handle, or null for no state.
     * @param <T>                     the handle type.
     * @return the result.
     */
    public static <T extends StateHandle> SnapshotResult<T> of(final T jobManagerOwnedSnapshot)
    {
        return jobManagerOwnedSnapshot == null ? empty() : new SnapshotResult<>(jobManagerOwnedSnapshot, null);
    }

    /**
     * @param jobManagerOwnedSnapshot the coordinator's handle.
     * @param taskLocalSnapshot       the task's local copy.
     * @param <T>                     the handle type.
     * @return the result.
     */
    public static <T extends StateHandle> SnapshotResult<T> withLocalState(
        final T jobManagerOwnedSnapshot, final T taskLocalSnapshot)
    {
        return new SnapshotResult<>(jobManagerOwnedSnapshot, taskLocalSnapshot);
    }

    /** @return the coordinator's handle, or null if the snapshot holds no state. */
    public T getJobManagerOwnedSnapshot()
    {
        return jobManagerOwnedSnapshot;
    }

    /** @return the task's local copy, or null. */
    public T getTaskLocalSnapshot()
    {
        return taskLocalSnapshot;
    }

    /** @return the size of the coordinator's handle, 0 if none. */
    public long getStateSize()
    {
        return jobManagerOwnedSnapshot == null ? 0 : jobManagerOwnedSnapshot.getStateSize();
    }

    /**
     * Discards both handles.
     *
     * @throws IOException if one could not be discarded (the other is still tried).
     */
    public void discardState() throws IOException
    {
        StateHandles.discardAll(java.util.Arrays.asList(jobManagerOwnedSnapshot, taskLocalSnapshot));
    }

    @Override
    public String toString()
    {
        return "SnapshotResult{jobManagerOwnedSnapshot=" + jobManagerOwnedSnapshot + ", taskLocalSnapshot=" +
            taskLocalSnapshot + "}";
    }
}

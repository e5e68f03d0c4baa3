package io.cairn.checkpoint;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.StateHandle;
import io.cairn.snapshot.StateHandles;

/**
 * The state one subtask acknowledged for one checkpoint: the handles of its keyed and operator state. Immutable.
 */
public final class TaskStateSnapshot
{
    private static final TaskStateSnapshot EMPTY = new TaskStateSnapshot(List.of(), List.of());

    private final List<KeyedStateHandle> keyedState;
    private final List<OperatorStateHandle> operatorState;

    /**
     * @param keyedState    keyed state handles (usually one per keyed backend), none null.
     * @param operatorState operator state handles, none null.
     */
    public TaskStateSnapshot(final List<KeyedStateHandle> keyedState, final List<OperatorStateHandle> operatorState)
    {
        this.keyedState = List.copyOf(Objects.requireNonNull(keyedState, "keyedState"));
        this.operatorState = List.copyOf(Objects.requireNonNull(operatorState, "operatorState"));
    }

    /** @return the snapshot of a subtask without state. */
    public static TaskStateSnapshot empty()
    {
        return EMPTY;
    }

    /** @return the keyed state handles. */
    public List<KeyedStateHandle> getKeyedState()
    {
        return keyedState;
    }

    /** @return the operator state handles. */
    public List<OperatorStateHandle> getOperatorState()
    {
        return operatorState;
    }

    /** @return every handle. */
    public List<StateHandle> allHandles()
    {
        final List<StateHandle> all = new ArrayList<>(keyedState.size() + operatorState.size());
        all.addAll(keyedState);
        all.addAll(operatorState);
        return all;
    }

    /** @return the bytes of all handles. */
    public long getStateSize()
    {
        long size = 0;
        for (final StateHandle handle : allHandles())
        {
            size += handle.getStateSize();
        }
        return size;
    }

    /**
     * Discards every handle, trying all even if some fail.
     *
     * @throws IOException the first failure, with the others suppressed.
     */
    public void discardState() throws IOException
    {
        StateHandles.discardAll(allHandles());
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof TaskStateSnapshot && keyedState.equals(((TaskStateSnapshot)o).keyedState) &&
            operatorState.equals(((TaskStateSnapshot)o).operatorState);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(keyedState, operatorState);
    }

    @Override
    public String toString()
    {
        return "TaskStateSnapshot{keyed=" + keyedState + ", operator=" + operatorState + "}";
    }
}

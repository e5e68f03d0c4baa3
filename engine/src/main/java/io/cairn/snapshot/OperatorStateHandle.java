package io.cairn.snapshot;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;


/**
 * A handle to operator state: one operator-state stream ({@link io.cairn.format.StreamFormat#KIND_OPERATOR}, one
 * partition per state) and, per state name, what to take from it ({@link OperatorStatePartitionInfo}: the
 * state's mode, how many elements the stream holds, and which of them to take). A snapshot's handle takes every
 * state whole; a handle made for a new subtask on a change of parallelism takes only some states, and of a split
 * state only a run of elements. Several such handles share one stream: {@link #discardState()} deletes the stream
 * itself, so only the owner of the snapshot calls it. Immutable.
 */
public final class OperatorStateHandle implements StateHandle
{
    private static final long serialVersionUID = 1L;

    private final StreamStateHandle delegate;
    private final Map<String, OperatorStatePartitionInfo> stateNameToPartitionInfo;

    /**
     * @param delegate                 the stream.
     * @param stateNameToPartitionInfo per state to take, what to take of it; at least one state. Copied.
     */
    public OperatorStateHandle(
        final StreamStateHandle delegate, final Map<String, OperatorStatePartitionInfo> stateNameToPartitionInfo)
    {
        if (delegate == null)
        {
            throw new IllegalArgumentException("delegate=null; expected the stream's handle");
        }
        if (stateNameToPartitionInfo == null)
        {
            throw new IllegalArgumentException("stateNameToPartitionInfo=null; expected a map of state names");
        }
        this.delegate = delegate;
        this.stateNameToPartitionInfo = Collections.unmodifiableMap(new LinkedHashMap<>(stateNameToPartitionInfo));
        final String problem = check();
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
    }

    /** @return the stream. */
    public StreamStateHandle getDelegate()
    {
        return delegate;
    }

    /** @return per state to take, in the order given, what to take of it; read-only. */
    public Map<String, OperatorStatePartitionInfo> getStateNameToPartitionInfo()
    {
        return stateNameToPartitionInfo;
    }

    /** Deletes the stream, which other handles to it may still need; idempotent. */
    @Override
    public void discardState() throws IOException
    {
        delegate.discardState();
    }

    /** @return the size of the whole stream, of which the handle may take a part. */
    @Override
    public long getStateSize()
    {
        return delegate.getStateSize();
    }

    private String check()
    {
        if (stateNameToPartitionInfo.isEmpty())
        {
            return "stateNameToPartitionInfo={}; expected at least one state to take from " + delegate.describe();
        }
        for (final Map.Entry<String, OperatorStatePartitionInfo> entry : stateNameToPartitionInfo.entrySet())
        {
            if (entry.getKey() == null || entry.getKey().isEmpty() || entry.getValue() == null)
            {
                return "state " + entry.getKey() + "=" + entry.getValue() +
                    "; expected a non-empty state name and its partition info";
            }
        }
        return null;
    }

    private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException
    {
        in.defaultReadObject();
        if (delegate == null || stateNameToPartitionInfo == null)
        {
            throw new InvalidObjectException("delegate=" + delegate + ", stateNameToPartitionInfo=" +
                stateNameToPartitionInfo + "; expected both non-null");
        }
        final String problem = check();
        if (problem != null)
        {
            throw new InvalidObjectException(problem);
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof OperatorStateHandle))
        {
            return false;
        }
        final OperatorStateHandle that = (OperatorStateHandle)o;
        return delegate.equals(that.delegate) && stateNameToPartitionInfo.equals(that.stateNameToPartitionInfo);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(delegate, stateNameToPartitionInfo);
    }

    @Override
    public String toString()
    {
        return "OperatorStateHandle{stream=" + delegate.describe() + ", states=" + stateNameToPartitionInfo + "}";
    }
}

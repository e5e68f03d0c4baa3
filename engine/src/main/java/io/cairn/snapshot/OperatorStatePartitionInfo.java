package io.cairn.snapshot;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;

/**
 * What an {@link io.cairn.snapshot.OperatorStateHandle} says of one state in its stream: its mode, how many
 * elements (list elements or map entries) the stream holds of it, and which of them, {@code [from, to)} in stream
 * order, the holder of the handle takes. A handle written by a snapshot takes all of them; a handle made by
 * {@link OperatorStateRedistributor} takes a part of a split state. Union and broadcast state are always taken
 * whole. Immutable.
 */
public final class OperatorStatePartitionInfo implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final OperatorStateMode mode;
    private final long elementCount;
    private final long from;
    private final long to;

    private OperatorStatePartitionInfo(
        final OperatorStateMode mode, final long elementCount, final long from, final long to)
    {
        this.mode = mode;
        this.elementCount = elementCount;
        this.from = from;
        this.to = to;
        final String problem = check();
        if (problem != null)
        {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * @param mode         the state's mode.
     * @param elementCount how many elements the stream holds of it.
     * @return the info of a state taken whole.
     */
    public static OperatorStatePartitionInfo whole(final OperatorStateMode mode, final long elementCount)
    {
        return new OperatorStatePartitionInfo(mode, elementCount, 0, elementCount);
    }

    /**
     * @param elementCount how many elements the stream holds of the split state.
     * @param from         the first element taken, in stream order.
     * @param to           one past the last element taken.
     * @return the info of a part of a split state.
     */
    public static OperatorStatePartitionInfo split(final long elementCount, final long from, final long to)
    {
        return new OperatorStatePartitionInfo(OperatorStateMode.SPLIT_DISTRIBUTE, elementCount, from, to);
    }

    /** @return the state's mode. */
    public OperatorStateMode mode()
    {
        return mode;
    }

    /** @return how many elements the stream holds of the state. */
    public long elementCount()
    {
        return elementCount;
    }

    /** @return the first element taken, in stream order. */
    public long from()
    {
        return from;
    }

    /** @return one past the last element taken. */
    public long to()
    {
        return to;
    }

    /** @return how many elements are taken, {@code to - from}. */
    public long elementsTaken()
    {
        return to - from;
    }

    private String check()
    {
        if (mode == null)
        {
            return "mode=null; expected SPLIT_DISTRIBUTE, UNION or BROADCAST";
        }
        if (elementCount < 0 || from < 0 || from > to || to > elementCount)
        {
            return "elementCount=" + elementCount + ", from=" + from + ", to=" + to +
                "; expected 0 <= from <= to <= elementCount";
        }
        if (mode != OperatorStateMode.SPLIT_DISTRIBUTE && (from != 0 || to != elementCount))
        {
            return "mode=" + mode + ", from=" + from + ", to=" + to + ", elementCount=" + elementCount +
                "; expected a " + mode + " state to be taken whole";
        }
        return null;
    }

    private void readObject(final ObjectInputStream in) throws IOException, ClassNotFoundException
    {
        in.defaultReadObject();
        final String problem = check();
        if (problem != null)
        {
            throw new InvalidObjectException(problem);
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof OperatorStatePartitionInfo))
        {
            return false;
        }
        final OperatorStatePartitionInfo that = (OperatorStatePartitionInfo)o;
        return mode == that.mode && elementCount == that.elementCount && from == that.from && to == that.to;
    }

    @Override
    public int hashCode()
    {
        return ((mode.ordinal() * 31 + Long.hashCode(elementCount)) * 31 + Long.hashCode(from)) * 31 +
            Long.hashCode(to);
    }

    @Override
    public String toString()
    {
        return mode + "{elementCount=" + elementCount + ", take=[" + from + ", " + to + ")}";
    }
}

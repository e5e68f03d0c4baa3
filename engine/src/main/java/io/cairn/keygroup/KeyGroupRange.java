package io.cairn.keygroup;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * An inclusive range of key groups, {@code [startKeyGroup, endKeyGroup]}, owned by one subtask.
 *
 * <p>The empty range is {@link #EMPTY}; every other range has {@code 0 <= start <= end}. Ranges are
 * immutable values: equal ranges are {@link #equals equal}, whatever created them.
 */
public final class KeyGroupRange implements Iterable<Integer>
{
    /** The range that contains no key group. */
    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    private final int startKeyGroup;
    private final int endKeyGroup;

    private KeyGroupRange(final int startKeyGroup, final int endKeyGroup)
    {
        this.startKeyGroup = startKeyGroup;
        this.endKeyGroup = endKeyGroup;
    }

    /**
     * The range {@code [startKeyGroup, endKeyGroup]}.
     *
     * @param startKeyGroup first key group, inclusive, {@code >= 0}.
     * @param endKeyGroup   last key group, inclusive, {@code startKeyGroup..32767}.
     * @return the range.
     * @throws IllegalArgumentException if {@code startKeyGroup < 0}, {@code endKeyGroup < startKeyGroup} or
     *                                  {@code endKeyGroup > 32767} (there are at most 32768 key groups).
     */
    public static KeyGroupRange of(final int startKeyGroup, final int endKeyGroup)
    {
        if (startKeyGroup < 0)
        {
            throw new IllegalArgumentException("startKeyGroup=" + startKeyGroup + "; expected >= 0");
        }
        if (endKeyGroup < startKeyGroup)
        {
            throw new IllegalArgumentException(
                "endKeyGroup=" + endKeyGroup + "; expected >= startKeyGroup=" + startKeyGroup);
        }
        if (endKeyGroup >= KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM)
        {
            throw new IllegalArgumentException("endKeyGroup=" + endKeyGroup + "; expected <= " +
                (KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM - 1));
        }
        return new KeyGroupRange(startKeyGroup, endKeyGroup);
    }

    /** @return the first key group of the range (meaningless for the empty range). */
    public int getStartKeyGroup()
    {
        return startKeyGroup;
    }

    /** @return the last key group of the range, inclusive (meaningless for the empty range). */
    public int getEndKeyGroup()
    {
        return endKeyGroup;
    }

    /** @return the number of key groups in the range, 0 when empty. */
    public int getNumberOfKeyGroups()
    {
        return endKeyGroup - startKeyGroup + 1;
    }

    /** @return true if the range holds no key group. */
    public boolean isEmpty()
    {
        return endKeyGroup < startKeyGroup;
    }

    /**
     * @param keyGroup a key group.
     * @return true if {@code keyGroup} lies in this range.
     */
    public boolean contains(final int keyGroup)
    {
        return keyGroup >= startKeyGroup && keyGroup <= endKeyGroup;
    }

    /**
     * @param other another range.
     * @return the key groups both ranges contain, {@link #EMPTY} if none.
     */
    public KeyGroupRange getIntersection(final KeyGroupRange other)
    {
        final int start = Math.max(startKeyGroup, other.startKeyGroup);
        final int end = Math.min(endKeyGroup, other.endKeyGroup);
        return start <= end ? new KeyGroupRange(start, end) : EMPTY;
    }

    /**
     * @param index position inside the range, {@code 0 <= index < getNumberOfKeyGroups()}.
     * @return the key group at that position.
     */
    public int getKeyGroupId(final int index)
    {
        if (index < 0 || index >= getNumberOfKeyGroups())
        {
            throw new IndexOutOfBoundsException(
                "index=" + index + "; expected 0.." + (getNumberOfKeyGroups() - 1) + " for " + this);
        }
        return startKeyGroup + index;
    }

    /** Iterates the key groups of the range in ascending order. */
    @Override
    public Iterator<Integer> iterator()
    {
        return new Iterator<>()
        {
            private int next = startKeyGroup;

            @Override
            public boolean hasNext()
            {
                return next <= endKeyGroup;
            }

            @Override
            public Integer next()
            {
                if (next > endKeyGroup)
                {
                    throw new NoSuchElementException();
                }
                return next++;
            }
        };
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof KeyGroupRange))
        {
            return false;
        }
        final KeyGroupRange that = (KeyGroupRange)o;
        return (isEmpty() && that.isEmpty()) ||
            (startKeyGroup == that.startKeyGroup && endKeyGroup == that.endKeyGroup);
    }

    @Override
    public int hashCode()
    {
        return isEmpty() ? 0 : 31 * startKeyGroup + endKeyGroup + 1;
    }

    @Override
    public String toString()
    {
        return isEmpty() ? "KeyGroupRange{EMPTY}" :
            "KeyGroupRange{startKeyGroup=" + startKeyGroup + ", endKeyGroup=" + endKeyGroup + "}";
    }
}

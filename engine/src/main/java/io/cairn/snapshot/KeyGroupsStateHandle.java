package io.cairn.snapshot;

import java.io.IOException;
import java.util.Objects;

import io.cairn.keygroup.KeyGroupRange;

/**
 * A keyed state handle over one key-group stream ({@code docs/format.md}): the stream holds the key groups of
 * the writer's range, and this handle names the part of them a reader should take. Intersections share the
 * stream; reading one reads only its key groups, found through the stream's index.
 */
public final class KeyGroupsStateHandle implements KeyedStateHandle
{
    private static final long serialVersionUID = 1L;

    private final KeyGroupRange keyGroupRange;
    private final StreamStateHandle delegate;

    /**
     * @param keyGroupRange the key groups this handle stands for, a part of those the stream holds.
     * @param delegate      the stream.
     */
    public KeyGroupsStateHandle(final KeyGroupRange keyGroupRange, final StreamStateHandle delegate)
    {
        if (keyGroupRange == null || keyGroupRange.isEmpty())
        {
            throw new IllegalArgumentException("keyGroupRange=" + keyGroupRange + "; expected a non-empty range");
        }
        if (delegate == null)
        {
            throw new IllegalArgumentException("delegate=null; expected the stream's handle");
        }
        this.keyGroupRange = keyGroupRange;
        this.delegate = delegate;
    }

    @Override
    public KeyGroupRange getKeyGroupRange()
    {
        return keyGroupRange;
    }

    /** @return the stream holding the key groups. */
    public StreamStateHandle getDelegate()
    {
        return delegate;
    }

    @Override
    public KeyGroupsStateHandle getIntersection(final KeyGroupRange range)
    {
        final KeyGroupRange intersection = keyGroupRange.getIntersection(range);
        return intersection.isEmpty() ? null : new KeyGroupsStateHandle(intersection, delegate);
    }

    @Override
    public void discardState() throws IOException
    {
        delegate.discardState();
    }

    @Override
    public long getStateSize()
    {
        return delegate.getStateSize();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof KeyGroupsStateHandle))
        {
            return false;
        }
        final KeyGroupsStateHandle that = (KeyGroupsStateHandle)o;
        return keyGroupRange.equals(that.keyGroupRange) && delegate.equals(that.delegate);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(keyGroupRange, delegate);
    }

    @Override
    public String toString()
    {
        return "KeyGroupsStateHandle{" + keyGroupRange + ", stream=" + delegate.describe() + "}";
    }
}

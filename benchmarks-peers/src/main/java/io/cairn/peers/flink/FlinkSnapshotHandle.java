package io.cairn.peers.flink;

import java.io.IOException;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.KeyedStateHandle;

/**
 * Cairn's {@link KeyedStateHandle} around the handle a Flink keyed backend's snapshot returned (for the heap
 * backend, a {@code KeyGroupsStateHandle}: the stream and the offset of each key group in it). Only a Flink peer
 * can restore it; {@link #getIntersection} is Flink's own, so a rescaled restore reads what Flink would read.
 */
final class FlinkSnapshotHandle implements KeyedStateHandle
{
    private static final long serialVersionUID = 1L;

    private final org.apache.flink.runtime.state.KeyedStateHandle flinkHandle;

    /**
     * @param flinkHandle the handle of Flink's snapshot, not null.
     */
    FlinkSnapshotHandle(final org.apache.flink.runtime.state.KeyedStateHandle flinkHandle)
    {
        this.flinkHandle = flinkHandle;
    }

    /** @return the handle of Flink's snapshot. */
    org.apache.flink.runtime.state.KeyedStateHandle flinkHandle()
    {
        return flinkHandle;
    }

    @Override
    public KeyGroupRange getKeyGroupRange()
    {
        return FlinkKeyGroups.toCairn(flinkHandle.getKeyGroupRange());
    }

    @Override
    public KeyedStateHandle getIntersection(final KeyGroupRange keyGroupRange)
    {
        final org.apache.flink.runtime.state.KeyedStateHandle part =
            flinkHandle.getIntersection(FlinkKeyGroups.toFlink(keyGroupRange));
        return part == null ? null : new FlinkSnapshotHandle(part);
    }

    @Override
    public long getStateSize()
    {
        return flinkHandle.getStateSize();
    }

    @Override
    public void discardState() throws IOException
    {
        try
        {
            flinkHandle.discardState();
        }
        catch (final IOException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw new IOException("discarding Flink's " + flinkHandle + " failed: " + ex, ex);
        }
    }

    @Override
    public String toString()
    {
        return "FlinkSnapshotHandle{" + flinkHandle + "}";
    }
}

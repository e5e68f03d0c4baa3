package io.cairn.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;

/**
 * The keyed state of an incremental checkpoint: for every key group of a range, a <em>chain</em> of streams to
 * read in order, a base (the key group's full state, a FULL partition of its stream) and then deltas (changes,
 * DELTA partitions), as {@code docs/format.md} describes. A key group with an empty chain held no state.
 *
 * <p>The streams are <em>shared</em>: a stream written by checkpoint {@code n} is referenced by the handles of
 * later checkpoints for as long as some key group's chain still starts at or passes through it. Each stream is
 * recorded with the id of the checkpoint that wrote it; {@link #getCheckpointId()} is the checkpoint this handle
 * belongs to, so the streams it wrote itself are those whose id equals it.
 *
 * <p>Ownership ({@link SharedStateHandle}): every stream is shared, none exclusive. While its checkpoint is pending,
 * the streams it wrote are its own, and {@link #discardState()} deletes those (and only those) when the checkpoint
 * does not complete. Once the checkpoint completed, its streams belong to the shared-state registry of the
 * checkpoint coordinator, which deletes a stream only when no retained checkpoint references it; a completed
 * checkpoint's handle must then not be discarded directly.
 */
public final class IncrementalKeyGroupsStateHandle implements SharedStateHandle
{
    private static final long serialVersionUID = 1L;
    private static final int[] EMPTY_CHAIN = new int[0];

    private final KeyGroupRange keyGroupRange;
    private final long checkpointId;
    private final List<StreamStateHandle> streams;
    private final long[] streamCheckpointIds;
    private final int[][] chains;

    /**
     * @param keyGroupRange       the key groups the handle stands for.
     * @param checkpointId        the checkpoint it belongs to.
     * @param streams             every stream a chain references, each once.
     * @param streamCheckpointIds per stream, the id of the checkpoint that wrote it, at most {@code checkpointId}.
     * @param chains              per key group of the range, in order, the indexes into {@code streams} of its
     *                            chain: base first, then deltas of strictly ascending checkpoint ids; empty for a
     *                            key group without state. The arrays are copied.
     * @throws IllegalArgumentException if an argument is null or inconsistent, naming what.
     */
    public IncrementalKeyGroupsStateHandle(
        final KeyGroupRange keyGroupRange,
        final long checkpointId,
        final List<? extends StreamStateHandle> streams,
        final long[] streamCheckpointIds,
        final int[][] chains)
    {
        if (keyGroupRange == null || keyGroupRange.isEmpty())
        {
            throw new IllegalArgumentException("keyGroupRange=" + keyGroupRange + "; expected a non-empty range");
        }
        if (streams == null || streamCheckpointIds == null || chains == null)
        {
            throw new IllegalArgumentException("streams=" + streams + ", streamCheckpointIds=" +
                Arrays.toString(streamCheckpointIds) + ", chains=" + (chains == null ? "null" : "...") +
                "; expected all non-null");
        }
        if (streams.size() != streamCheckpointIds.length)
        {
            throw new IllegalArgumentException("streams.size=" + streams.size() + ", streamCheckpointIds.length=" +
                streamCheckpointIds.length + "; expected one checkpoint id per stream");
        }
        if (chains.length != keyGroupRange.getNumberOfKeyGroups())
        {
            throw new IllegalArgumentException("chains.length=" + chains.length + "; expected one chain per key " +
                "group of " + keyGroupRange);
        }
        for (int i = 0; i < streams.size(); i++)
        {
            if (streams.get(i) == null)
            {
                throw new IllegalArgumentException("streams[" + i + "]=null; expected a stream handle");
            }
            if (streamCheckpointIds[i] < 0 || streamCheckpointIds[i] > checkpointId)
            {
                throw new IllegalArgumentException("streamCheckpointIds[" + i + "]=" + streamCheckpointIds[i] +
                    "; expected 0.." + checkpointId + ", a checkpoint not newer than this one");
            }
        }
        this.chains = new int[chains.length][];
        final boolean[] used = new boolean[streams.size()];
        for (int g = 0; g < chains.length; g++)
        {
            final int[] chain = chains[g] == null ? EMPTY_CHAIN : chains[g].clone();
            long previous = -1;
            for (final int index : chain)
            {
                if (index < 0 || index >= streams.size() || streamCheckpointIds[index] <= previous)
                {
                    throw new IllegalArgumentException("chains[" + g + "]=" + Arrays.toString(chain) + "; expected " +
                        "indexes into the " + streams.size() + " streams, of strictly ascending checkpoint ids");
                }
                previous = streamCheckpointIds[index];
                used[index] = true;
            }
            this.chains[g] = chain.length == 0 ? EMPTY_CHAIN : chain;
        }
        for (int i = 0; i < used.length; i++)
        {
            if (!used[i])
            {
                throw new IllegalArgumentException("streams[" + i + "]=" + streams.get(i).describe() +
                    " is in no chain; expected only streams some key group reads");
            }
        }
        this.keyGroupRange = keyGroupRange;
        this.checkpointId = checkpointId;
        this.streams = Collections.unmodifiableList(new ArrayList<>(streams));
        this.streamCheckpointIds = streamCheckpointIds.clone();
    }

    @Override
    public KeyGroupRange getKeyGroupRange()
    {
        return keyGroupRange;
    }

    @Override
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return every stream a chain references, each once (unmodifiable). */
    public List<StreamStateHandle> getStreams()
    {
        return streams;
    }

    /**
     * @param index a stream's index in {@link #getStreams()}.
     * @return the id of the checkpoint that wrote it.
     */
    public long getStreamCheckpointId(final int index)
    {
        return streamCheckpointIds[index];
    }

    /** @return {@link #getStreams()}: every stream is shared. */
    @Override
    public List<StreamStateHandle> getSharedStreams()
    {
        return streams;
    }

    @Override
    public long getSharedStreamCheckpointId(final int index)
    {
        return streamCheckpointIds[index];
    }

    /** @return nothing: every stream of a chain is shared. */
    @Override
    public List<StreamStateHandle> getExclusiveStreams()
    {
        return List.of();
    }

    /**
     * @param keyGroup a key group of the range.
     * @return its chain, base first, as indexes into {@link #getStreams()} (a copy; empty if it has no state).
     * @throws IllegalArgumentException if the key group is outside the range.
     */
    public int[] getChain(final int keyGroup)
    {
        if (!keyGroupRange.contains(keyGroup))
        {
            throw new IllegalArgumentException("keyGroup=" + keyGroup + "; expected a key group of " + keyGroupRange);
        }
        return chains[keyGroup - keyGroupRange.getStartKeyGroup()].clone();
    }

    @Override
    public IncrementalKeyGroupsStateHandle getIntersection(final KeyGroupRange range)
    {
        final KeyGroupRange intersection = keyGroupRange.getIntersection(range);
        if (intersection.isEmpty())
        {
            return null;
        }
        final int[] newIndex = new int[streams.size()];
        Arrays.fill(newIndex, -1);
        final List<StreamStateHandle> kept = new ArrayList<>();
        final List<Long> keptIds = new ArrayList<>();
        final int[][] keptChains = new int[intersection.getNumberOfKeyGroups()][];
        for (int g = 0; g < keptChains.length; g++)
        {
            final int[] chain = chains[intersection.getStartKeyGroup() + g - keyGroupRange.getStartKeyGroup()];
            final int[] mapped = new int[chain.length];
            for (int c = 0; c < chain.length; c++)
            {
                final int old = chain[c];
                if (newIndex[old] < 0)
                {
                    newIndex[old] = kept.size();
                    kept.add(streams.get(old));
                    keptIds.add(streamCheckpointIds[old]);
                }
                mapped[c] = newIndex[old];
            }
            keptChains[g] = mapped;
        }
        final long[] ids = new long[keptIds.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = keptIds.get(i);
        }
        return new IncrementalKeyGroupsStateHandle(intersection, checkpointId, kept, ids, keptChains);
    }

    /**
     * Deletes the streams this handle's own checkpoint wrote, for a checkpoint that did not complete. Streams of
     * earlier checkpoints are left to the registry that counts their references.
     */
    @Override
    public void discardState() throws IOException
    {
        StateHandles.discardAll(getOwnStreams());
    }

    /** @return the bytes of every stream the chains reference: what a restore reads at most. */
    @Override
    public long getStateSize()
    {
        long size = 0;
        for (final StreamStateHandle stream : streams)
        {
            size += stream.getStateSize();
        }
        return size;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof IncrementalKeyGroupsStateHandle))
        {
            return false;
        }
        final IncrementalKeyGroupsStateHandle that = (IncrementalKeyGroupsStateHandle)o;
        return checkpointId == that.checkpointId && keyGroupRange.equals(that.keyGroupRange) &&
            streams.equals(that.streams) && Arrays.equals(streamCheckpointIds, that.streamCheckpointIds) &&
            Arrays.deepEquals(chains, that.chains);
    }

    @Override
    public int hashCode()
    {
        return 31 * (31 * keyGroupRange.hashCode() + Long.hashCode(checkpointId)) + streams.hashCode();
    }

    @Override
    public String toString()
    {
        return "IncrementalKeyGroupsStateHandle{" + keyGroupRange + ", checkpointId=" + checkpointId +
            ", streams=" + streams.size() + ", checkpointedSize=" + getCheckpointedSize() + "}";
    }
}

package io.cairn.snapshot;

import java.util.ArrayList;
import java.util.List;

/**
 * The keyed handle of an incremental checkpoint: besides what only its own checkpoint references, it references
 * <em>shared</em> streams, which the checkpoint that wrote them and later ones reference alike. Whoever keeps
 * checkpoints counts the references to the shared streams (the coordinator's shared-state registry) and deletes a
 * shared stream only once no retained checkpoint references it; every other stream of the handle belongs to its
 * checkpoint alone.
 *
 * <ul>
 *     <li>{@link #getSharedStreams()}: every shared stream the handle references, each once, with the id of the
 *     checkpoint that wrote it ({@link #getSharedStreamCheckpointId}), at most {@link #getCheckpointId()}.</li>
 *     <li>{@link #getExclusiveStreams()}: streams its own checkpoint wrote for itself alone
 *     ({@link CheckpointedStateScope#EXCLUSIVE}); they go when the checkpoint goes.</li>
 *     <li>{@link #getOwnStreams()}: what its own checkpoint wrote: the exclusive streams and the shared streams
 *     whose writer is this checkpoint. {@link #discardState()} deletes exactly these, for a checkpoint that did
 *     not complete; once it completed, its shared streams belong to the registry and the handle must not be
 *     discarded directly.</li>
 * </ul>
 *
 * <p>{@link IncrementalKeyGroupsStateHandle} (the off-heap backend's per key group chains of streams) and
 * {@link IncrementalSstStateHandle} (the RocksDB backend's SST files) implement it.
 */
public interface SharedStateHandle extends KeyedStateHandle
{
    /** @return the checkpoint the handle belongs to. */
    long getCheckpointId();

    /** @return every shared stream the handle references, each once (unmodifiable). */
    List<StreamStateHandle> getSharedStreams();

    /**
     * @param index a stream's index in {@link #getSharedStreams()}.
     * @return the id of the checkpoint that wrote it.
     */
    long getSharedStreamCheckpointId(int index);

    /** @return the streams only this handle's checkpoint references, none shared (unmodifiable). */
    List<StreamStateHandle> getExclusiveStreams();

    /** @return what this handle's own checkpoint wrote: its exclusive streams and the shared streams it wrote. */
    default List<StreamStateHandle> getOwnStreams()
    {
        final List<StreamStateHandle> shared = getSharedStreams();
        final List<StreamStateHandle> own = new ArrayList<>(getExclusiveStreams());
        for (int i = 0; i < shared.size(); i++)
        {
            if (getSharedStreamCheckpointId(i) == getCheckpointId())
            {
                own.add(shared.get(i));
            }
        }
        return own;
    }

    /** @return the bytes this handle's own checkpoint wrote: what the incremental checkpoint cost. */
    default long getCheckpointedSize()
    {
        long size = 0;
        for (final StreamStateHandle own : getOwnStreams())
        {
            size += own.getStateSize();
        }
        return size;
    }
}

package io.cairn.offheap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * The chains a backend continues after a restore: the owned key groups' chains of the incremental handles it
 * restored from, whatever parallelism wrote them, gathered into one handle for the backend's range. Key groups
 * restored from full snapshots get no chain, so the next checkpoint writes them as bases.
 */
final class RestoredChains
{
    private RestoredChains()
    {
    }

    /**
     * @return the gathered chains, or null if no handle is incremental.
     */
    static IncrementalKeyGroupsStateHandle of(
        final Collection<? extends KeyedStateHandle> handles, final KeyGroupRange keyGroupRange)
    {
        final int[][] chains = new int[keyGroupRange.getNumberOfKeyGroups()][];
        final List<StreamStateHandle> streams = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        final Map<StreamStateHandle, Integer> indexes = new HashMap<>();
        long checkpointId = -1;
        for (final KeyedStateHandle handle : handles)
        {
            if (!(handle instanceof IncrementalKeyGroupsStateHandle))
            {
                continue;
            }
            final IncrementalKeyGroupsStateHandle incremental = (IncrementalKeyGroupsStateHandle)handle;
            checkpointId = Math.max(checkpointId, incremental.getCheckpointId());
            for (final int keyGroup : incremental.getKeyGroupRange().getIntersection(keyGroupRange))
            {
                final int[] chain = incremental.getChain(keyGroup);
                final int[] mapped = new int[chain.length];
                for (int c = 0; c < chain.length; c++)
                {
                    final StreamStateHandle stream = incremental.getStreams().get(chain[c]);
                    Integer index = indexes.get(stream);
                    if (index == null)
                    {
                        index = streams.size();
                        indexes.put(stream, index);
                        streams.add(stream);
                        ids.add(incremental.getStreamCheckpointId(chain[c]));
                    }
                    mapped[c] = index;
                }
                chains[keyGroup - keyGroupRange.getStartKeyGroup()] = mapped;
            }
        }
        if (checkpointId < 0)
        {
            return null;
        }
        final long[] streamIds = new long[ids.size()];
        for (int i = 0; i < streamIds.length; i++)
        {
            streamIds[i] = ids.get(i);
        }
        return new IncrementalKeyGroupsStateHandle(keyGroupRange, checkpointId, streams, streamIds, chains);
    }
}

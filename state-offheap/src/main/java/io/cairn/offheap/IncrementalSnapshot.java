package io.cairn.offheap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.AsyncSnapshotTask;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StreamStateHandle;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An incremental checkpoint of an off-heap backend. The synchronous part is the copy-on-write capture of
 * {@link KeyedSnapshot} plus each state's deletion log; the asynchronous part decides, per key group, what to write
 * into one new shared stream:
 * <ul>
 *     <li>nothing, if the key group did not change since the baseline (its chain is kept as it is);</li>
 *     <li>a base (a FULL partition: the key group whole) if it has no chain yet, if its chain already holds
 *     {@code maxDeltaChainLength} deltas, if its deletions were not all logged, or if its deltas and this one would
 *     hold more than {@code rebaseThreshold} times the key group's entries; an empty key group gets an empty
 *     chain;</li>
 *     <li>else a delta (a DELTA partition): its deletions (DELETE entries, in order), then its inserted and updated
 *     entries (PUT), appended to the chain.</li>
 * </ul>
 * One scan of a key group's records counts its entries and collects the changed ones, so a delta costs one pass
 * over the record headers plus the changed entries; only a base scans again, to write everything.
 * Deciding here, in the background, means re-basing never stalls processing. The handle lists every key group's
 * chain; the tracker keeps it as the next baseline once the checkpoint completes.
 */
final class IncrementalSnapshot implements Callable<SnapshotResult<KeyedStateHandle>>
{
    private final long checkpointId;
    private final StreamMeta meta;
    private final KeyGroupRange keyGroupRange;
    private final List<StateStorage> storages;
    private final IndexView[][] views;
    private final TombstoneLog.Capture[][] tombstones;
    private final int baseline;
    private final IncrementalKeyGroupsStateHandle confirmed;
    private final long[] chainDeltaEntries;
    private final int[] forcedBaseVersions;
    private final IncrementalCheckpointSettings settings;
    private final ChangeTracker tracker;
    private final CheckpointStreamFactory streamFactory;

    private IncrementalSnapshot(
        final long checkpointId,
        final StreamMeta meta,
        final KeyGroupRange keyGroupRange,
        final List<StateStorage> storages,
        final IndexView[][] views,
        final TombstoneLog.Capture[][] tombstones,
        final ChangeTracker tracker,
        final CheckpointStreamFactory streamFactory)
    {
        this.checkpointId = checkpointId;
        this.meta = meta;
        this.keyGroupRange = keyGroupRange;
        this.storages = storages;
        this.views = views;
        this.tombstones = tombstones;
        this.baseline = tracker.baseline();
        this.confirmed = tracker.confirmed();
        this.chainDeltaEntries = tracker.chainDeltaEntries();
        this.forcedBaseVersions = tracker.forcedBaseVersions();
        this.settings = tracker.settings();
        this.tracker = tracker;
        this.streamFactory = streamFactory;
    }

    /**
     * The synchronous part: captures the backend's state and deletions as they are now.
     *
     * @return the asynchronous part.
     */
    static RunnableFuture<SnapshotResult<KeyedStateHandle>> capture(
        final long checkpointId,
        final StreamMeta meta,
        final KeyGroupRange keyGroupRange,
        final List<StateStorage> storages,
        final VersionedMemory memory,
        final ChangeTracker tracker,
        final CheckpointStreamFactory streamFactory)
    {
        final int groups = keyGroupRange.getNumberOfKeyGroups();
        final IndexView[][] views = new IndexView[storages.size()][groups];
        final TombstoneLog.Capture[][] tombstones = new TombstoneLog.Capture[storages.size()][groups];
        for (int s = 0; s < storages.size(); s++)
        {
            final StateStorage storage = storages.get(s);
            for (int i = 0; i < groups; i++)
            {
                final int keyGroup = keyGroupRange.getStartKeyGroup() + i;
                views[s][i] = storage.snapshotTable().capture(keyGroup);
                tombstones[s][i] = storage.tombstones.capture(keyGroup);
            }
        }
        tracker.startLogging();
        final int snapshotVersion = memory.beginSnapshot();
        tracker.snapshotTaken(checkpointId, snapshotVersion);
        final IncrementalSnapshot snapshot = new IncrementalSnapshot(
            checkpointId, meta, keyGroupRange, storages, views, tombstones, tracker, streamFactory);
        return new AsyncSnapshotTask<>(snapshot, () -> memory.releaseSnapshot(snapshotVersion));
    }

    @Override
    public SnapshotResult<KeyedStateHandle> call() throws IOException
    {
        final int groups = keyGroupRange.getNumberOfKeyGroups();
        final int[][] chains = new int[groups][];
        final long[] newDeltaEntries = new long[groups];
        final List<StreamStateHandle> streams = new ArrayList<>();
        final List<Long> streamIds = new ArrayList<>();
        final int[] keptIndex = new int[confirmed == null ? 0 : confirmed.getStreams().size()];
        Arrays.fill(keptIndex, -1);
        final int newIndexMarker = -2;
        final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
        final long[] counts = new long[2];
        final LongArrayList[] changed = new LongArrayList[storages.size()];
        for (int s = 0; s < changed.length; s++)
        {
            changed[s] = new LongArrayList();
        }
        CheckpointStateOutputStream out = null;
        StateStreamWriter writer = null;
        try
        {
            for (int g = 0; g < groups; g++)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    throw new CancellationException("snapshot " + checkpointId + " was cancelled");
                }
                final int keyGroup = keyGroupRange.getStartKeyGroup() + g;
                final int[] chain = confirmed == null || !confirmed.getKeyGroupRange().contains(keyGroup) ?
                    new int[0] : confirmed.getChain(keyGroup);
                counts[0] = 0;
                counts[1] = 0;
                long deletions = 0;
                for (int s = 0; s < storages.size(); s++)
                {
                    if (views[s][g] != null)
                    {
                        changed[s].clear();
                        storages.get(s).countEntries(views[s][g], baseline, counts, changed[s]);
                    }
                    if (tombstones[s][g] != null)
                    {
                        deletions += StateStorage.countTombstones(tombstones[s][g], baseline, buffer);
                    }
                }
                final long entries = counts[0];
                final long changes = counts[1] + deletions;
                final boolean forced = forcedBaseVersions[g] > baseline;
                final int[] newChain;
                if (chain.length == 0 && entries == 0 || chain.length > 0 && changes == 0 && !forced)
                {
                    newChain = chain;
                    newDeltaEntries[g] = chain.length == 0 ? 0 : chainDeltaEntries[g];
                }
                else if (baseline == ChangeTracker.NO_BASELINE || chain.length == 0 || forced ||
                    chain.length - 1 >= settings.maxDeltaChainLength() ||
                    chainDeltaEntries[g] + changes > settings.rebaseThreshold() * entries)
                {
                    if (entries == 0)
                    {
                        newChain = new int[0];
                    }
                    else
                    {
                        writer = writer != null ? writer : new StateStreamWriter(out = open(), meta);
                        writer.beginPartition(keyGroup);
                        for (int s = 0; s < storages.size(); s++)
                        {
                            if (views[s][g] != null)
                            {
                                storages.get(s).writeEntries(writer, s, views[s][g], buffer);
                            }
                        }
                        writer.endPartition();
                        newChain = new int[] {newIndexMarker};
                    }
                    newDeltaEntries[g] = 0;
                }
                else
                {
                    writer = writer != null ? writer : new StateStreamWriter(out = open(), meta);
                    writer.beginDeltaPartition(keyGroup);
                    for (int s = 0; s < storages.size(); s++)
                    {
                        final StateStorage storage = storages.get(s);
                        if (tombstones[s][g] != null)
                        {
                            storage.writeTombstones(writer, s, tombstones[s][g], baseline, buffer);
                        }
                        if (views[s][g] != null)
                        {
                            storage.writeChanged(writer, s, changed[s], baseline, buffer);
                        }
                    }
                    writer.endPartition();
                    newChain = Arrays.copyOf(chain, chain.length + 1);
                    newChain[chain.length] = newIndexMarker;
                    newDeltaEntries[g] = chainDeltaEntries[g] + changes;
                }
                chains[g] = remap(newChain, keptIndex, streams, streamIds);
            }
            if (writer != null)
            {
                writer.finish();
                final StreamStateHandle written = out.closeAndGetHandle();
                out = null;
                final int index = streams.size();
                streams.add(written);
                streamIds.add(checkpointId);
                for (final int[] chain : chains)
                {
                    if (chain.length > 0 && chain[chain.length - 1] == newIndexMarker)
                    {
                        chain[chain.length - 1] = index;
                    }
                }
            }
        }
        finally
        {
            if (out != null)
            {
                out.close();
            }
        }
        final long[] ids = new long[streamIds.size()];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = streamIds.get(i);
        }
        final IncrementalKeyGroupsStateHandle handle =
            new IncrementalKeyGroupsStateHandle(keyGroupRange, checkpointId, streams, ids, chains);
        tracker.recordResult(checkpointId, handle, newDeltaEntries);
        return streams.isEmpty() ? SnapshotResult.empty() : SnapshotResult.of(handle);
    }

    /**
     * Maps a chain from indexes into the confirmed handle's streams to indexes into the new handle's, adding the
     * streams it keeps; the marker of the stream being written stays as it is.
     */
    private int[] remap(
        final int[] chain, final int[] keptIndex, final List<StreamStateHandle> streams, final List<Long> streamIds)
    {
        final int[] mapped = new int[chain.length];
        for (int c = 0; c < chain.length; c++)
        {
            final int old = chain[c];
            if (old < 0)
            {
                mapped[c] = old;
                continue;
            }
            if (keptIndex[old] < 0)
            {
                keptIndex[old] = streams.size();
                streams.add(confirmed.getStreams().get(old));
                streamIds.add(confirmed.getStreamCheckpointId(old));
            }
            mapped[c] = keptIndex[old];
        }
        return mapped;
    }

    private CheckpointStateOutputStream open() throws IOException
    {
        return streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.SHARED);
    }
}

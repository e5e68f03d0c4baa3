package io.cairn.offheap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.AsyncSnapshotTask;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StreamStateHandle;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A copy-on-write snapshot of an off-heap backend. {@link #capture} is the synchronous part: it starts a snapshot
 * version and copies, per state and key group, the addresses of the index shards (a few words per thousand
 * entries; no entry is copied). Running the returned future is the asynchronous part: it scans those shards and
 * writes the key-group stream. Writes the backend makes meanwhile go to copies ({@link VersionedMemory}), so the
 * snapshot sees exactly the state at capture.
 *
 * <p>The view is released (and the memory only it kept is freed) when the write ends, fails or is cancelled,
 * including a cancel before it started. A cancelled or failed write deletes its partial stream; a result that
 * arrives after a cancel is discarded.
 */
final class KeyedSnapshot implements Callable<SnapshotResult<KeyedStateHandle>>
{
    private final StreamMeta meta;
    private final KeyGroupRange keyGroupRange;
    private final List<StateStorage> storages;
    private final IndexView[][] views;
    private final CheckpointStreamFactory streamFactory;

    private KeyedSnapshot(
        final StreamMeta meta,
        final KeyGroupRange keyGroupRange,
        final List<StateStorage> storages,
        final IndexView[][] views,
        final CheckpointStreamFactory streamFactory)
    {
        this.meta = meta;
        this.keyGroupRange = keyGroupRange;
        this.storages = storages;
        this.views = views;
        this.streamFactory = streamFactory;
    }

    /**
     * The synchronous part: captures the backend's state as it is now.
     *
     * @return the asynchronous part.
     */
    static RunnableFuture<SnapshotResult<KeyedStateHandle>> capture(
        final long checkpointId,
        final long timestamp,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final VersionedMemory memory,
        final Collection<StateStorage> allStorages,
        final CheckpointStreamFactory streamFactory)
    {
        final List<StateStorage> storages = new ArrayList<>(allStorages);
        final List<StateMetaInfo> metas = new ArrayList<>(storages.size());
        final int groups = keyGroupRange.getNumberOfKeyGroups();
        final IndexView[][] views = new IndexView[storages.size()][];
        boolean empty = true;
        for (int s = 0; s < storages.size(); s++)
        {
            final StateStorage storage = storages.get(s);
            metas.add(storage.meta);
            final StateTable table = storage.snapshotTable();
            if (table.size() == 0)
            {
                continue;
            }
            views[s] = new IndexView[groups];
            for (int i = 0; i < groups; i++)
            {
                views[s][i] = table.capture(keyGroupRange.getStartKeyGroup() + i);
            }
            empty = false;
        }
        if (empty)
        {
            return new FutureTask<>(SnapshotResult::empty);
        }
        final int snapshotVersion = memory.beginSnapshot();
        final StreamMeta meta =
            StreamMeta.keyed(checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec, metas);
        final KeyedSnapshot snapshot =
            new KeyedSnapshot(meta, keyGroupRange, storages, views, streamFactory);
        return new AsyncSnapshotTask<>(snapshot, () -> memory.releaseSnapshot(snapshotVersion));
    }

    @Override
    public SnapshotResult<KeyedStateHandle> call() throws IOException
    {
        return write();
    }

    private SnapshotResult<KeyedStateHandle> write() throws IOException
    {
        final UnsafeBuffer record = new UnsafeBuffer(0, 0);
        try (CheckpointStateOutputStream out =
            streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE))
        {
            final StateStreamWriter writer = new StateStreamWriter(out, meta);
            final int start = keyGroupRange.getStartKeyGroup();
            for (int keyGroup = start; keyGroup <= keyGroupRange.getEndKeyGroup(); keyGroup++)
            {
                if (Thread.currentThread().isInterrupted())
                {
                    throw new CancellationException("snapshot " + meta.checkpointId() + " was cancelled");
                }
                writer.beginPartition(keyGroup);
                for (int s = 0; s < storages.size(); s++)
                {
                    final IndexView view = views[s] == null ? null : views[s][keyGroup - start];
                    if (view != null)
                    {
                        storages.get(s).writeEntries(writer, s, view, record);
                    }
                }
                writer.endPartition();
            }
            writer.finish();
            final StreamStateHandle stream = out.closeAndGetHandle();
            return SnapshotResult.of(new KeyGroupsStateHandle(keyGroupRange, stream));
        }
    }
}

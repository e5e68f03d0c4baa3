package io.cairn.rocksdb;

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
import io.cairn.state.StateType;
import org.agrona.concurrent.UnsafeBuffer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;

/**
 * A full snapshot of a RocksDB backend in the shared stream format ({@code docs/format.md}): the same entries the
 * off-heap backend writes, so either backend restores it.
 *
 * <p>{@link #capture} is the synchronous part: it takes a RocksDB snapshot ({@code db.getSnapshot()}, a sequence
 * number: microseconds, whatever the state's size) and the list of states. Running the returned future is the
 * asynchronous part: one iterator per state, all reading at the snapshot, walk the backend's key groups in step,
 * and each key group's entries are written state by state. Writes made after the capture are invisible to the
 * iterators. The snapshot holds a lease on the RocksDB instance, so closing the backend meanwhile defers freeing
 * it until the write ends.
 *
 * <p>The RocksDB snapshot is released when the write ends, fails or is cancelled, including a cancel before it
 * started. A cancelled or failed write leaves no stream: the output is closed without
 * {@code closeAndGetHandle()}. A result that arrives after a cancel is discarded.
 */
final class RocksDbSnapshot implements Callable<SnapshotResult<KeyedStateHandle>>
{

    private final RocksDbInstance instance;
    private final Snapshot snapshot;
    private final StreamMeta meta;
    private final KeyGroupRange keyGroupRange;
    private final Codec<?> keyCodec;
    private final List<StateColumn> columns;
    private final ColumnFamilyHandle[] handles;
    private final CheckpointStreamFactory streamFactory;

    private RocksDbSnapshot(
        final RocksDbInstance instance,
        final Snapshot snapshot,
        final StreamMeta meta,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final List<StateColumn> columns,
        final ColumnFamilyHandle[] handles,
        final CheckpointStreamFactory streamFactory)
    {
        this.instance = instance;
        this.snapshot = snapshot;
        this.meta = meta;
        this.keyGroupRange = keyGroupRange;
        this.keyCodec = keyCodec;
        this.columns = columns;
        this.handles = handles;
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
        final RocksDbInstance instance,
        final Collection<StateColumn> allColumns,
        final CheckpointStreamFactory streamFactory)
    {
        final List<StateColumn> columns = new ArrayList<>(allColumns);
        final List<StateMetaInfo> metas = new ArrayList<>(columns.size());
        final ColumnFamilyHandle[] handles = new ColumnFamilyHandle[columns.size()];
        boolean empty = true;
        for (int s = 0; s < columns.size(); s++)
        {
            metas.add(columns.get(s).meta);
            handles[s] = columns.get(s).handleOrNull();
            empty &= handles[s] == null;
        }
        if (empty)
        {
            return new FutureTask<>(SnapshotResult::empty);
        }
        final Snapshot snapshot = instance.acquireSnapshot();
        final StreamMeta meta =
            StreamMeta.keyed(checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec, metas);
        return new AsyncSnapshotTask<>(
            new RocksDbSnapshot(instance, snapshot, meta, keyGroupRange, keyCodec, columns, handles, streamFactory),
            () -> instance.releaseSnapshot(snapshot));
    }

    @Override
    public SnapshotResult<KeyedStateHandle> call() throws IOException
    {
        return write();
    }

    private SnapshotResult<KeyedStateHandle> write() throws IOException
    {
        // Total order: the walk crosses keys, which a prefix filter must not skip files for.
        try (ReadOptions readOptions =
                new ReadOptions().setSnapshot(snapshot).setFillCache(false).setTotalOrderSeek(true);
            CheckpointStateOutputStream out =
                streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE))
        {
            final RocksIterator[] iterators = new RocksIterator[handles.length];
            try
            {
                final DirectBytes seek = new DirectBytes(KeyLayout.KEY_GROUP_PREFIX_LENGTH);
                KeyLayout.putKeyGroup(seek.view(), keyGroupRange.getStartKeyGroup());
                for (int s = 0; s < handles.length; s++)
                {
                    if (handles[s] != null)
                    {
                        iterators[s] = instance.newIterator(handles[s], readOptions);
                        iterators[s].seek(seek.range(0, KeyLayout.KEY_GROUP_PREFIX_LENGTH));
                    }
                }
                return write(iterators, out);
            }
            finally
            {
                // Iterators first: they read through the snapshot and the read options.
                for (final RocksIterator iterator : iterators)
                {
                    if (iterator != null)
                    {
                        iterator.close();
                    }
                }
            }
        }
    }

    private SnapshotResult<KeyedStateHandle> write(
        final RocksIterator[] iterators, final CheckpointStateOutputStream out) throws IOException
    {
        final StateStreamWriter writer = new StateStreamWriter(out, meta);
        final EntryWriter entries = new EntryWriter(writer, keyCodec.fixedLength());
        for (int keyGroup = keyGroupRange.getStartKeyGroup(); keyGroup <= keyGroupRange.getEndKeyGroup(); keyGroup++)
        {
            if (Thread.currentThread().isInterrupted())
            {
                throw new CancellationException("snapshot " + meta.checkpointId() + " was cancelled");
            }
            writer.beginPartition(keyGroup);
            for (int s = 0; s < iterators.length; s++)
            {
                if (iterators[s] != null)
                {
                    entries.writeKeyGroup(iterators[s], s, columns.get(s), keyGroup);
                }
            }
            writer.endPartition();
        }
        for (int s = 0; s < iterators.length; s++)
        {
            if (iterators[s] != null)
            {
                Iterators.checkStatus(iterators[s], columns.get(s).name);
            }
        }
        if (writer.entries() == 0)
        {
            // Every state was cleared: like an empty backend, no stream (closing it discards what was written).
            return SnapshotResult.empty();
        }
        writer.finish();
        final StreamStateHandle stream = out.closeAndGetHandle();
        return SnapshotResult.of(new KeyGroupsStateHandle(keyGroupRange, stream));
    }

    /** Turns RocksDB entries back into stream entries: removes the key group and the length prefixes. */
    private static final class EntryWriter
    {
        private final StateStreamWriter writer;
        private final int keyFixedLength;
        private final DirectBytes key = new DirectBytes(256);
        private final DirectBytes value = new DirectBytes(1024);

        EntryWriter(final StateStreamWriter writer, final int keyFixedLength)
        {
            this.writer = writer;
            this.keyFixedLength = keyFixedLength;
        }

        /** Writes the entries of {@code keyGroup} the iterator is at, leaving it at the next key group's first. */
        void writeKeyGroup(
            final RocksIterator iterator, final int stateIndex, final StateColumn column, final int keyGroup)
            throws IOException
        {
            final StateType type = column.meta.type();
            for (; iterator.isValid(); iterator.next())
            {
                final int keyLength = Iterators.key(iterator, key);
                final UnsafeBuffer k = key.view();
                if (KeyLayout.keyGroup(k) != keyGroup)
                {
                    return;
                }
                final int valueLength = Iterators.value(iterator, value);
                final UnsafeBuffer v = value.view();
                final int keyComponent = KeyLayout.KEY_GROUP_PREFIX_LENGTH;
                final int keyBytes = KeyLayout.bytesOffset(keyComponent, keyFixedLength);
                final int keyBytesLength = KeyLayout.bytesLength(k, keyComponent, keyFixedLength);
                final int namespaceComponent = keyBytes + keyBytesLength;
                final int namespaceBytes = KeyLayout.bytesOffset(namespaceComponent, column.namespaceFixedLength);
                if (type == StateType.MAP)
                {
                    final int namespaceLength =
                        KeyLayout.bytesLength(k, namespaceComponent, column.namespaceFixedLength);
                    final int userKeyComponent = namespaceBytes + namespaceLength;
                    final int userKeyBytes = KeyLayout.bytesOffset(userKeyComponent, column.userKeyFixedLength);
                    writer.writeMapEntry(stateIndex, k, keyBytes, keyBytesLength, k, namespaceBytes, namespaceLength,
                        k, userKeyBytes, keyLength - userKeyBytes, v, 0, valueLength);
                }
                else if (type == StateType.LIST)
                {
                    int offset = 0;
                    while (offset < valueLength)
                    {
                        final int elementLength = ListValueLayout.elementLength(v, offset, valueLength);
                        offset += ListValueLayout.prefixLength(elementLength);
                        writer.writeEntry(stateIndex, k, keyBytes, keyBytesLength,
                            k, namespaceBytes, keyLength - namespaceBytes, v, offset, elementLength);
                        offset += elementLength;
                    }
                }
                else
                {
                    writer.writeEntry(stateIndex, k, keyBytes, keyBytesLength,
                        k, namespaceBytes, keyLength - namespaceBytes, v, 0, valueLength);
                }
            }
        }
    }
}

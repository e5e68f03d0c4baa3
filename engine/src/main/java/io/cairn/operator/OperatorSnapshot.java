package io.cairn.operator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;

import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.CodecInfo;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamFormat;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A snapshot of a {@link DefaultOperatorStateBackend}. {@link #capture} is the synchronous part: it encodes every
 * state to bytes ({@link OperatorStateContent#encoded()}), so neither later writes nor later changes to mutable
 * elements reach the snapshot. Running the returned future is the asynchronous part: it writes one operator-state
 * stream, one partition per state (the state's position in the meta), list elements as entries and broadcast
 * entries as map entries, all with an empty key and namespace.
 *
 * <p>A snapshot cancelled before it runs creates no stream; one cancelled while it runs stops at the next entry
 * and closes its stream without taking a handle, which deletes it; a handle that was taken just before the
 * cancel won is discarded.
 */
final class OperatorSnapshot implements Callable<SnapshotResult<OperatorStateHandle>>
{
    /** How many entries are written between two looks at the cancel flag. */
    private static final int CANCEL_CHECK_INTERVAL = 1024;
    private static final DirectBuffer EMPTY = new UnsafeBuffer(new byte[0]);

    private final StreamMeta meta;
    private final List<OperatorStateMode> modes;
    private final List<EncodedState> contents;
    private final CheckpointStreamFactory streamFactory;
    private volatile boolean cancelled;

    private OperatorSnapshot(
        final StreamMeta meta,
        final List<OperatorStateMode> modes,
        final List<EncodedState> contents,
        final CheckpointStreamFactory streamFactory)
    {
        this.meta = meta;
        this.modes = modes;
        this.contents = contents;
        this.streamFactory = streamFactory;
    }

    /**
     * The synchronous part: encodes the states as they are now.
     *
     * @return the asynchronous part; its result is empty if there are no states.
     */
    static RunnableFuture<SnapshotResult<OperatorStateHandle>> capture(
        final long checkpointId,
        final long timestamp,
        final Collection<RegisteredOperatorState> states,
        final CheckpointStreamFactory streamFactory)
    {
        if (states.isEmpty())
        {
            return new FutureTask<>(SnapshotResult::empty);
        }
        final List<StateMetaInfo> metas = new ArrayList<>(states.size());
        final List<OperatorStateMode> modes = new ArrayList<>(states.size());
        final List<EncodedState> contents = new ArrayList<>(states.size());
        final byte[] modeBytes = new byte[states.size()];
        for (final RegisteredOperatorState state : states)
        {
            modeBytes[metas.size()] = state.mode().code();
            metas.add(state.meta());
            modes.add(state.mode());
            contents.add(state.content().encoded());
        }
        final StreamMeta meta = new StreamMeta(StreamFormat.KIND_OPERATOR, checkpointId, timestamp, 0,
            KeyGroupRange.EMPTY, CodecInfo.of(VoidNamespaceCodec.INSTANCE), metas, modeBytes);
        return new OperatorSnapshot(meta, modes, contents, streamFactory).new Task();
    }

    @Override
    public SnapshotResult<OperatorStateHandle> call() throws IOException
    {
        checkCancelled();
        try (CheckpointStateOutputStream out =
            streamFactory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE))
        {
            final StateStreamWriter writer = new StateStreamWriter(out, meta);
            final Map<String, OperatorStatePartitionInfo> infos = new LinkedHashMap<>();
            for (int stateIndex = 0; stateIndex < contents.size(); stateIndex++)
            {
                final EncodedState content = contents.get(stateIndex);
                writer.beginPartition(stateIndex);
                writeEntries(writer, stateIndex, content);
                writer.endPartition();
                infos.put(meta.states().get(stateIndex).name(),
                    OperatorStatePartitionInfo.whole(modes.get(stateIndex), content.elementCount()));
            }
            writer.finish();
            checkCancelled();
            final StreamStateHandle stream = out.closeAndGetHandle();
            assert stream != null : "a finished stream has at least a header and a footer";
            return SnapshotResult.of(new OperatorStateHandle(stream, infos));
        }
    }

    private void writeEntries(final StateStreamWriter writer, final int stateIndex, final EncodedState content)
        throws IOException
    {
        final DirectBuffer bytes = content.buffer();
        final int count = content.elementCount();
        final boolean map = content.fieldsPerElement() == 2;
        for (int i = 0; i < count; i++)
        {
            if (i % CANCEL_CHECK_INTERVAL == 0)
            {
                checkCancelled();
            }
            if (map)
            {
                final int key = 2 * i;
                writer.writeMapEntry(stateIndex, EMPTY, 0, 0, EMPTY, 0, 0,
                    bytes, content.fieldOffset(key), content.fieldLength(key),
                    bytes, content.fieldOffset(key + 1), content.fieldLength(key + 1));
            }
            else
            {
                writer.writeEntry(stateIndex, EMPTY, 0, 0, EMPTY, 0, 0,
                    bytes, content.fieldOffset(i), content.fieldLength(i));
            }
        }
    }

    private void checkCancelled()
    {
        if (cancelled || Thread.currentThread().isInterrupted())
        {
            throw new CancellationException("operator state snapshot " + meta.checkpointId() + " was cancelled");
        }
    }

    /** Runs the write once; stops a running write on cancel; discards a result that lost a race with a cancel. */
    private final class Task extends FutureTask<SnapshotResult<OperatorStateHandle>>
    {
        Task()
        {
            super(OperatorSnapshot.this);
        }

        @Override
        protected void done()
        {
            if (isCancelled())
            {
                cancelled = true;
            }
        }

        @Override
        protected void set(final SnapshotResult<OperatorStateHandle> result)
        {
            super.set(result);
            if (isCancelled() && result != null)
            {
                try
                {
                    result.discardState();
                }
                catch (final IOException ex)
                {
                    setException(ex);
                }
            }
        }
    }
}

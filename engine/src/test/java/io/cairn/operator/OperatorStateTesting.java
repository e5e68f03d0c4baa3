package io.cairn.operator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RunnableFuture;
import java.util.function.UnaryOperator;

import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;

/** Descriptors and helpers the operator state tests share. */
final class OperatorStateTesting
{
    static final ListStateDescriptor<Integer> OFFSETS = new ListStateDescriptor<>("offsets", IntCodec.INSTANCE);
    static final ListStateDescriptor<String> WORDS = new ListStateDescriptor<>("words", StringCodec.INSTANCE);
    static final MapStateDescriptor<String, Long> RULES =
        new MapStateDescriptor<>("rules", StringCodec.INSTANCE, LongCodec.INSTANCE);

    private OperatorStateTesting()
    {
    }

    /** @return the handle of a snapshot written to memory, or null if it is empty. */
    static OperatorStateHandle snapshot(final DefaultOperatorStateBackend backend) throws Exception
    {
        return snapshot(backend, new MemoryCheckpointStreamFactory("test"));
    }

    /** @return the handle of a snapshot written through {@code factory}, or null if it is empty. */
    static OperatorStateHandle snapshot(
        final DefaultOperatorStateBackend backend, final CheckpointStreamFactory factory) throws Exception
    {
        return run(backend.snapshot(1, 1000, factory, CheckpointOptions.forCheckpoint()));
    }

    /** Runs a snapshot's asynchronous part on this thread. */
    static OperatorStateHandle run(final RunnableFuture<SnapshotResult<OperatorStateHandle>> future)
        throws InterruptedException, ExecutionException
    {
        future.run();
        return future.get().getJobManagerOwnedSnapshot();
    }

    /** @return the handle as a list: empty for null. */
    static List<OperatorStateHandle> listOf(final OperatorStateHandle handle)
    {
        final List<OperatorStateHandle> handles = new ArrayList<>();
        if (handle != null)
        {
            handles.add(handle);
        }
        return handles;
    }

    /** @return a new backend restored from {@code handles}. */
    static DefaultOperatorStateBackend restored(final List<OperatorStateHandle> handles) throws Exception
    {
        final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();
        backend.restore(handles);
        return backend;
    }

    /** @return the same handle over a copy of its bytes, changed by {@code change}. */
    static OperatorStateHandle withBytes(
        final OperatorStateHandle handle, final UnaryOperator<byte[]> change)
    {
        final byte[] data = ((ByteStreamStateHandle)handle.getDelegate()).getData().clone();
        return new OperatorStateHandle(new ByteStreamStateHandle("changed", change.apply(data)),
            handle.getStateNameToPartitionInfo());
    }
}

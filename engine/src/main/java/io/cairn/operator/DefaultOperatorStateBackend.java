package io.cairn.operator;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.backend.OperatorStateBackend;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.StateMetaInfo;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.StateDescriptor;
import io.cairn.snapshot.OperatorStateMode;

/**
 * The operator state backend: operator state kept on the heap, as plain lists and maps of the objects the
 * operator put there.
 *
 * <p>Design notes:
 * <ol>
 *     <li>Heap, not off-heap. Operator state is small (offsets, buffered records, a rule table), accessed
 *     seldom, and held whole by every subtask; a {@link java.util.ArrayList} or
 *     {@link java.util.LinkedHashMap} per state costs less code and no more memory than an off-heap store
 *     would.</li>
 *     <li>Snapshots encode in their synchronous part. The elements are user objects, possibly mutable, so
 *     copying the collections would not isolate a snapshot from later changes; encoding every element to bytes
 *     does, at a cost proportional to the (small) state. The asynchronous part only writes those bytes.</li>
 *     <li>Restored state stays bytes until claimed. A stream records codec ids, not codecs, so a restored state
 *     can be decoded only once a descriptor names its codecs; until then it is kept, and snapshotted, as the
 *     bytes it was read as. Claiming checks the descriptor and the mode against what was restored.</li>
 *     <li>One name space. A state name stands for one mode and one descriptor across list, union and broadcast
 *     state, because a stream finds states by name.</li>
 * </ol>
 *
 * <p>Not thread-safe: one thread (the subtask's) uses the backend and its state objects; snapshot futures may run
 * on any thread, and keep working after {@link #close()}, since they own their bytes.
 */
public final class DefaultOperatorStateBackend implements OperatorStateBackend
{
    private final Map<String, RegisteredOperatorState> states = new LinkedHashMap<>();
    private boolean closed;

    /** Creates an empty backend. */
    public DefaultOperatorStateBackend()
    {
    }

    @Override
    public <S> ListState<S> getListState(final ListStateDescriptor<S> descriptor)
    {
        return listState(descriptor, OperatorStateMode.SPLIT_DISTRIBUTE);
    }

    @Override
    public <S> ListState<S> getUnionListState(final ListStateDescriptor<S> descriptor)
    {
        return listState(descriptor, OperatorStateMode.UNION);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> BroadcastState<K, V> getBroadcastState(final MapStateDescriptor<K, V> descriptor)
    {
        final RegisteredOperatorState state = lookUp(descriptor, OperatorStateMode.BROADCAST);
        if (state == null)
        {
            final HeapBroadcastState<K, V> created =
                new HeapBroadcastState<>(this, descriptor.getUserKeyCodec(), descriptor.getUserValueCodec());
            register(descriptor, OperatorStateMode.BROADCAST, created);
            return created;
        }
        if (state.isRestoredBytes())
        {
            state.claim(HeapBroadcastState.decode(this, descriptor.getUserKeyCodec(), descriptor.getUserValueCodec(),
                (EncodedState)state.content()));
        }
        // The descriptor's codec ids match the registered ones, which stand for the same types.
        return (BroadcastState<K, V>)state.content();
    }

    @Override
    public Set<String> getRegisteredStateNames()
    {
        checkOpen();
        return namesOf(false);
    }

    @Override
    public Set<String> getRegisteredBroadcastStateNames()
    {
        checkOpen();
        return namesOf(true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The synchronous part encodes every state to bytes; see the class notes.
     *
     * @throws IllegalStateException if the backend is closed.
     */
    @Override
    public RunnableFuture<SnapshotResult<OperatorStateHandle>> snapshot(
        final long checkpointId,
        final long timestamp,
        final CheckpointStreamFactory streamFactory,
        final CheckpointOptions options)
    {
        checkOpen();
        if (streamFactory == null || options == null)
        {
            throw new IllegalArgumentException("streamFactory=" + streamFactory + ", options=" + options +
                "; expected both non-null");
        }
        return OperatorSnapshot.capture(checkpointId, timestamp, states.values(), streamFactory);
    }

    @Override
    public void restore(final Collection<? extends OperatorStateHandle> handles) throws IOException
    {
        checkOpen();
        if (!states.isEmpty())
        {
            throw new IllegalStateException("registered states=" + states.keySet() +
                "; expected restore into a backend that holds no state yet");
        }
        states.putAll(OperatorRestore.restore(handles));
    }

    @Override
    public void close()
    {
        closed = true;
        states.clear();
    }

    @Override
    public void dispose()
    {
        close();
    }

    @Override
    public String toString()
    {
        return "DefaultOperatorStateBackend{states=" + states.keySet() + (closed ? ", closed" : "") + "}";
    }

    /** @throws IllegalStateException if the backend is closed. */
    void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("the operator state backend is closed");
        }
    }

    @SuppressWarnings("unchecked")
    private <S> ListState<S> listState(final ListStateDescriptor<S> descriptor, final OperatorStateMode mode)
    {
        final RegisteredOperatorState state = lookUp(descriptor, mode);
        if (state == null)
        {
            final OperatorListState<S> created =
                new OperatorListState<>(this, descriptor.getElementCodec(), Collections.emptyList());
            register(descriptor, mode, created);
            return created;
        }
        if (state.isRestoredBytes())
        {
            state.claim(OperatorListState.decode(this, descriptor.getElementCodec(), (EncodedState)state.content()));
        }
        // The descriptor's codec ids match the registered ones, which stand for the same types.
        return (ListState<S>)state.content();
    }

    /**
     * @return the state of the descriptor's name, or null if none; checked against the descriptor and mode.
     * @throws IncompatibleStateException if it differs.
     */
    private RegisteredOperatorState lookUp(
        final StateDescriptor<?> descriptor, final OperatorStateMode mode)
    {
        checkOpen();
        if (descriptor == null)
        {
            throw new IllegalArgumentException("descriptor=null; expected a state descriptor");
        }
        final RegisteredOperatorState state = states.get(descriptor.getName());
        if (state != null)
        {
            state.checkCompatible(mode, StateMetaInfo.of(descriptor, VoidNamespaceCodec.INSTANCE));
        }
        return state;
    }

    private void register(
        final StateDescriptor<?> descriptor,
        final OperatorStateMode mode,
        final OperatorStateContent content)
    {
        final StateMetaInfo meta = StateMetaInfo.of(descriptor, VoidNamespaceCodec.INSTANCE);
        states.put(descriptor.getName(), new RegisteredOperatorState(mode, meta, content));
    }

    private Set<String> namesOf(final boolean broadcast)
    {
        final Set<String> names = new LinkedHashSet<>();
        for (final RegisteredOperatorState state : states.values())
        {
            if ((state.mode() == OperatorStateMode.BROADCAST) == broadcast)
            {
                names.add(state.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }
}

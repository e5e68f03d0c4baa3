package io.cairn.peers.chronicle;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

import io.cairn.backend.InternalKvState;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateFunction;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.StateType;
import io.cairn.state.ValueStateDescriptor;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * {@code Long} keys with {@code Long} value state, each state one off-heap Chronicle Map keyed by the current key.
 *
 * <p>This is a raw map, not a state backend: no namespaces, no key groups (the current key is only remembered;
 * {@link #getCurrentKeyGroupIndex()} computes its key group when asked), no snapshots, no memory budget (the map is
 * sized by its number of entries). It is the floor an off-heap store without state semantics sets for
 * {@code ValueStateBenchmark}; every other use throws {@link UnsupportedOperationException}.
 */
final class ChronicleMapKeyedStateBackend implements KeyedStateBackend<Long>
{
    private final KeyGroupRange keyGroupRange;
    private final int numberOfKeyGroups;
    private final long entries;
    private final Map<String, ChronicleMapValueState> states = new HashMap<>();
    private final List<ChronicleMap<Long, Long>> maps = new ArrayList<>();
    private Long currentKey;
    private boolean closed;

    /**
     * @param keyGroupRange     the key groups the backend claims to own.
     * @param numberOfKeyGroups the max parallelism.
     * @param entries           the number of entries each state's map is sized for.
     */
    ChronicleMapKeyedStateBackend(final KeyGroupRange keyGroupRange, final int numberOfKeyGroups, final long entries)
    {
        this.keyGroupRange = keyGroupRange;
        this.numberOfKeyGroups = numberOfKeyGroups;
        this.entries = entries;
    }

    @Override
    public void setCurrentKey(final Long key)
    {
        if (closed)
        {
            throw new IllegalStateException(ChronicleMapStateBackendFactory.NAME + " backend is closed");
        }
        if (key == null)
        {
            throw new IllegalArgumentException("key=null; expected a key");
        }
        currentKey = key;
    }

    @Override
    public void setCurrentKeyAndKeyGroup(final Long key, final int keyGroup)
    {
        setCurrentKey(key);
    }

    @Override
    public Long getCurrentKey()
    {
        return currentKey;
    }

    @Override
    public int getCurrentKeyGroupIndex()
    {
        final Long key = currentKey;
        return key == null ? -1 : KeyGroupRangeAssignment.assignToKeyGroup(key.hashCode(), numberOfKeyGroups);
    }

    @Override
    public Codec<Long> getKeyCodec()
    {
        return LongCodec.INSTANCE;
    }

    @Override
    public KeyGroupRange getKeyGroupRange()
    {
        return keyGroupRange;
    }

    @Override
    public int getNumberOfKeyGroups()
    {
        return numberOfKeyGroups;
    }

    @Override
    @SuppressWarnings("unchecked") // checked: a value state of LongCodec values is a ValueState<Long>
    public <N, S extends State> S getPartitionedState(
        final N namespace, final Codec<N> namespaceCodec, final StateDescriptor<S> descriptor)
    {
        if (closed)
        {
            throw new IllegalStateException(ChronicleMapStateBackendFactory.NAME + " backend is closed");
        }
        if (namespaceCodec != VoidNamespaceCodec.INSTANCE)
        {
            throw new UnsupportedOperationException("namespaceCodec=" + namespaceCodec.codecId() + "; the " +
                ChronicleMapStateBackendFactory.NAME + " peer is a raw map: it has no namespaces");
        }
        if (descriptor.getType() != StateType.VALUE ||
            ((ValueStateDescriptor<?>)descriptor).getValueCodec() != LongCodec.INSTANCE ||
            ((ValueStateDescriptor<?>)descriptor).getDefaultValue() != null)
        {
            throw new UnsupportedOperationException("descriptor=" + descriptor + "; the " +
                ChronicleMapStateBackendFactory.NAME + " peer has only value state of LongCodec values, with no " +
                "default value (it runs ValueStateBenchmark only)");
        }
        return (S)states.computeIfAbsent(descriptor.getName(), this::newState);
    }

    private ChronicleMapValueState newState(final String stateName)
    {
        final ChronicleMap<Long, Long> map = ChronicleMap
            .of(Long.class, Long.class)
            .name(stateName)
            .entries(entries)
            .putReturnsNull(true)
            .removeReturnsNull(true)
            .create();
        maps.add(map);
        return new ChronicleMapValueState(this, map);
    }

    @Override
    public <N, S extends State> InternalKvState<N, S> createState(
        final StateDescriptor<S> descriptor, final Codec<N> namespaceCodec)
    {
        throw unsupported("createState");
    }

    @Override
    public <N> Stream<Long> getKeys(final String stateName, final N namespace)
    {
        throw unsupported("getKeys");
    }

    @Override
    public <N, S extends State> void applyToAllKeys(
        final N namespace,
        final Codec<N> namespaceCodec,
        final StateDescriptor<S> descriptor,
        final KeyedStateFunction<Long, S> function)
    {
        throw unsupported("applyToAllKeys");
    }

    @Override
    public void restore(final Collection<? extends KeyedStateHandle> handles)
    {
        throw unsupported("restore");
    }

    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
        final long checkpointId,
        final long timestamp,
        final CheckpointStreamFactory streamFactory,
        final CheckpointOptions options)
    {
        throw unsupported("snapshot");
    }

    /** @return the off-heap bytes Chronicle Map reserved for every state's map, or 0 once closed. */
    @Override
    public long getApproximateMemoryUsage()
    {
        long bytes = 0;
        for (final ChronicleMap<Long, Long> map : maps)
        {
            bytes += map.offHeapMemoryUsed();
        }
        return bytes;
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        currentKey = null;
        states.clear();
        for (final ChronicleMap<Long, Long> map : maps)
        {
            map.close();
        }
        maps.clear();
    }

    @Override
    public void dispose()
    {
        close();
    }

    private static UnsupportedOperationException unsupported(final String operation)
    {
        return new UnsupportedOperationException(operation + " is not adapted: the " +
            ChronicleMapStateBackendFactory.NAME + " peer is a raw map, for ValueStateBenchmark only");
    }
}

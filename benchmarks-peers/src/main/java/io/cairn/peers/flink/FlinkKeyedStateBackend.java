package io.cairn.peers.flink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.backend.InternalKvState;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateFunction;
import io.cairn.codec.Codec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.LongValueStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import io.cairn.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.core.fs.CloseableRegistry;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.CheckpointStorageLocationReference;
import org.apache.flink.runtime.state.FullSnapshotResources;
import org.apache.flink.runtime.state.SavepointResources;
import org.apache.flink.runtime.state.SavepointSnapshotStrategy;
import org.apache.flink.runtime.state.SharedStateRegistryImpl;
import org.apache.flink.runtime.state.SnapshotStrategyRunner;
import org.apache.flink.runtime.state.memory.MemCheckpointStreamFactory;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;

/**
 * Cairn's {@link KeyedStateBackend} over one of Apache Flink's own keyed backends, for the benchmarks.
 *
 * <p>The adapter is as thin as it can be, so that a benchmark measures Flink: {@link #setCurrentKey} goes straight
 * to Flink's {@code setCurrentKey} (which computes the key group with the same formula as Cairn), and the state
 * objects pass every call to Flink's state objects (see {@link FlinkValueState}, {@link FlinkMapState},
 * {@link FlinkListState}, {@link FlinkLongValueState}).
 *
 * <p>Snapshots and restore take Flink's own path, as a Flink task does:
 * <ul>
 *     <li>{@link #snapshot} calls Flink's {@code snapshot(...)} (the synchronous part: for the heap backend, a
 *     copy-on-write view of every state table) and returns its asynchronous part as it is (running it writes the
 *     snapshot; cancelling it releases the view). Cairn's {@link MemoryCheckpointStreamFactory} stands for
 *     Flink's in-memory one, {@code MemCheckpointStreamFactory}, to which Flink writes; other factories are not
 *     adapted. Cairn's savepoint options become Flink's canonical savepoint (whole, in Flink's own format);
 *     checkpoints are whole or incremental as Flink's backend is configured, and
 *     {@link #notifyCheckpointComplete} passes the confirmation on, so that an incremental one reuses the files of
 *     the last confirmed checkpoint.</li>
 *     <li>{@link #restore} cuts each handle to this backend's key groups ({@code getIntersection}, what Flink's
 *     {@code StateAssignmentOperation} does on a change of parallelism), builds a new Flink backend with them
 *     (Flink restores while it builds a backend) and drops the empty one it replaces.</li>
 * </ul>
 * What the suites do not use is not adapted: namespaces other than none, {@code createState},
 * {@code applyToAllKeys}, memory accounting and reducing or aggregating state throw
 * {@link UnsupportedOperationException}.
 *
 * <p>Closing disposes of Flink's backend (for RocksDB, its native instance and its directory) and of the task
 * environment it was made in. Using a closed backend is checked where a call reaches Flink's backend itself (keys,
 * state creation, key listing, snapshots, restore), not in the state objects' calls.
 *
 * @param <K> the key type.
 */
final class FlinkKeyedStateBackend<K> implements KeyedStateBackend<K>
{
    private final String name;
    private final FlinkBackendBuilder<K> builder;
    private final MockEnvironment environment;
    private final Codec<K> keyCodec;
    private final KeyGroupRange keyGroupRange;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, StateDescriptor<?>> descriptors = new HashMap<>();
    // Stands for the checkpoint coordinator's: never told a checkpoint is subsumed, so it discards nothing.
    private final SharedStateRegistryImpl sharedStateRegistry = new SharedStateRegistryImpl();
    private AbstractKeyedStateBackend<K> backend;
    private boolean restored;
    private boolean closed;

    FlinkKeyedStateBackend(
        final String name,
        final AbstractKeyedStateBackend<K> backend,
        final FlinkBackendBuilder<K> builder,
        final MockEnvironment environment,
        final Codec<K> keyCodec,
        final KeyGroupRange keyGroupRange)
    {
        this.name = name;
        this.backend = backend;
        this.builder = builder;
        this.environment = environment;
        this.keyCodec = keyCodec;
        this.keyGroupRange = keyGroupRange;
    }

    @Override
    public void setCurrentKey(final K key)
    {
        if (closed)
        {
            throw new IllegalStateException(name + " backend is closed");
        }
        backend.setCurrentKey(key);
    }

    @Override
    public void setCurrentKeyAndKeyGroup(final K key, final int keyGroup)
    {
        if (closed)
        {
            throw new IllegalStateException(name + " backend is closed");
        }
        backend.setCurrentKeyAndKeyGroup(key, keyGroup);
    }

    @Override
    public K getCurrentKey()
    {
        return backend.getCurrentKey();
    }

    @Override
    public int getCurrentKeyGroupIndex()
    {
        return backend.getCurrentKeyGroupIndex();
    }

    @Override
    public Codec<K> getKeyCodec()
    {
        return keyCodec;
    }

    @Override
    public KeyGroupRange getKeyGroupRange()
    {
        return keyGroupRange;
    }

    @Override
    public int getNumberOfKeyGroups()
    {
        return backend.getNumberOfKeyGroups();
    }

    @Override
    @SuppressWarnings("unchecked") // the state was made for a compatible descriptor, whose kind fixes S
    public <N, S extends State> S getPartitionedState(
        final N namespace, final Codec<N> namespaceCodec, final StateDescriptor<S> descriptor)
    {
        if (closed)
        {
            throw new IllegalStateException(name + " backend is closed");
        }
        FlinkSerializers.checkVoidNamespace(namespaceCodec);
        final State existing = states.get(descriptor.getName());
        if (existing != null)
        {
            final StateDescriptor<?> registered = descriptors.get(descriptor.getName());
            if (!registered.isCompatibleWith(descriptor))
            {
                throw new IncompatibleStateException("state name=" + descriptor.getName() + " is registered as " +
                    registered + "; asked for as " + descriptor);
            }
            if (registered.getClass() != descriptor.getClass())
            {
                throw new UnsupportedOperationException("state name=" + descriptor.getName() + " is registered as " +
                    registered + "; the " + name + " peer adapts a state under one descriptor class only");
            }
            return (S)existing;
        }
        final State state;
        switch (descriptor.getType())
        {
            case VALUE:
                state = descriptor instanceof LongValueStateDescriptor ?
                    longValueState((LongValueStateDescriptor)descriptor) :
                    valueState((ValueStateDescriptor<?>)descriptor);
                break;
            case LIST:
                state = listState((ListStateDescriptor<?>)descriptor);
                break;
            case MAP:
                state = mapState((MapStateDescriptor<?, ?>)descriptor);
                break;
            default:
                throw new UnsupportedOperationException("state type=" + descriptor.getType() + " of " + descriptor +
                    "; the " + name + " peer adapts only value, list and map state");
        }
        states.put(descriptor.getName(), state);
        descriptors.put(descriptor.getName(), descriptor);
        return (S)state;
    }

    private <V> FlinkValueState<V> valueState(final ValueStateDescriptor<V> descriptor)
    {
        if (descriptor.getDefaultValue() != null)
        {
            throw new UnsupportedOperationException("defaultValue=" + descriptor.getDefaultValue() + " of " +
                descriptor + "; the " + name + " peer supports only value state without a default value");
        }
        return new FlinkValueState<>(flinkState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
            descriptor.getName(), FlinkSerializers.of(descriptor.getValueCodec(), "valueCodec"))));
    }

    private FlinkLongValueState longValueState(final LongValueStateDescriptor descriptor)
    {
        return new FlinkLongValueState(flinkState(new org.apache.flink.api.common.state.ValueStateDescriptor<>(
            descriptor.getName(), LongSerializer.INSTANCE)));
    }

    private <V> FlinkListState<V> listState(final ListStateDescriptor<V> descriptor)
    {
        return new FlinkListState<>(flinkState(new org.apache.flink.api.common.state.ListStateDescriptor<>(
            descriptor.getName(), FlinkSerializers.of(descriptor.getElementCodec(), "elementCodec"))));
    }

    private <UK, UV> FlinkMapState<UK, UV> mapState(final MapStateDescriptor<UK, UV> descriptor)
    {
        return new FlinkMapState<>(flinkState(new org.apache.flink.api.common.state.MapStateDescriptor<>(
            descriptor.getName(),
            FlinkSerializers.of(descriptor.getUserKeyCodec(), "userKeyCodec"),
            FlinkSerializers.of(descriptor.getUserValueCodec(), "userValueCodec"))));
    }

    private <S extends org.apache.flink.api.common.state.State> S flinkState(
        final org.apache.flink.api.common.state.StateDescriptor<S, ?> descriptor)
    {
        try
        {
            return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceSerializer.INSTANCE, descriptor);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("getPartitionedState(" + descriptor.getName() + ")", ex);
        }
    }

    @Override
    public <N, S extends State> InternalKvState<N, S> createState(
        final StateDescriptor<S> descriptor, final Codec<N> namespaceCodec)
    {
        throw unsupported("createState");
    }

    @Override
    public <N> Stream<K> getKeys(final String stateName, final N namespace)
    {
        checkOpen();
        if (namespace != io.cairn.codec.VoidNamespace.INSTANCE)
        {
            throw new UnsupportedOperationException("namespace=" + namespace + "; the " + name +
                " peer supports only VoidNamespace (state without namespaces)");
        }
        return backend.getKeys(stateName, VoidNamespace.INSTANCE);
    }

    @Override
    public <N, S extends State> void applyToAllKeys(
        final N namespace,
        final Codec<N> namespaceCodec,
        final StateDescriptor<S> descriptor,
        final KeyedStateFunction<K, S> function)
    {
        throw unsupported("applyToAllKeys");
    }

    @Override
    public void restore(final Collection<? extends KeyedStateHandle> handles) throws IOException
    {
        checkOpen();
        if (restored || !states.isEmpty())
        {
            throw new IllegalStateException(name + " backend holds state already; restore into a new one");
        }
        final org.apache.flink.runtime.state.KeyGroupRange ownKeyGroups = FlinkKeyGroups.toFlink(keyGroupRange);
        final List<org.apache.flink.runtime.state.KeyedStateHandle> parts = new ArrayList<>(handles.size());
        for (final KeyedStateHandle handle : handles)
        {
            if (!(handle instanceof FlinkSnapshotHandle))
            {
                throw new IllegalArgumentException("handle=" + handle + "; the " + name +
                    " peer restores only snapshots taken by a Flink peer");
            }
            final org.apache.flink.runtime.state.KeyedStateHandle part =
                ((FlinkSnapshotHandle)handle).flinkHandle().getIntersection(ownKeyGroups);
            if (part != null)
            {
                parts.add(part);
            }
        }
        final AbstractKeyedStateBackend<K> restoredBackend;
        try
        {
            restoredBackend = builder.build(parts);
        }
        catch (final IOException ex)
        {
            throw ex;
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("restore of the " + name + " backend", ex);
        }
        final AbstractKeyedStateBackend<K> empty = backend;
        backend = restoredBackend;
        restored = true;
        dispose(empty);
    }

    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
        final long checkpointId,
        final long timestamp,
        final CheckpointStreamFactory streamFactory,
        final CheckpointOptions options) throws Exception
    {
        checkOpen();
        if (!(streamFactory instanceof MemoryCheckpointStreamFactory))
        {
            throw new UnsupportedOperationException("streamFactory=" + streamFactory + "; the " + name +
                " peer writes snapshots only to memory (MemoryCheckpointStreamFactory, for Flink's own)");
        }
        final MemCheckpointStreamFactory flinkStreams = new MemCheckpointStreamFactory(Integer.MAX_VALUE);
        if (options.getCheckpointType() == CheckpointType.SAVEPOINT)
        {
            // Flink's canonical savepoint, whole and self-contained as Cairn's, taken as a Flink task takes one
            // (StreamOperatorStateHandler): from the backend's savepoint resources, not by its snapshot(...), which
            // would take a checkpoint (an incremental one, on an incremental RocksDB backend).
            final SavepointResources<K> resources = backend.savepoint();
            final SnapshotStrategyRunner<org.apache.flink.runtime.state.KeyedStateHandle, FullSnapshotResources<K>>
                runner = new SnapshotStrategyRunner<>("Asynchronous full Savepoint",
                    new SavepointSnapshotStrategy<>(resources.getSnapshotResources()), new CloseableRegistry(),
                    resources.getPreferredSnapshotExecutionType());
            return new FlinkSnapshotFuture(runner.snapshot(checkpointId, timestamp, flinkStreams,
                new org.apache.flink.runtime.checkpoint.CheckpointOptions(
                    SavepointType.savepoint(SavepointFormatType.CANONICAL),
                    CheckpointStorageLocationReference.getDefault())), sharedStateRegistry, checkpointId);
        }
        return new FlinkSnapshotFuture(backend.snapshot(checkpointId, timestamp, flinkStreams,
            org.apache.flink.runtime.checkpoint.CheckpointOptions.forCheckpointWithDefaultLocation()),
            sharedStateRegistry, checkpointId);
    }

    /** Passed to Flink's backend: its incremental checkpoints upload only files no confirmed checkpoint holds. */
    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
        checkOpen();
        try
        {
            backend.notifyCheckpointComplete(checkpointId);
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("notifyCheckpointComplete(" + checkpointId + ") of the " + name + " backend", ex);
        }
    }

    @Override
    public long getApproximateMemoryUsage()
    {
        throw unsupported("getApproximateMemoryUsage");
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        states.clear();
        descriptors.clear();
        dispose(backend);
        sharedStateRegistry.close();
        try
        {
            environment.close();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("closing the " + name + " backend's environment", ex);
        }
    }

    @Override
    public void dispose()
    {
        close();
    }

    private void dispose(final AbstractKeyedStateBackend<K> flinkBackend)
    {
        try
        {
            flinkBackend.dispose();
            flinkBackend.close();
        }
        catch (final Exception ex)
        {
            throw FlinkFailure.of("closing the " + name + " backend", ex);
        }
    }

    private void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException(name + " backend is closed");
        }
    }

    private UnsupportedOperationException unsupported(final String operation)
    {
        return new UnsupportedOperationException(operation + " is not adapted: the " + name +
            " peer runs Cairn's benchmarks on Flink's backend, and they do not call it");
    }
}

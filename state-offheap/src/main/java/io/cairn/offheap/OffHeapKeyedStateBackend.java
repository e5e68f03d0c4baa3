package io.cairn.offheap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.InternalKvState;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.KeyedStateFunction;
import io.cairn.backend.LongKeyedBackend;
import io.cairn.backend.StateCompatibility;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The off-heap keyed state backend: every state's entries live in off-heap memory that the backend allocates and
 * frees itself ({@link MemoryPool}), in one hash index per key group ({@link StateTable}, {@link KeyGroupIndex}).
 *
 * <p>There is no Java object per entry: keys, namespaces and values are encoded by their codecs straight into
 * records ({@link RecordDescriptor}). Reading or writing a value of a fixed-length codec allocates nothing in
 * the backend. The memory held never exceeds the configured budget: a write that would need more fails with
 * {@link io.cairn.backend.MemoryBudgetExceededException} and leaves the state as it was.
 *
 * <p>Not thread-safe: one thread (the subtask's) drives a backend and its state objects. Use after
 * {@link #close()} throws {@link IllegalStateException}.
 *
 * @param <K> the key type.
 */
public final class OffHeapKeyedStateBackend<K> implements KeyedStateBackend<K>, LongKeyedBackend
{
    private final Codec<K> keyCodec;
    private final KeyGroupRange keyGroupRange;
    private final int numberOfKeyGroups;
    private final int maxValueLength;
    private final int maxKeyLength;
    private final long memoryBudgetBytes;
    private final boolean longKeys;
    private final CompositeKeyBuilder compositeKey;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer staging = new UnsafeBuffer(new byte[64]);
    private final Map<String, StateStorage> storages = new LinkedHashMap<>();
    private final Map<String, AbstractOffHeapState<?, ?>> states = new HashMap<>();
    private final IncrementalCheckpointSettings incrementalSettings;
    private VersionedMemory memory;
    private ChangeTracker tracker;
    private int currentKeyGroup = -1;
    private boolean closed;

    /**
     * A backend with incremental checkpoints and their default bounds
     * ({@link IncrementalCheckpointSettings#INCREMENTAL_DEFAULTS}).
     *
     * @param parameters key codec, key groups, max parallelism, memory budget and size limits.
     */
    public OffHeapKeyedStateBackend(final KeyedStateBackendParameters<K> parameters)
    {
        this(parameters, IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS);
    }

    /**
     * @param parameters          key codec, key groups, max parallelism, memory budget and size limits.
     * @param incrementalSettings whether checkpoints are incremental, and the bounds of their chains.
     */
    public OffHeapKeyedStateBackend(
        final KeyedStateBackendParameters<K> parameters, final IncrementalCheckpointSettings incrementalSettings)
    {
        if (parameters == null || incrementalSettings == null)
        {
            throw new IllegalArgumentException("parameters=" + parameters + ", incrementalSettings=" +
                incrementalSettings + "; expected both non-null");
        }
        this.incrementalSettings = incrementalSettings;
        this.keyCodec = parameters.getKeyCodec();
        this.keyGroupRange = parameters.getKeyGroupRange();
        this.numberOfKeyGroups = parameters.getNumberOfKeyGroups();
        this.maxValueLength = parameters.getMaxValueLength();
        this.maxKeyLength = parameters.getMaxKeyLength();
        this.memoryBudgetBytes = parameters.getMemoryBudgetBytes();
        this.longKeys = LongCodec.isLongCodec(keyCodec);
        this.memory = new VersionedMemory(new MemoryPool(memoryBudgetBytes));
        this.tracker = new ChangeTracker(incrementalSettings, keyGroupRange, memory);
        this.compositeKey = new CompositeKeyBuilder(parameters.getMaxKeyLength());
    }

    @Override
    public void setCurrentKey(final K key)
    {
        checkOpen();
        if (key == null)
        {
            throw new IllegalArgumentException("key=null; expected a non-null key");
        }
        final int keyGroup =
            KeyGroupRangeAssignment.computeKeyGroupForKeyHash(keyCodec.hashCode(key), numberOfKeyGroups);
        if (!keyGroupRange.contains(keyGroup))
        {
            throw new IllegalArgumentException("key=" + key + " is in keyGroup=" + keyGroup +
                ", outside this backend's " + keyGroupRange + " (numberOfKeyGroups=" + numberOfKeyGroups + ")");
        }
        compositeKey.setKey(key, keyCodec, compositeKey.measureKey(key, keyCodec));
        currentKeyGroup = keyGroup;
    }

    @Override
    public void setCurrentKey(final long key)
    {
        checkOpen();
        final int keyGroup =
            LongKeyedBackend.checkedKeyGroup(key, longKeys, keyCodec, numberOfKeyGroups, keyGroupRange);
        compositeKey.setLongKey(key);
        currentKeyGroup = keyGroup;
    }

    @Override
    public void setCurrentKeyAndKeyGroup(final K key, final int keyGroup)
    {
        checkOpen();
        if (key == null)
        {
            throw new IllegalArgumentException("key=null; expected a non-null key");
        }
        if (!keyGroupRange.contains(keyGroup))
        {
            throw new IllegalArgumentException(
                "keyGroup=" + keyGroup + "; expected a key group of this backend's " + keyGroupRange);
        }
        compositeKey.setKey(key, keyCodec, compositeKey.measureKey(key, keyCodec));
        currentKeyGroup = keyGroup;
    }

    @Override
    public K getCurrentKey()
    {
        checkOpen();
        return compositeKey.hasKey() ? compositeKey.decodeKey(keyCodec) : null;
    }

    @Override
    public int getCurrentKeyGroupIndex()
    {
        checkOpen();
        return currentKeyGroup;
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
        return numberOfKeyGroups;
    }

    @Override
    public <N, S extends State> S getPartitionedState(
        final N namespace, final Codec<N> namespaceCodec, final StateDescriptor<S> descriptor)
    {
        if (namespace == null)
        {
            throw new IllegalArgumentException(
                "namespace=null; expected a namespace (VoidNamespace.INSTANCE for none)");
        }
        final InternalKvState<N, S> state = createState(descriptor, namespaceCodec);
        state.setCurrentNamespace(namespace);
        return state.state();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <N, S extends State> InternalKvState<N, S> createState(
        final StateDescriptor<S> descriptor, final Codec<N> namespaceCodec)
    {
        checkOpen();
        StateCompatibility.checkArguments(descriptor, namespaceCodec);
        final AbstractOffHeapState<?, ?> existing = states.get(descriptor.getName());
        if (existing != null)
        {
            StateCompatibility.checkRegistered(existing, descriptor, namespaceCodec);
            return (InternalKvState<N, S>)existing;
        }
        StateStorage storage = storages.get(descriptor.getName());
        if (storage != null)
        {
            StateCompatibility.checkRestored(storage.meta, descriptor, namespaceCodec);
        }
        else
        {
            storage = createStorage(StateMetaInfo.of(descriptor, namespaceCodec));
            storages.put(descriptor.getName(), storage);
        }
        final AbstractOffHeapState<N, S> created = OffHeapStates.create(this, descriptor, namespaceCodec, storage);
        states.put(descriptor.getName(), created);
        return created;
    }

    /** Creates the (empty) storage of a state. */
    StateStorage createStorage(final StateMetaInfo meta)
    {
        final int keyFixedLength = keyCodec.fixedLength();
        final TombstoneLog tombstones =
            new TombstoneLog(keyGroupRange.getStartKeyGroup(), keyGroupRange.getNumberOfKeyGroups(), memory);
        switch (meta.type())
        {
            case VALUE:
            case REDUCING:
            case AGGREGATING:
                return new ValueStorage(meta.name(), meta, memory, keyFixedLength, tracker, tombstones, newTable());
            case LIST:
                return new ListStorage(meta.name(), meta, memory, keyFixedLength, tracker, tombstones, newTable());
            case MAP:
                return new MapStorage(
                    meta.name(), meta, memory, keyFixedLength, tracker, tombstones, newTable(), newTable());
            default:
                throw new IllegalArgumentException("stateType=" + meta.type() + " is not supported");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <N> Stream<K> getKeys(final String stateName, final N namespace)
    {
        checkOpen();
        final AbstractOffHeapState<?, ?> state = states.get(stateName);
        if (state == null)
        {
            throw new IllegalArgumentException("stateName=" + stateName + " is not registered; registered: " +
                states.keySet());
        }
        if (namespace == null)
        {
            throw new IllegalArgumentException("namespace=null; expected a namespace");
        }
        return collectKeys((AbstractOffHeapState<N, ?>)state, namespace, null).stream();
    }

    private <N> List<K> collectKeys(
        final AbstractOffHeapState<N, ?> state, final N namespace, final IntArrayList keyGroups)
    {
        final UnsafeBuffer namespaceBytes = new UnsafeBuffer(new byte[0]);
        final int namespaceLength = state.encodeNamespace(namespace, namespaceBytes);
        final UnsafeBuffer recordKey = new UnsafeBuffer(0, 0);
        final List<K> keys = new ArrayList<>();
        final StateTable table = state.storage().primaryTable();
        for (int keyGroup = keyGroupRange.getStartKeyGroup(); keyGroup <= keyGroupRange.getEndKeyGroup(); keyGroup++)
        {
            final int group = keyGroup;
            table.forEachRecord(
                keyGroup,
                (record) ->
                {
                    final int keyLength = RecordDescriptor.keyLength(record);
                    recordKey.wrap(record + RecordDescriptor.KEY_OFFSET, keyLength);
                    final int keyComponentLength = CompositeKeyBuilder.readComponentLength(keyCodec, recordKey, 0);
                    if (keyLength - keyComponentLength == namespaceLength &&
                        AbstractOffHeapState.bytesEqual(recordKey, keyComponentLength, namespaceBytes, namespaceLength))
                    {
                        keys.add(CompositeKeyBuilder.readComponent(keyCodec, recordKey, 0));
                        if (keyGroups != null)
                        {
                            keyGroups.addInt(group);
                        }
                    }
                });
        }
        return keys;
    }

    @Override
    public <N, S extends State> void applyToAllKeys(
        final N namespace,
        final Codec<N> namespaceCodec,
        final StateDescriptor<S> descriptor,
        final KeyedStateFunction<K, S> function) throws Exception
    {
        if (function == null)
        {
            throw new IllegalArgumentException("function=null; expected a KeyedStateFunction");
        }
        if (namespace == null)
        {
            throw new IllegalArgumentException("namespace=null; expected a namespace");
        }
        final InternalKvState<N, S> kvState = createState(descriptor, namespaceCodec);
        kvState.setCurrentNamespace(namespace);
        final S state = kvState.state();
        final IntArrayList keyGroups = new IntArrayList();
        final List<K> keys = collectKeys((AbstractOffHeapState<N, S>)kvState, namespace, keyGroups);
        final K previousKey = getCurrentKey();
        final int previousKeyGroup = currentKeyGroup;
        try
        {
            for (int i = 0; i < keys.size(); i++)
            {
                final K key = keys.get(i);
                setCurrentKeyAndKeyGroup(key, keyGroups.getInt(i));
                function.process(key, state);
            }
        }
        finally
        {
            if (!closed)
            {
                if (previousKey != null)
                {
                    setCurrentKeyAndKeyGroup(previousKey, previousKeyGroup);
                }
                else
                {
                    compositeKey.clearKey();
                    currentKeyGroup = -1;
                }
            }
        }
    }

    @Override
    public RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot(
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
        final boolean empty = storages.values().stream().allMatch((storage) -> storage.snapshotTable().size() == 0);
        if (options.getCheckpointType().isSavepoint() || !incrementalSettings.isEnabled() ||
            empty && tracker.confirmed() == null)
        {
            // Savepoints are self-contained: whole, exclusive, never referencing a checkpoint's streams.
            return KeyedSnapshot.capture(
                checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec, memory, storages.values(),
                streamFactory);
        }
        final List<StateStorage> captured = new ArrayList<>(storages.values());
        final List<StateMetaInfo> metas = new ArrayList<>(captured.size());
        for (final StateStorage storage : captured)
        {
            metas.add(storage.meta);
        }
        return IncrementalSnapshot.capture(checkpointId,
            StreamMeta.keyed(checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec, metas),
            keyGroupRange, captured, memory, tracker, streamFactory);
    }

    /**
     * Makes the checkpoint the baseline of the next incremental one, if it is one of this backend's incremental
     * snapshots and newer than the baseline; forgets deletions it holds.
     */
    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
        if (closed)
        {
            return;
        }
        final int baseline = tracker.complete(checkpointId);
        if (baseline != ChangeTracker.NO_BASELINE)
        {
            for (final StateStorage storage : storages.values())
            {
                storage.tombstones.purge(baseline);
            }
        }
    }

    /** Forgets an aborted checkpoint's snapshot: the baseline stays, so the next checkpoint holds its changes. */
    @Override
    public void notifyCheckpointAborted(final long checkpointId)
    {
        if (!closed)
        {
            tracker.abort(checkpointId);
        }
    }

    /** @return whether checkpoints are incremental, and the bounds of their chains. */
    public IncrementalCheckpointSettings getIncrementalSettings()
    {
        return incrementalSettings;
    }

    @Override
    public void restore(final Collection<? extends KeyedStateHandle> handles) throws IOException
    {
        checkOpen();
        if (handles == null)
        {
            throw new IllegalArgumentException("handles=null; expected a collection of keyed state handles");
        }
        if (!storages.isEmpty())
        {
            throw new IllegalStateException("restore needs a backend without state; this one has states " +
                storages.keySet());
        }
        try
        {
            tracker = new ChangeTracker(incrementalSettings, keyGroupRange, memory);
            final long[] deltaEntries =
                new KeyedRestore(this, numberOfKeyGroups, keyGroupRange, keyCodec, maxKeyLength).restore(handles);
            tracker.restored(RestoredChains.of(handles, keyGroupRange), deltaEntries);
            memory.advanceVersion();
        }
        catch (final IOException | RuntimeException ex)
        {
            resetAfterFailedRestore();
            throw ex;
        }
    }

    /** Drops whatever a failed restore loaded: the backend is empty again, with fresh memory. */
    private void resetAfterFailedRestore()
    {
        storages.clear();
        states.clear();
        memory.close();
        memory = new VersionedMemory(new MemoryPool(memoryBudgetBytes));
        tracker = new ChangeTracker(incrementalSettings, keyGroupRange, memory);
    }

    /** Registers a storage a restore filled. */
    void addRestoredStorage(final StateStorage storage)
    {
        storages.put(storage.name, storage);
    }

    @Override
    public long getApproximateMemoryUsage()
    {
        if (closed)
        {
            return 0;
        }
        memory.applyReleases();
        return memory.reservedBytes();
    }

    /**
     * @return bytes in blocks in use by entries and indexes, including blocks kept only for snapshots still being
     * written, and excluding free space kept for reuse.
     */
    public long getAllocatedMemory()
    {
        if (closed)
        {
            return 0;
        }
        memory.applyReleases();
        return memory.allocatedBytes();
    }

    /** @return the number of snapshots taken and not yet written or cancelled. */
    public int getPendingSnapshotCount()
    {
        return memory.liveSnapshotCount();
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
        storages.clear();
        compositeKey.clearKey();
        currentKeyGroup = -1;
        memory.close();
    }

    @Override
    public void dispose()
    {
        close();
    }

    @Override
    public String toString()
    {
        return "OffHeapKeyedStateBackend{keyGroupRange=" + keyGroupRange + ", numberOfKeyGroups=" +
            numberOfKeyGroups + ", states=" + storages.keySet() + ", memoryBytes=" + getApproximateMemoryUsage() +
            ", budgetBytes=" + memoryBudgetBytes + (closed ? ", closed" : "") + "}";
    }

    void checkOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("the backend is closed");
        }
    }

    /**
     * Checks that a state access may go ahead: open, with a current key.
     *
     * @return the builder holding the current key.
     */
    CompositeKeyBuilder compositeKeyForAccess()
    {
        if (closed)
        {
            throw new IllegalStateException("the backend is closed");
        }
        if (currentKeyGroup < 0)
        {
            throw new IllegalStateException("no current key: call setCurrentKey before using state");
        }
        return compositeKey;
    }

    int currentKeyGroup()
    {
        return currentKeyGroup;
    }

    VersionedMemory memory()
    {
        return memory;
    }

    int maxValueLength()
    {
        return maxValueLength;
    }

    int compositeKeyMaxLength()
    {
        return maxKeyLength;
    }

    /**
     * @param length bytes needed.
     * @return the buffer where values are encoded before they are copied into records, with room for
     * {@code length} bytes.
     */
    UnsafeBuffer staging(final int length)
    {
        if (length > staging.capacity())
        {
            staging.wrap(new byte[Math.max(length, Math.min(maxValueLength, staging.capacity() * 2))]);
        }
        return staging;
    }

    UnsafeBuffer view()
    {
        return view;
    }

    StateTable newTable()
    {
        return new StateTable(memory, keyGroupRange.getStartKeyGroup(), keyGroupRange.getNumberOfKeyGroups());
    }
}

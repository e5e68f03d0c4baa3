package io.cairn.rocksdb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import org.agrona.collections.IntArrayList;
import org.rocksdb.ColumnFamilyHandle;

/**
 * The RocksDB keyed state backend: the state of the subtask's key groups in one RocksDB instance in a working
 * directory of its own, for state larger than memory. Each state is a column family; an entry's key is its key
 * group, key, namespace and map key ({@link KeyLayout}), its value the codec's bytes (lists:
 * {@link ListValueLayout}). Keys and values pass through direct buffers reused for every operation, and the
 * ByteBuffer variants of the rocksdbjni API, so a state access allocates no {@code byte[]}.
 *
 * <p>Memory: the parameters' budget bounds the block cache and the memtables ({@link MemoryBudget}); state beyond
 * it lives on disk, so writes are never refused for memory.
 *
 * <p>Checkpoints are incremental unless {@value IncrementalCheckpointSettings#INCREMENTAL} is {@code false}: the
 * files of a RocksDB checkpoint of the database, each SST file uploaded once and referenced by later checkpoints
 * while it is live ({@link IncrementalSstSnapshot}, {@link IncrementalSstStateHandle}); only this backend restores
 * them ({@link SstRestore}), at any parallelism. Savepoints, and checkpoints when incremental checkpoints are off,
 * are full and copy-on-write (a RocksDB snapshot), in the shared stream format: the off-heap backend restores them,
 * and this backend restores the off-heap backend's, at any parallelism.
 *
 * <p>Not thread-safe: one thread (the subtask's) drives a backend and its state objects; the asynchronous part of
 * a snapshot may run on any thread. {@link #close()} frees every native object and deletes the working directory
 * (once snapshots still being written are done); afterwards use throws {@link IllegalStateException}.
 *
 * @param <K> the key type.
 */
public final class RocksDbKeyedStateBackend<K> implements KeyedStateBackend<K>, LongKeyedBackend
{
    private static final int INITIAL_VALUE_CAPACITY = 256;

    private final Codec<K> keyCodec;
    /** True if keys are {@link io.cairn.codec.LongCodec} keys: {@link #setCurrentKey(long)} may be used. */
    private final boolean longKeys;
    private final KeyGroupRange keyGroupRange;
    private final int numberOfKeyGroups;
    private final int maxValueLength;
    private final int maxKeyLength;
    private final RocksDbInstance instance;
    private final IncrementalCheckpointSettings incrementalSettings;
    private final UUID backendId = UUID.randomUUID();
    private final SstUploads uploads = new SstUploads();
    private final RocksDbKeyBuilder key;
    private final DirectBytes readBuffer = new DirectBytes(INITIAL_VALUE_CAPACITY);
    private final DirectBytes writeBuffer = new DirectBytes(INITIAL_VALUE_CAPACITY);
    private final DirectBytes scratchKey = new DirectBytes(INITIAL_VALUE_CAPACITY);
    private final Map<String, StateColumn> columns = new LinkedHashMap<>();
    private final Map<String, AbstractRocksDbState<?, ?>> states = new HashMap<>();
    private int currentKeyGroup = -1;
    private boolean closed;

    /**
     * Creates the working directory under {@code localDirectory} and opens RocksDB in it; checkpoints are
     * incremental, savepoints whole ({@link IncrementalCheckpointSettings#INCREMENTAL_DEFAULTS}).
     *
     * @param parameters     key codec, key groups, max parallelism, memory budget and size limits.
     * @param localDirectory where the backend's working directory is created.
     * @throws RocksDbAccessException if the directory or the database cannot be created.
     */
    public RocksDbKeyedStateBackend(final KeyedStateBackendParameters<K> parameters, final Path localDirectory)
    {
        this(parameters, localDirectory, IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS);
    }

    /**
     * Creates the working directory under {@code localDirectory} and opens RocksDB in it.
     *
     * @param parameters          key codec, key groups, max parallelism, memory budget and size limits.
     * @param localDirectory      where the backend's working directory is created.
     * @param incrementalSettings whether checkpoints are incremental (the chain bound and re-base threshold are
     *                            the off-heap backend's; RocksDB's compaction bounds what a checkpoint references).
     * @throws RocksDbAccessException if the directory or the database cannot be created.
     */
    public RocksDbKeyedStateBackend(
        final KeyedStateBackendParameters<K> parameters,
        final Path localDirectory,
        final IncrementalCheckpointSettings incrementalSettings)
    {
        this(parameters, localDirectory, incrementalSettings, RocksDbStateBackend.NO_BLOOM_FILTER);
    }

    /**
     * Creates the working directory under {@code localDirectory} and opens RocksDB in it.
     *
     * @param parameters            key codec, key groups, max parallelism, memory budget and size limits.
     * @param localDirectory        where the backend's working directory is created.
     * @param incrementalSettings   whether checkpoints are incremental.
     * @param bloomFilterBitsPerKey bits per key of the whole-key bloom filter of each SST file, or
     *                              {@link RocksDbStateBackend#NO_BLOOM_FILTER}; see
     *                              {@link RocksDbStateBackend#checkBloomFilterBitsPerKey}.
     * @throws IllegalArgumentException if an argument is null or the bits per key are out of range.
     * @throws RocksDbAccessException   if the directory or the database cannot be created.
     */
    public RocksDbKeyedStateBackend(
        final KeyedStateBackendParameters<K> parameters,
        final Path localDirectory,
        final IncrementalCheckpointSettings incrementalSettings,
        final double bloomFilterBitsPerKey)
    {
        if (parameters == null || localDirectory == null || incrementalSettings == null)
        {
            throw new IllegalArgumentException("parameters=" + parameters + ", localDirectory=" + localDirectory +
                ", incrementalSettings=" + incrementalSettings + "; expected all non-null");
        }
        this.incrementalSettings = incrementalSettings;
        this.keyCodec = parameters.getKeyCodec();
        this.longKeys = LongCodec.isLongCodec(keyCodec);
        this.keyGroupRange = parameters.getKeyGroupRange();
        this.numberOfKeyGroups = parameters.getNumberOfKeyGroups();
        this.maxValueLength = parameters.getMaxValueLength();
        this.maxKeyLength = parameters.getMaxKeyLength();
        this.key = new RocksDbKeyBuilder(maxKeyLength);
        this.instance = RocksDbInstance.open(localDirectory, new MemoryBudget(parameters.getMemoryBudgetBytes()),
            RocksDbStateBackend.checkBloomFilterBitsPerKey("bloomFilterBitsPerKey", bloomFilterBitsPerKey),
            RocksDbOptions.keyPrefixLength(keyCodec.fixedLength()));
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
        this.key.setKey(keyGroup, key, keyCodec, this.key.measureKey(key, keyCodec));
        currentKeyGroup = keyGroup;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Writes the key's eight bytes straight into the key buffer: with {@link io.cairn.state.LongValueState} and
     * {@link io.cairn.state.LongLongMapState} a state access allocates nothing on the Java heap.
     */
    @Override
    public void setCurrentKey(final long key)
    {
        checkOpen();
        final int keyGroup =
            LongKeyedBackend.checkedKeyGroup(key, longKeys, keyCodec, numberOfKeyGroups, keyGroupRange);
        this.key.setLongKey(keyGroup, key);
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
        this.key.setKey(keyGroup, key, keyCodec, this.key.measureKey(key, keyCodec));
        currentKeyGroup = keyGroup;
    }

    @Override
    public K getCurrentKey()
    {
        checkOpen();
        return key.hasKey() ? key.decodeKey(keyCodec) : null;
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
        final AbstractRocksDbState<?, ?> existing = states.get(descriptor.getName());
        if (existing != null)
        {
            StateCompatibility.checkRegistered(existing, descriptor, namespaceCodec);
            return (InternalKvState<N, S>)existing;
        }
        StateColumn column = columns.get(descriptor.getName());
        if (column != null)
        {
            StateCompatibility.checkRestored(column.meta, descriptor, namespaceCodec);
        }
        else
        {
            column = newColumn(StateMetaInfo.of(descriptor, namespaceCodec), null);
        }
        final AbstractRocksDbState<N, S> created = RocksDbStates.create(this, column, descriptor, namespaceCodec);
        states.put(descriptor.getName(), created);
        return created;
    }

    /** Registers a state (its column family comes with its first write, unless the database has it already). */
    private StateColumn newColumn(final StateMetaInfo meta, final ColumnFamilyHandle handle)
    {
        final StateColumn column = new StateColumn(instance, meta, handle);
        columns.put(meta.name(), column);
        return column;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <N> Stream<K> getKeys(final String stateName, final N namespace)
    {
        checkOpen();
        final AbstractRocksDbState<?, ?> state = states.get(stateName);
        if (state == null)
        {
            throw new IllegalArgumentException("stateName=" + stateName + " is not registered; registered: " +
                states.keySet());
        }
        if (namespace == null)
        {
            throw new IllegalArgumentException("namespace=null; expected a namespace");
        }
        final List<K> keys = new ArrayList<>();
        KeyScan.collect(instance, keyCodec, keyGroupRange, (AbstractRocksDbState<N, ?>)state, namespace, keys, null);
        return keys.stream();
    }

    @Override
    @SuppressWarnings("unchecked")
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
        final List<K> keys = new ArrayList<>();
        final IntArrayList keyGroups = new IntArrayList();
        KeyScan.collect(instance, keyCodec, keyGroupRange, (AbstractRocksDbState<N, S>)kvState, namespace, keys,
            keyGroups);
        final K previousKey = getCurrentKey();
        final int previousKeyGroup = currentKeyGroup;
        try
        {
            for (int i = 0; i < keys.size(); i++)
            {
                final K next = keys.get(i);
                setCurrentKeyAndKeyGroup(next, keyGroups.getInt(i));
                function.process(next, state);
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
                    key.clearKey();
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
        if (options.getCheckpointType().isSavepoint() || !incrementalSettings.isEnabled())
        {
            // Savepoints are self-contained and portable: whole, exclusive, in the stream format.
            return RocksDbSnapshot.capture(checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec,
                instance, columns.values(), streamFactory);
        }
        return IncrementalSstSnapshot.capture(checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec,
            backendId, instance, columns.values(), uploads, streamFactory);
    }

    /** The SST files of the checkpoint, if it is one of this backend's incremental ones, are uploaded from now on. */
    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
        if (!closed)
        {
            uploads.complete(checkpointId);
        }
    }

    /** The checkpoint's SST files never count as uploaded: the next checkpoint uploads what it needs again. */
    @Override
    public void notifyCheckpointAborted(final long checkpointId)
    {
        if (!closed)
        {
            uploads.abort(checkpointId);
        }
    }

    /** @return whether checkpoints are incremental. */
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
        if (!columns.isEmpty())
        {
            throw new IllegalStateException("restore needs a backend without state; this one has states " +
                columns.keySet());
        }
        final List<IncrementalSstStateHandle> sstHandles = SstRestore.sstHandles(handles);
        if (sstHandles.isEmpty())
        {
            try
            {
                new RocksDbRestore(this, numberOfKeyGroups, keyGroupRange, keyCodec, maxKeyLength).restore(handles);
            }
            catch (final IOException | RuntimeException ex)
            {
                resetAfterFailedRestore(ex);
                throw ex;
            }
            return;
        }
        try
        {
            final SstRestore.Restored restored =
                new SstRestore(this, instance, numberOfKeyGroups, keyGroupRange, keyCodec).restore(sstHandles);
            if (restored != null)
            {
                uploads.restored(restored.sstFiles(), restored.checkpointId());
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            resetDatabaseAfterFailedRestore(ex);
            throw ex;
        }
    }

    /** Drops whatever a failed restore of SST files opened or loaded: the backend is empty again, on a new database. */
    private void resetDatabaseAfterFailedRestore(final Exception failure)
    {
        columns.clear();
        states.clear();
        uploads.restored(Map.of(), -1);
        try
        {
            instance.resetToEmptyDatabase();
        }
        catch (final RuntimeException ex)
        {
            failure.addSuppressed(ex);
        }
    }

    /** Registers a state a restore fills, with its column family if a restored database has one. */
    StateColumn addRestoredColumn(final StateMetaInfo meta, final ColumnFamilyHandle handle)
    {
        return newColumn(meta, handle);
    }

    /** Drops whatever a failed restore loaded: the backend is empty again. */
    private void resetAfterFailedRestore(final Exception failure)
    {
        for (final StateColumn column : columns.values())
        {
            try
            {
                column.drop();
            }
            catch (final RuntimeException ex)
            {
                failure.addSuppressed(ex);
            }
        }
        columns.clear();
        states.clear();
    }

    /** @return the registered (or restored) state of that name, or null. */
    StateColumn column(final String stateName)
    {
        return columns.get(stateName);
    }

    /** Deletes every entry of the column outside the owned key groups, with one range deletion on each side. */
    void clipToOwnedKeyGroups(final StateColumn column)
    {
        final ColumnFamilyHandle handle = column.handleOrNull();
        if (handle == null)
        {
            return;
        }
        final int start = keyGroupRange.getStartKeyGroup();
        final int end = keyGroupRange.getEndKeyGroup();
        if (start > 0)
        {
            instance.deleteRange(handle, KeyLayout.keyGroupPrefix(0), KeyLayout.keyGroupPrefix(start));
        }
        if (end + 1 < KeyLayout.KEY_GROUP_LIMIT)
        {
            instance.deleteRange(
                handle, KeyLayout.keyGroupPrefix(end + 1), KeyLayout.keyGroupPrefix(KeyLayout.KEY_GROUP_LIMIT));
        }
    }

    /**
     * @return the bytes RocksDB holds in its block cache (which includes the memtables, charged to it) and in
     * table readers, as RocksDB counts them; 0 once closed.
     */
    @Override
    public long getApproximateMemoryUsage()
    {
        return closed ? 0 : instance.approximateMemoryUsage();
    }

    /** @return the backend's working directory (deleted on close). */
    public Path getWorkingDirectory()
    {
        return instance.directory();
    }

    /** @return the number of snapshots taken and not yet written or cancelled. */
    public int getPendingSnapshotCount()
    {
        return instance.liveSnapshotCount();
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
        columns.clear();
        key.clearKey();
        currentKeyGroup = -1;
        instance.close();
    }

    @Override
    public void dispose()
    {
        close();
    }

    @Override
    public String toString()
    {
        return "RocksDbKeyedStateBackend{keyGroupRange=" + keyGroupRange + ", numberOfKeyGroups=" + numberOfKeyGroups +
            ", states=" + columns.keySet() + ", directory=" + instance.directory() + ", " + instance.budget() +
            ", " + incrementalSettings + ", backendId=" + backendId + (closed ? ", closed" : "") + "}";
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
    RocksDbKeyBuilder keyForAccess()
    {
        if (closed)
        {
            throw new IllegalStateException("the backend is closed");
        }
        if (currentKeyGroup < 0)
        {
            throw new IllegalStateException("no current key: call setCurrentKey before using state");
        }
        return key;
    }

    RocksDbInstance instance()
    {
        return instance;
    }

    /** @return which SST files are uploaded (for tests). */
    SstUploads uploads()
    {
        return uploads;
    }

    int maxValueLength()
    {
        return maxValueLength;
    }

    /** @return where values are read to; reused by every read. */
    DirectBytes readBuffer()
    {
        return readBuffer;
    }

    /** @return where values are encoded before they are written; reused by every write. */
    DirectBytes writeBuffer()
    {
        return writeBuffer;
    }

    /** @return where iterators copy keys to; reused. */
    DirectBytes scratchKey()
    {
        return scratchKey;
    }
}

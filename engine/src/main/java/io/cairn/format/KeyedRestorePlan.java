package io.cairn.format;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.codec.Codec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * The first pass of every keyed restore, the same for every backend: open the streams of the handles whose key
 * groups the backend owns (footer, header, meta and index are checked there), check that they fit the backend
 * (max parallelism, key codec, states agreeing across streams), and verify the checksum of every block of every
 * owned key group. Only then may a backend load anything, partition by partition ({@link #loads()}): a damaged,
 * truncated, foreign, newer or mismatched stream fails the restore first.
 *
 * <p>A {@link KeyGroupsStateHandle} gives each owned key group one FULL partition. An
 * {@link IncrementalKeyGroupsStateHandle} gives each owned key group its chain: a FULL partition (the base) and
 * then DELTA partitions, to be applied in that order; every stream of a chain must hold the key group's partition
 * of the expected kind. Streams shared by several handles or chains are opened once. An
 * {@link IncrementalSstStateHandle} holds RocksDB's own files, not streams: only the RocksDB backend restores it,
 * and this plan refuses it, pointing to savepoints.
 */
public final class KeyedRestorePlan implements Closeable
{
    private final List<StateStreamReader> readers;
    private final List<PartitionLoad> loads;
    private final Map<String, StateMetaInfo> states;
    private final boolean coversMoreThanOwned;

    private KeyedRestorePlan(
        final List<StateStreamReader> readers,
        final List<PartitionLoad> loads,
        final Map<String, StateMetaInfo> states,
        final boolean coversMoreThanOwned)
    {
        this.readers = readers;
        this.loads = loads;
        this.states = states;
        this.coversMoreThanOwned = coversMoreThanOwned;
    }

    /**
     * Opens, checks and verifies.
     *
     * @param handles           the handles to restore from; null elements are skipped.
     * @param numberOfKeyGroups the backend's max parallelism.
     * @param keyGroupRange     the key groups the backend owns.
     * @param keyCodec          the backend's key codec.
     * @param backendName       names the backend in messages.
     * @return the plan; the caller closes it.
     * @throws CorruptedStateException    if a stream is damaged, truncated, foreign, newer or not keyed state, or
     *                                    a chain's stream lacks the key group's partition of the expected kind.
     * @throws IncompatibleStateException if a stream was written with another max parallelism or key codec, or
     *                                    two streams disagree on a state.
     * @throws IncompatibleStateException if a handle is an {@link IncrementalSstStateHandle}, which only the
     *                                    RocksDB backend restores.
     * @throws IllegalArgumentException   if a handle is neither a {@link KeyGroupsStateHandle} nor an
     *                                    {@link IncrementalKeyGroupsStateHandle}.
     * @throws IOException                if a stream cannot be read.
     */
    public static KeyedRestorePlan open(
        final Collection<? extends KeyedStateHandle> handles,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final String backendName) throws IOException
    {
        final Map<StreamStateHandle, StateStreamReader> opened = new LinkedHashMap<>();
        final List<PartitionLoad> loads = new ArrayList<>();
        final Map<String, StateMetaInfo> states = new LinkedHashMap<>();
        boolean wider = false;
        try
        {
            for (final KeyedStateHandle handle : handles)
            {
                if (handle == null)
                {
                    continue;
                }
                final KeyGroupRange range = handle.getKeyGroupRange().getIntersection(keyGroupRange);
                if (handle instanceof KeyGroupsStateHandle)
                {
                    if (range.isEmpty())
                    {
                        continue;
                    }
                    final StateStreamReader reader = reader(((KeyGroupsStateHandle)handle).getDelegate(), opened,
                        numberOfKeyGroups, keyCodec, states);
                    for (final int keyGroup : range)
                    {
                        if (reader.hasPartition(keyGroup))
                        {
                            loads.add(checked(reader, keyGroup, false, "a full snapshot"));
                        }
                    }
                    final KeyGroupRange written = reader.meta().keyGroupRange();
                    wider |= !range.equals(handle.getKeyGroupRange()) ||
                        !keyGroupRange.getIntersection(written).equals(written);
                }
                else if (handle instanceof IncrementalKeyGroupsStateHandle)
                {
                    final IncrementalKeyGroupsStateHandle incremental = (IncrementalKeyGroupsStateHandle)handle;
                    wider |= !range.equals(handle.getKeyGroupRange());
                    if (range.isEmpty())
                    {
                        continue;
                    }
                    for (final int keyGroup : range)
                    {
                        final int[] chain = incremental.getChain(keyGroup);
                        for (int c = 0; c < chain.length; c++)
                        {
                            final StateStreamReader reader = reader(incremental.getStreams().get(chain[c]), opened,
                                numberOfKeyGroups, keyCodec, states);
                            wider |= !keyGroupRange.getIntersection(reader.meta().keyGroupRange())
                                .equals(reader.meta().keyGroupRange());
                            loads.add(checked(reader, keyGroup, c > 0, "position " + c + " of key group " +
                                keyGroup + "'s chain in " + handle));
                        }
                    }
                }
                else if (handle instanceof IncrementalSstStateHandle)
                {
                    throw new IncompatibleStateException("handle=" + handle + " is an " +
                        IncrementalSstStateHandle.class.getSimpleName() + ", an incremental checkpoint of the " +
                        "rocksdb backend made of RocksDB's own files, which the " + backendName + " backend cannot " +
                        "read; restore it with the rocksdb backend, or move state between backends through a " +
                        "savepoint, which is always whole, in the stream format every backend reads");
                }
                else
                {
                    throw new IllegalArgumentException("handle=" + handle + "; the " + backendName + " backend " +
                        "restores " + KeyGroupsStateHandle.class.getSimpleName() + "s and " +
                        IncrementalKeyGroupsStateHandle.class.getSimpleName() + "s");
                }
            }
            for (final PartitionLoad load : loads)
            {
                load.reader.verifyPartition(load.keyGroup);
            }
            return new KeyedRestorePlan(new ArrayList<>(opened.values()), loads, states, wider);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeAll(opened.values(), ex);
            throw ex;
        }
    }

    /** @return the opened streams, each once. */
    public List<StateStreamReader> readers()
    {
        return Collections.unmodifiableList(readers);
    }

    /**
     * @return the partitions to load, in order: every owned key group's FULL partition, followed for a chain by
     * its DELTA partitions in chain order. Loads of different key groups are independent.
     */
    public List<PartitionLoad> loads()
    {
        return Collections.unmodifiableList(loads);
    }

    /** @return the states the streams hold, by name, in the order first seen. */
    public Map<String, StateMetaInfo> states()
    {
        return Collections.unmodifiableMap(states);
    }

    /** @return true if some stream holds key groups the backend does not own (a rescale that splits). */
    public boolean coversMoreThanOwned()
    {
        return coversMoreThanOwned;
    }

    private static StateStreamReader reader(
        final StreamStateHandle stream,
        final Map<StreamStateHandle, StateStreamReader> opened,
        final int numberOfKeyGroups,
        final Codec<?> keyCodec,
        final Map<String, StateMetaInfo> states) throws IOException
    {
        StateStreamReader reader = opened.get(stream);
        if (reader == null)
        {
            reader = StateStreamReader.open(stream);
            opened.put(stream, reader);
            checkFits(reader, numberOfKeyGroups, keyCodec, states);
        }
        return reader;
    }

    private static PartitionLoad checked(
        final StateStreamReader reader, final int keyGroup, final boolean delta, final String where)
        throws CorruptedStateException
    {
        if (!reader.hasPartition(keyGroup))
        {
            throw new CorruptedStateException(reader.describe(), StreamFormat.HEADER_LENGTH,
                "key group " + keyGroup + " has no partition in this stream; " + where + " needs one");
        }
        if (reader.isDeltaPartition(keyGroup) != delta)
        {
            throw new CorruptedStateException(reader.describe(), StreamFormat.HEADER_LENGTH,
                "key group " + keyGroup + " is a " + (delta ? "FULL" : "DELTA") + " partition; " + where +
                " needs a " + (delta ? "DELTA" : "FULL") + " one");
        }
        return new PartitionLoad(reader, keyGroup, delta);
    }

    /** One partition to load: a key group of a stream, whole (FULL) or as changes (DELTA). */
    public static final class PartitionLoad
    {
        private final StateStreamReader reader;
        private final int keyGroup;
        private final boolean delta;

        private PartitionLoad(final StateStreamReader reader, final int keyGroup, final boolean delta)
        {
            this.reader = reader;
            this.keyGroup = keyGroup;
            this.delta = delta;
        }

        /** @return the stream. */
        public StateStreamReader reader()
        {
            return reader;
        }

        /** @return the key group. */
        public int keyGroup()
        {
            return keyGroup;
        }

        /** @return true for a DELTA partition, applied on top of what the key group's earlier loads left. */
        public boolean isDelta()
        {
            return delta;
        }
    }

    @Override
    public void close() throws IOException
    {
        closeAll(readers, null);
    }

    /**
     * Checks that an opened keyed stream fits a backend, as every stream of a plan is checked: keyed state, of the
     * backend's max parallelism and key codec, and with every state agreeing with the one of the same name in
     * {@code states}, to which its new states are added. For restores that read streams (or the meta stream of
     * other files) themselves.
     *
     * @param reader            the opened stream.
     * @param numberOfKeyGroups the backend's max parallelism.
     * @param keyCodec          the backend's key codec.
     * @param states            the states seen so far, by name; the stream's are added.
     * @throws CorruptedStateException    if it is not a keyed state stream.
     * @throws IncompatibleStateException if its max parallelism or key codec differs, or a state disagrees.
     */
    public static void checkFits(
        final StateStreamReader reader,
        final int numberOfKeyGroups,
        final Codec<?> keyCodec,
        final Map<String, StateMetaInfo> states) throws CorruptedStateException
    {
        final StreamMeta meta = reader.meta();
        if (meta.kind() != StreamFormat.KIND_KEYED)
        {
            throw new CorruptedStateException(reader.describe(), StreamFormat.KIND_OFFSET,
                "not a keyed state stream (kind=" + meta.kind() + ")");
        }
        if (meta.numberOfKeyGroups() != numberOfKeyGroups)
        {
            throw new IncompatibleStateException("max parallelism mismatch: " + reader.describe() +
                " was written with numberOfKeyGroups=" + meta.numberOfKeyGroups() + ", this backend has " +
                "numberOfKeyGroups=" + numberOfKeyGroups + "; state can move between parallelisms, not between max " +
                "parallelisms");
        }
        final CodecInfo keyCodecInfo = meta.keyCodec();
        if (!keyCodecInfo.matches(keyCodec))
        {
            throw new IncompatibleStateException("key codec mismatch: " + reader.describe() + " was written with " +
                "keyCodec=" + keyCodecInfo + ", this backend has keyCodec=" + CodecInfo.of(keyCodec));
        }
        for (final StateMetaInfo state : meta.states())
        {
            final StateMetaInfo previous = states.putIfAbsent(state.name(), state);
            if (previous != null && !previous.equals(state))
            {
                throw new IncompatibleStateException("state \"" + state.name() + "\" differs between snapshots: " +
                    previous + " and, in " + reader.describe() + ", " + state);
            }
        }
    }

    private static void closeAll(final Collection<StateStreamReader> readers, final Exception primary)
        throws IOException
    {
        IOException failure = null;
        for (final StateStreamReader reader : readers)
        {
            try
            {
                reader.close();
            }
            catch (final IOException ex)
            {
                if (primary != null)
                {
                    primary.addSuppressed(ex);
                }
                else if (failure == null)
                {
                    failure = ex;
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}

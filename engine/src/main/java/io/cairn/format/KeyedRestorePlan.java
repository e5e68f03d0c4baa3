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
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;

/**
 * The first pass of every keyed restore, the same for every backend: open the streams of the handles whose key
 * groups the backend owns (footer, header, meta and index are checked there), check that they fit the backend
 * (max parallelism, key codec, states agreeing across streams), and verify the checksum of every block of every
 * owned key group. Only then may a backend load anything, partition by partition ({@link #readers()},
 * {@link #ownedRanges()}): a damaged, truncated, foreign, newer or mismatched stream fails the restore first.
 */
public final class KeyedRestorePlan implements Closeable
{
    private final List<StateStreamReader> readers;
    private final List<KeyGroupRange> ownedRanges;
    private final Map<String, StateMetaInfo> states;
    private final boolean coversMoreThanOwned;

    private KeyedRestorePlan(
        final List<StateStreamReader> readers,
        final List<KeyGroupRange> ownedRanges,
        final Map<String, StateMetaInfo> states,
        final boolean coversMoreThanOwned)
    {
        this.readers = readers;
        this.ownedRanges = ownedRanges;
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
     * @throws CorruptedStateException    if a stream is damaged, truncated, foreign, newer or not keyed state.
     * @throws IncompatibleStateException if a stream was written with another max parallelism or key codec, or
     *                                    two streams disagree on a state.
     * @throws IllegalArgumentException   if a handle is not a {@link KeyGroupsStateHandle}.
     * @throws IOException                if a stream cannot be read.
     */
    public static KeyedRestorePlan open(
        final Collection<? extends KeyedStateHandle> handles,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final String backendName) throws IOException
    {
        final List<StateStreamReader> readers = new ArrayList<>();
        final List<KeyGroupRange> owned = new ArrayList<>();
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
                if (!(handle instanceof KeyGroupsStateHandle))
                {
                    throw new IllegalArgumentException("handle=" + handle + "; the " + backendName +
                        " backend restores " + KeyGroupsStateHandle.class.getSimpleName() + "s");
                }
                final KeyGroupsStateHandle keyGroups = (KeyGroupsStateHandle)handle;
                final KeyGroupRange range = keyGroups.getKeyGroupRange().getIntersection(keyGroupRange);
                if (range.isEmpty())
                {
                    continue;
                }
                final StateStreamReader reader = StateStreamReader.open(keyGroups.getDelegate());
                readers.add(reader);
                owned.add(range);
                checkFits(reader, numberOfKeyGroups, keyCodec, states);
                final KeyGroupRange written = reader.meta().keyGroupRange();
                wider |= !range.equals(keyGroups.getKeyGroupRange()) ||
                    !keyGroupRange.getIntersection(written).equals(written);
            }
            for (int i = 0; i < readers.size(); i++)
            {
                for (final int keyGroup : owned.get(i))
                {
                    readers.get(i).verifyPartition(keyGroup);
                }
            }
            return new KeyedRestorePlan(readers, owned, states, wider);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeAll(readers, ex);
            throw ex;
        }
    }

    /** @return the opened streams, in handle order. */
    public List<StateStreamReader> readers()
    {
        return Collections.unmodifiableList(readers);
    }

    /** @return per stream, the key groups to load from it (owned by the backend and held by its handle). */
    public List<KeyGroupRange> ownedRanges()
    {
        return Collections.unmodifiableList(ownedRanges);
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

    @Override
    public void close() throws IOException
    {
        closeAll(readers, null);
    }

    private static void checkFits(
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

    private static void closeAll(final List<StateStreamReader> readers, final Exception primary) throws IOException
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

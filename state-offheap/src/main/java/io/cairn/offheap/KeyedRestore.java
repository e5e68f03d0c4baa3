package io.cairn.offheap;

import java.io.IOException;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.codec.Codec;
import io.cairn.format.KeyedRestorePlan;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamReader;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.state.StateType;

/**
 * Loads key-group streams into an empty off-heap backend, reading only the key groups the backend owns.
 *
 * <p>Two passes: {@link KeyedRestorePlan} opens, checks and verifies every owned key group of every stream; only
 * then are the key groups decompressed and inserted. So a damaged, truncated, foreign or newer stream fails the
 * restore before any state is loaded.
 */
final class KeyedRestore
{
    private final OffHeapKeyedStateBackend<?> backend;
    private final int numberOfKeyGroups;
    private final KeyGroupRange keyGroupRange;
    private final Codec<?> keyCodec;
    private final CompositeKeyBuilder key;

    KeyedRestore(
        final OffHeapKeyedStateBackend<?> backend,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final int maxKeyLength)
    {
        this.backend = backend;
        this.numberOfKeyGroups = numberOfKeyGroups;
        this.keyGroupRange = keyGroupRange;
        this.keyCodec = keyCodec;
        this.key = new CompositeKeyBuilder(maxKeyLength);
    }

    /**
     * Loads the owned key groups of the handles.
     *
     * @return per key group of the backend's range, the entries the DELTA partitions of its chain held (all zero
     * for full snapshots), which bound the chains the backend continues.
     */
    long[] restore(final Collection<? extends KeyedStateHandle> handles) throws IOException
    {
        final long[] deltaEntries = new long[keyGroupRange.getNumberOfKeyGroups()];
        try (KeyedRestorePlan plan =
            KeyedRestorePlan.open(handles, numberOfKeyGroups, keyGroupRange, keyCodec, "off-heap"))
        {
            final Map<String, StateStorage> storages = new LinkedHashMap<>();
            for (final StateMetaInfo meta : plan.states().values())
            {
                final StateStorage storage = backend.createStorage(meta);
                storages.put(meta.name(), storage);
                backend.addRestoredStorage(storage);
            }
            final Map<StateStreamReader, StateStorage[]> byReader = new IdentityHashMap<>();
            for (final StateStreamReader reader : plan.readers())
            {
                final List<StateMetaInfo> metas = reader.meta().states();
                final StateStorage[] byIndex = new StateStorage[metas.size()];
                for (int i = 0; i < byIndex.length; i++)
                {
                    byIndex[i] = storages.get(metas.get(i).name());
                }
                byReader.put(reader, byIndex);
            }
            for (final KeyedRestorePlan.PartitionLoad load : plan.loads())
            {
                final long entries = load(load.reader(), load.keyGroup(), byReader.get(load.reader()));
                if (load.isDelta())
                {
                    deltaEntries[load.keyGroup() - keyGroupRange.getStartKeyGroup()] += entries;
                }
            }
        }
        return deltaEntries;
    }

    /** @return the number of entries the partition held. */
    private long load(final StateStreamReader reader, final int keyGroup, final StateStorage[] byIndex)
        throws IOException
    {
        final int keyFixedLength = keyCodec.fixedLength();
        final MalformedEntry malformed = new MalformedEntry();
        reader.readPartition(keyGroup,
            (entry) ->
            {
                if (malformed.what != null)
                {
                    return;
                }
                malformed.entries++;
                final StateStorage storage = byIndex[entry.stateIndex()];
                final int prefixLength = key.setFromStream(entry.buffer(),
                    entry.keyOffset(), entry.keyLength(), keyFixedLength,
                    entry.namespaceOffset(), entry.namespaceLength(), storage.namespaceFixedLength);
                if (prefixLength < 0)
                {
                    malformed.what = "a key or namespace of state \"" + storage.name + "\" does not fit its codec";
                    malformed.blockPosition = entry.blockPosition();
                    return;
                }
                if (storage.meta.type() == StateType.MAP && key.appendFromStream(entry.buffer(),
                    entry.userKeyOffset(), entry.userKeyLength(), storage.meta.codecs().get(0).fixedLength()) < 0)
                {
                    malformed.what = "a map key of state \"" + storage.name + "\" does not fit its codec";
                    malformed.blockPosition = entry.blockPosition();
                    return;
                }
                if (entry.isDelete())
                {
                    storage.restoreDelete(keyGroup, key, prefixLength);
                }
                else
                {
                    storage.restoreEntry(keyGroup, key, prefixLength, entry);
                }
            });
        if (malformed.what != null)
        {
            throw new CorruptedStateException(reader.describe(), malformed.blockPosition,
                "key group " + keyGroup + ": " + malformed.what);
        }
        return malformed.entries;
    }

    /** Carries a problem out of an entry consumer. */
    private static final class MalformedEntry
    {
        private String what;
        private long blockPosition;
        private long entries;
    }
}

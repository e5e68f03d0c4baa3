package io.cairn.offheap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.codec.Codec;
import io.cairn.format.CodecInfo;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamReader;
import io.cairn.format.StreamFormat;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.state.StateType;

/**
 * Loads key-group streams into an empty off-heap backend, reading only the key groups the backend owns.
 *
 * <p>Two passes. The first opens every stream (footer, header, meta and index are checked there), checks that
 * it fits the backend (max parallelism, key codec, states agreeing across streams) and verifies the checksum of
 * every block of every owned key group. Only then does the second pass decompress and insert. So a damaged,
 * truncated, foreign or newer stream fails the restore before any state is loaded.
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

    void restore(final Collection<? extends KeyedStateHandle> handles) throws IOException
    {
        final List<StateStreamReader> readers = new ArrayList<>();
        final List<KeyGroupRange> owned = new ArrayList<>();
        try
        {
            final Map<String, StateMetaInfo> states = new LinkedHashMap<>();
            for (final KeyedStateHandle handle : handles)
            {
                if (handle == null)
                {
                    continue;
                }
                if (!(handle instanceof KeyGroupsStateHandle))
                {
                    throw new IllegalArgumentException("handle=" + handle + "; the off-heap backend restores " +
                        KeyGroupsStateHandle.class.getSimpleName() + "s");
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
                checkFits(reader, states);
            }
            for (int i = 0; i < readers.size(); i++)
            {
                final StateStreamReader reader = readers.get(i);
                for (final int keyGroup : owned.get(i))
                {
                    reader.verifyPartition(keyGroup);
                }
            }
            final Map<String, StateStorage> storages = new LinkedHashMap<>();
            for (final StateMetaInfo meta : states.values())
            {
                final StateStorage storage = backend.createStorage(meta);
                storages.put(meta.name(), storage);
                backend.addRestoredStorage(storage);
            }
            for (int i = 0; i < readers.size(); i++)
            {
                load(readers.get(i), owned.get(i), storages);
            }
        }
        finally
        {
            for (final StateStreamReader reader : readers)
            {
                reader.close();
            }
        }
    }

    private void checkFits(final StateStreamReader reader, final Map<String, StateMetaInfo> states)
        throws CorruptedStateException
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

    private void load(
        final StateStreamReader reader, final KeyGroupRange range, final Map<String, StateStorage> storages)
        throws IOException
    {
        final List<StateMetaInfo> metas = reader.meta().states();
        final StateStorage[] byIndex = new StateStorage[metas.size()];
        for (int i = 0; i < byIndex.length; i++)
        {
            byIndex[i] = storages.get(metas.get(i).name());
        }
        final int keyFixedLength = keyCodec.fixedLength();
        for (final int keyGroup : range)
        {
            final MalformedEntry malformed = new MalformedEntry();
            reader.readPartition(keyGroup,
                (entry) ->
                {
                    if (malformed.what != null)
                    {
                        return;
                    }
                    final StateStorage storage = byIndex[entry.stateIndex()];
                    final int prefixLength = key.setFromStream(entry.buffer(),
                        entry.keyOffset(), entry.keyLength(), keyFixedLength,
                        entry.namespaceOffset(), entry.namespaceLength(), storage.namespaceFixedLength);
                    if (prefixLength < 0)
                    {
                        malformed.what = "a key or namespace of state \"" + storage.name +
                            "\" does not fit its codec";
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
                    storage.restoreEntry(keyGroup, key, prefixLength, entry);
                });
            if (malformed.what != null)
            {
                throw new CorruptedStateException(reader.describe(), malformed.blockPosition,
                    "key group " + keyGroup + ": " + malformed.what);
            }
        }
    }

    /** Carries a problem out of an entry consumer. */
    private static final class MalformedEntry
    {
        private String what;
        private long blockPosition;
    }
}

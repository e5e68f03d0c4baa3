package io.cairn.rocksdb;

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
import io.cairn.format.StreamEntry;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.state.StateType;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Loads key-group streams (written by either backend) into an empty RocksDB backend, reading only the key groups
 * the backend owns.
 *
 * <p>Two passes, as in the off-heap backend. The first opens every stream whose key groups meet the backend's
 * (footer, header, meta and index are checked there), checks that it fits (max parallelism, key codec, states
 * agreeing across streams) and verifies the checksum of every block of every owned key group. Only then does the
 * second pass decompress and write, so a damaged, truncated, foreign or newer stream fails before RocksDB is
 * touched. Entries become RocksDB keys by adding the key group and the length prefixes ({@link KeyLayout}); the
 * elements of one list, consecutive in a stream, are joined into one merge operand. Values, map entries and
 * deletions go through write batches ({@link RestoreBatch}); a list operand is merged straight into the database,
 * after the batch before it is written (a stream may hold more elements of the same list later on, and a write
 * batch takes merge operands only as arrays).
 *
 * <p>Finally, when a stream covered more key groups than the backend owns, every column family is clipped to the
 * owned key groups with a range deletion on the key-group prefix. Only owned key groups are ever read, so here
 * the clip deletes nothing; it keeps the invariant "a column family holds only owned key groups" explicit, as the
 * restore of RocksDB's own files written for a wider range ({@link SstRestore}) needs it.
 */
final class RocksDbRestore
{
    /** A list operand is written once it holds this many bytes, so a long list does not have to fit in memory. */
    private static final int MAX_PENDING_LENGTH = 4 << 20;

    private final RocksDbKeyedStateBackend<?> backend;
    private final int numberOfKeyGroups;
    private final KeyGroupRange keyGroupRange;
    private final Codec<?> keyCodec;
    private final RocksDbKeyBuilder key;
    private final DirectBytes value = new DirectBytes(1024);
    private final DirectBytes pendingKey = new DirectBytes(256);
    private final DirectBytes pendingElements = new DirectBytes(1024);
    private StateColumn pendingColumn;
    private int pendingKeyLength;
    private int pendingLength;
    private RestoreBatch batch;

    RocksDbRestore(
        final RocksDbKeyedStateBackend<?> backend,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final int maxKeyLength)
    {
        this.backend = backend;
        this.numberOfKeyGroups = numberOfKeyGroups;
        this.keyGroupRange = keyGroupRange;
        this.keyCodec = keyCodec;
        this.key = new RocksDbKeyBuilder(maxKeyLength);
    }

    void restore(final Collection<? extends KeyedStateHandle> handles) throws IOException
    {
        try (KeyedRestorePlan plan =
            KeyedRestorePlan.open(handles, numberOfKeyGroups, keyGroupRange, keyCodec, "RocksDB");
            RestoreBatch batch = new RestoreBatch(backend.instance()))
        {
            this.batch = batch;
            final Map<String, StateColumn> columns = new LinkedHashMap<>();
            for (final StateMetaInfo meta : plan.states().values())
            {
                columns.put(meta.name(), backend.addRestoredColumn(meta, null));
            }
            final Map<StateStreamReader, StateColumn[]> byReader = new IdentityHashMap<>();
            for (final StateStreamReader reader : plan.readers())
            {
                final List<StateMetaInfo> metas = reader.meta().states();
                final StateColumn[] byIndex = new StateColumn[metas.size()];
                for (int i = 0; i < byIndex.length; i++)
                {
                    byIndex[i] = columns.get(metas.get(i).name());
                }
                byReader.put(reader, byIndex);
            }
            for (final KeyedRestorePlan.PartitionLoad load : plan.loads())
            {
                load(load.reader(), load.keyGroup(), byReader.get(load.reader()));
            }
            batch.flush();
            if (plan.coversMoreThanOwned())
            {
                for (final StateColumn column : columns.values())
                {
                    backend.clipToOwnedKeyGroups(column);
                }
            }
        }
    }

    /** Loads one partition: a FULL one into an empty key group, or a DELTA one on top of what is there. */
    private void load(final StateStreamReader reader, final int keyGroup, final StateColumn[] byIndex)
        throws IOException
    {
        final MalformedEntry malformed = new MalformedEntry();
        reader.readPartition(keyGroup,
            (entry) ->
            {
                if (malformed.what == null)
                {
                    malformed.what = loadEntry(keyGroup, byIndex[entry.stateIndex()], entry);
                    malformed.blockPosition = entry.blockPosition();
                }
            });
        flushPendingList();
        if (malformed.what != null)
        {
            throw new CorruptedStateException(reader.describe(), malformed.blockPosition,
                "key group " + keyGroup + ": " + malformed.what);
        }
    }

    /** @return null, or what is wrong with the entry. */
    private String loadEntry(final int keyGroup, final StateColumn column, final StreamEntry entry)
    {
        final int prefixLength = key.setFromStream(keyGroup, entry.buffer(),
            entry.keyOffset(), entry.keyLength(), keyCodec.fixedLength(),
            entry.namespaceOffset(), entry.namespaceLength(), column.namespaceFixedLength);
        if (prefixLength < 0)
        {
            return "a key or namespace of state \"" + column.name + "\" does not fit its codec";
        }
        final StateType type = column.meta.type();
        if (type == StateType.MAP &&
            key.appendFromStream(entry.buffer(), entry.userKeyOffset(), entry.userKeyLength(),
                column.userKeyFixedLength) < 0)
        {
            return "a map key of state \"" + column.name + "\" does not fit its codec";
        }
        if (entry.isDelete())
        {
            // A DELETE removes a value, a whole list, or one map entry: the key built above names exactly that.
            flushPendingList();
            batch.delete(column.handleForWrite(), key.byteBuffer());
            return null;
        }
        if (type == StateType.LIST)
        {
            appendToPendingList(column, entry);
            return null;
        }
        flushPendingList();
        final int length = entry.valueLength();
        value.ensureCapacity(length, 0).putBytes(0, entry.buffer(), entry.valueOffset(), length);
        batch.put(column.handleForWrite(), key.byteBuffer(), value.range(0, length));
        return null;
    }

    /** Adds a list element to the pending operand, first writing the pending one if it is of another list. */
    private void appendToPendingList(final StateColumn column, final StreamEntry entry)
    {
        final UnsafeBuffer keyBytes = key.view();
        final int keyLength = key.length();
        if (pendingColumn != column || pendingKeyLength != keyLength || pendingLength > MAX_PENDING_LENGTH ||
            !KeyLayout.startsWith(keyBytes, keyLength, pendingKey.view(), keyLength))
        {
            flushPendingList();
            pendingColumn = column;
            pendingKeyLength = keyLength;
            pendingKey.ensureCapacity(keyLength, 0).putBytes(0, keyBytes, 0, keyLength);
        }
        final int elementLength = entry.valueLength();
        final int prefixLength = ListValueLayout.prefixLength(elementLength);
        final UnsafeBuffer elements = pendingElements.ensureCapacity(
            pendingLength + prefixLength + elementLength, pendingLength);
        ListValueLayout.putLength(elements, pendingLength, elementLength);
        elements.putBytes(pendingLength + prefixLength, entry.buffer(), entry.valueOffset(), elementLength);
        pendingLength += prefixLength + elementLength;
    }

    private void flushPendingList()
    {
        if (pendingColumn != null && pendingLength > 0)
        {
            batch.flush();
            backend.instance().merge(pendingColumn.handleForWrite(), pendingKey.range(0, pendingKeyLength),
                pendingElements.range(0, pendingLength));
        }
        pendingColumn = null;
        pendingKeyLength = 0;
        pendingLength = 0;
    }

    /** Carries a problem out of an entry consumer. */
    private static final class MalformedEntry
    {
        private String what;
        private long blockPosition;
    }
}

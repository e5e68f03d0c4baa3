package io.cairn.rocksdb;

import java.util.List;

import io.cairn.codec.Codec;
import io.cairn.keygroup.KeyGroupRange;
import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * Finds the keys that have a value of a state in a namespace ({@code getKeys}, {@code applyToAllKeys}) by walking
 * the state's column family over the owned key groups. The keys are collected when the walk runs, so changes made
 * while they are consumed do not show.
 */
final class KeyScan
{
    private static final int INITIAL_CAPACITY = 256;

    private KeyScan()
    {
    }

    /**
     * Collects each key with an entry in {@code namespace} once: a map has an entry per map key, and they are
     * adjacent (same key group, key and namespace prefix), so comparing with the previous key found skips them.
     *
     * @param keys      where the keys go, in key-group order.
     * @param keyGroups where their key groups go, or null.
     */
    static <K, N> void collect(
        final RocksDbInstance instance,
        final Codec<K> keyCodec,
        final KeyGroupRange keyGroupRange,
        final AbstractRocksDbState<N, ?> state,
        final N namespace,
        final List<K> keys,
        final IntArrayList keyGroups)
    {
        final ColumnFamilyHandle handle = state.column.handleOrNull();
        if (handle == null)
        {
            return;
        }
        final UnsafeBuffer namespaceBytes = new UnsafeBuffer(new byte[0]);
        final int namespaceLength = state.encodeNamespace(namespace, namespaceBytes);
        final int namespaceFixedLength = state.column.namespaceFixedLength;
        final int keyFixedLength = keyCodec.fixedLength();
        final DirectBytes entryKey = new DirectBytes(INITIAL_CAPACITY);
        final DirectBytes previous = new DirectBytes(INITIAL_CAPACITY);
        int previousLength = -1;
        try (RocksIterator iterator = instance.newTotalOrderIterator(handle))
        {
            KeyLayout.putKeyGroup(entryKey.view(), keyGroupRange.getStartKeyGroup());
            for (iterator.seek(entryKey.range(0, KeyLayout.KEY_GROUP_PREFIX_LENGTH)); iterator.isValid();
                iterator.next())
            {
                final int length = Iterators.key(iterator, entryKey);
                final UnsafeBuffer view = entryKey.view();
                final int keyGroup = KeyLayout.keyGroup(view);
                if (keyGroup > keyGroupRange.getEndKeyGroup())
                {
                    break;
                }
                final int namespaceComponent = KeyLayout.KEY_GROUP_PREFIX_LENGTH +
                    KeyLayout.componentLengthAt(view, KeyLayout.KEY_GROUP_PREFIX_LENGTH, keyFixedLength);
                final int prefixLength = namespaceComponent + namespaceLength;
                if (prefixLength > length ||
                    KeyLayout.componentLengthAt(view, namespaceComponent, namespaceFixedLength) != namespaceLength ||
                    !KeyLayout.bytesEqual(view, namespaceComponent, namespaceBytes, namespaceLength) ||
                    (previousLength == prefixLength &&
                    KeyLayout.startsWith(view, length, previous.view(), prefixLength)))
                {
                    continue;
                }
                keys.add(KeyLayout.readComponent(keyCodec, view, KeyLayout.KEY_GROUP_PREFIX_LENGTH));
                if (keyGroups != null)
                {
                    keyGroups.addInt(keyGroup);
                }
                previous.ensureCapacity(prefixLength + Long.BYTES, 0).putBytes(0, view, 0, prefixLength);
                previousLength = prefixLength;
            }
            Iterators.checkStatus(iterator, state.name);
        }
    }
}

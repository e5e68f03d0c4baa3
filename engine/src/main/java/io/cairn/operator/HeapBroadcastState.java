package io.cairn.operator;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cairn.codec.Codec;
import io.cairn.state.BroadcastState;
import org.agrona.DirectBuffer;

/**
 * A broadcast state of a {@link DefaultOperatorStateBackend}: a {@link LinkedHashMap} of the entries as objects,
 * so entries iterate, and are snapshotted, in the order their keys were first put.
 *
 * @param <K> the map's key type.
 * @param <V> the map's value type.
 */
final class HeapBroadcastState<K, V> implements BroadcastState<K, V>, OperatorStateContent
{
    private final DefaultOperatorStateBackend owner;
    private final Codec<K> keyCodec;
    private final Codec<V> valueCodec;
    private final LinkedHashMap<K, V> map = new LinkedHashMap<>();

    HeapBroadcastState(final DefaultOperatorStateBackend owner, final Codec<K> keyCodec, final Codec<V> valueCodec)
    {
        this.owner = owner;
        this.keyCodec = keyCodec;
        this.valueCodec = valueCodec;
    }

    /** Decodes restored entries. */
    static <K, V> HeapBroadcastState<K, V> decode(
        final DefaultOperatorStateBackend owner,
        final Codec<K> keyCodec,
        final Codec<V> valueCodec,
        final EncodedState encoded)
    {
        final HeapBroadcastState<K, V> state = new HeapBroadcastState<>(owner, keyCodec, valueCodec);
        final DirectBuffer buffer = encoded.buffer();
        final int count = encoded.elementCount();
        for (int i = 0; i < count; i++)
        {
            state.map.put(encoded.decode(keyCodec, buffer, 2 * i), encoded.decode(valueCodec, buffer, 2 * i + 1));
        }
        return state;
    }

    @Override
    public V get(final K key)
    {
        owner.checkOpen();
        return map.get(checkKey(key));
    }

    @Override
    public void put(final K key, final V value)
    {
        owner.checkOpen();
        checkKey(key);
        if (value == null)
        {
            throw new IllegalArgumentException("value=null for key=" + key + "; expected a non-null value");
        }
        map.put(key, value);
    }

    @Override
    public void putAll(final Map<K, V> entries)
    {
        owner.checkOpen();
        if (entries == null)
        {
            throw new IllegalArgumentException("map=null; expected a map of non-null keys and values");
        }
        for (final Map.Entry<K, V> entry : entries.entrySet())
        {
            if (entry.getKey() == null || entry.getValue() == null)
            {
                throw new IllegalArgumentException("map entry " + entry.getKey() + "=" + entry.getValue() +
                    "; expected non-null keys and values");
            }
        }
        map.putAll(entries);
    }

    @Override
    public void remove(final K key)
    {
        owner.checkOpen();
        map.remove(checkKey(key));
    }

    @Override
    public boolean contains(final K key)
    {
        owner.checkOpen();
        return map.containsKey(checkKey(key));
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries()
    {
        owner.checkOpen();
        return this::iterator;
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator()
    {
        owner.checkOpen();
        final Iterator<Map.Entry<K, V>> entries = map.entrySet().iterator();
        return new Iterator<>()
        {
            @Override
            public boolean hasNext()
            {
                return entries.hasNext();
            }

            @Override
            public Map.Entry<K, V> next()
            {
                final Map.Entry<K, V> entry = entries.next();
                return Map.entry(entry.getKey(), entry.getValue());
            }

            @Override
            public void remove()
            {
                owner.checkOpen();
                entries.remove();
            }
        };
    }

    @Override
    public boolean isEmpty()
    {
        owner.checkOpen();
        return map.isEmpty();
    }

    @Override
    public void clear()
    {
        owner.checkOpen();
        map.clear();
    }

    @Override
    public EncodedState encoded()
    {
        final EncodedState.Builder builder = new EncodedState.Builder(2, map.size());
        for (final Map.Entry<K, V> entry : map.entrySet())
        {
            builder.append(keyCodec, entry.getKey());
            builder.append(valueCodec, entry.getValue());
        }
        return builder.build();
    }

    private static <T> T checkKey(final T key)
    {
        if (key == null)
        {
            throw new IllegalArgumentException("key=null; expected a non-null map key");
        }
        return key;
    }
}

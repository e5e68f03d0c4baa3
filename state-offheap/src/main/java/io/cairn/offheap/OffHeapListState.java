package io.cairn.offheap;

import java.util.ArrayList;
import java.util.List;

import io.cairn.codec.Codec;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;

/**
 * {@link ListState} off-heap ({@link ListStorage}): appending allocates and links new elements only; the ones
 * already there are never copied or rewritten.
 *
 * @param <N> the namespace type.
 * @param <V> the element type.
 */
final class OffHeapListState<N, V> extends AbstractOffHeapState<N, ListState<V>> implements ListState<V>
{
    private final ListStorage storage;
    private final Codec<V> elementCodec;

    OffHeapListState(
        final OffHeapKeyedStateBackend<?> backend,
        final ListStateDescriptor<V> descriptor,
        final ListStorage storage,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.storage = storage;
        this.elementCodec = descriptor.getElementCodec();
    }

    @Override
    StateStorage storage()
    {
        return storage;
    }

    @Override
    public List<V> get()
    {
        final long head = storage.findHead(keyGroup(), accessKey());
        if (head == 0)
        {
            return new ArrayList<>(0);
        }
        final long headValue = RecordDescriptor.valueAddress(head);
        final long count = ListDescriptor.count(headValue);
        final List<V> values = new ArrayList<>((int)Math.min(count, Integer.MAX_VALUE - 8));
        long element = ListDescriptor.first(headValue);
        for (long i = 0; i < count; i++)
        {
            values.add(decode(
                element + ListDescriptor.ELEMENT_HEADER_LENGTH, ListDescriptor.elementLength(element), elementCodec));
            element = ListDescriptor.next(element);
        }
        return values;
    }

    @Override
    public void add(final V value)
    {
        final CompositeKeyBuilder key = accessKey();
        final int length = stage(value, elementCodec, "element");
        final long element = storage.allocateElement(0, staged(), 0, length);
        storage.link(keyGroup(), key, element, element, 1, false);
    }

    @Override
    public void addAll(final List<V> values)
    {
        final CompositeKeyBuilder key = accessKey();
        checkAll(values);
        if (!values.isEmpty())
        {
            final long first = allocateChain(values);
            storage.link(keyGroup(), key, first, storage.chainLast(), values.size(), false);
        }
    }

    @Override
    public void update(final List<V> values)
    {
        final CompositeKeyBuilder key = accessKey();
        checkAll(values);
        if (values.isEmpty())
        {
            storage.clear(keyGroup(), key);
            return;
        }
        final long first = allocateChain(values);
        storage.link(keyGroup(), key, first, storage.chainLast(), values.size(), true);
    }

    @Override
    public void clear()
    {
        storage.clear(keyGroup(), accessKey());
    }

    private void checkAll(final List<V> values)
    {
        if (values == null)
        {
            throw new IllegalArgumentException("values=null in state \"" + name + "\"; expected a list");
        }
        for (int i = 0, n = values.size(); i < n; i++)
        {
            measureValue(values.get(i), elementCodec, "values", i);
        }
    }

    /** Allocates and fills a chain of elements; frees it all if any allocation fails. */
    private long allocateChain(final List<V> values)
    {
        long first = 0;
        long last = 0;
        int allocated = 0;
        try
        {
            for (int i = 0, n = values.size(); i < n; i++)
            {
                final int length = stage(values.get(i), elementCodec, "values", i);
                last = storage.allocateElement(last, staged(), 0, length);
                if (first == 0)
                {
                    first = last;
                }
                allocated++;
            }
        }
        catch (final RuntimeException ex)
        {
            storage.freeElements(first, allocated);
            throw ex;
        }
        return first;
    }
}

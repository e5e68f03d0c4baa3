package io.cairn.offheap;

import java.util.ArrayList;
import java.util.List;

import io.cairn.codec.Codec;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;

/**
 * {@link ListState} off-heap: a head record per (key, namespace) and a chain of element blocks
 * ({@link ListDescriptor}). Appending allocates and links new elements only; the ones already there are never
 * copied or rewritten.
 *
 * @param <N> the namespace type.
 * @param <V> the element type.
 */
final class OffHeapListState<N, V> extends AbstractOffHeapState<N, ListState<V>> implements ListState<V>
{
    private final StateTable table;
    private final Codec<V> elementCodec;
    private long chainLast;

    OffHeapListState(
        final OffHeapKeyedStateBackend<?> backend,
        final ListStateDescriptor<V> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.table = backend.newTable();
        this.elementCodec = descriptor.getElementCodec();
    }

    @Override
    StateTable primaryTable()
    {
        return table;
    }

    @Override
    public List<V> get()
    {
        final long head = findRecord(table, accessKey());
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
        final long element = allocateElement(stage(value, elementCodec, "element"));
        chainLast = element;
        append(key, element, 1);
    }

    @Override
    public void addAll(final List<V> values)
    {
        final CompositeKeyBuilder key = accessKey();
        final int[] lengths = measureAll(values);
        if (lengths.length == 0)
        {
            return;
        }
        append(key, allocateChain(values, lengths), lengths.length);
    }

    @Override
    public void update(final List<V> values)
    {
        final CompositeKeyBuilder key = accessKey();
        final int[] lengths = measureAll(values);
        if (lengths.length == 0)
        {
            clear();
            return;
        }
        final long head = findRecord(table, key);
        if (head == 0)
        {
            append(key, allocateChain(values, lengths), lengths.length);
            return;
        }
        final long first = allocateChain(values, lengths);
        final long headValue = RecordDescriptor.valueAddress(head);
        freeElements(ListDescriptor.first(headValue), ListDescriptor.count(headValue));
        ListDescriptor.head(headValue, lengths.length, first, chainLast);
        RecordDescriptor.version(head, backend.version());
    }

    @Override
    public void clear()
    {
        final CompositeKeyBuilder key = accessKey();
        final long head = findRecord(table, key);
        if (head != 0)
        {
            final long headValue = RecordDescriptor.valueAddress(head);
            freeElements(ListDescriptor.first(headValue), ListDescriptor.count(headValue));
            removeValue(table, key);
        }
    }

    /** Links an allocated chain (first .. {@link #chainLast}) after the list's last element, creating the head. */
    private void append(final CompositeKeyBuilder key, final long first, final int count)
    {
        final long head = findRecord(table, key);
        if (head != 0)
        {
            final long headValue = RecordDescriptor.valueAddress(head);
            ListDescriptor.next(ListDescriptor.last(headValue), first);
            ListDescriptor.head(headValue, ListDescriptor.count(headValue) + count, ListDescriptor.first(headValue),
                chainLast);
            RecordDescriptor.version(head, backend.version());
            return;
        }
        final long last = chainLast;
        final int keyGroup = backend.currentKeyGroup();
        final long newHead;
        try
        {
            table.ensureCapacityForInsert(keyGroup, key.hash());
            newHead = allocateRecord(key, ListDescriptor.HEAD_LENGTH);
        }
        catch (final RuntimeException ex)
        {
            freeElements(first, count);
            throw ex;
        }
        ListDescriptor.head(RecordDescriptor.valueAddress(newHead), count, first, last);
        table.insert(keyGroup, key.hash(), newHead);
    }

    private int[] measureAll(final List<V> values)
    {
        if (values == null)
        {
            throw new IllegalArgumentException("values=null in state \"" + name + "\"; expected a list");
        }
        final int[] lengths = new int[values.size()];
        for (int i = 0; i < lengths.length; i++)
        {
            lengths[i] = measureValue(values.get(i), elementCodec, "values[" + i + "]");
        }
        return lengths;
    }

    /** Allocates and fills a chain of elements; sets {@link #chainLast}; frees it all if any allocation fails. */
    private long allocateChain(final List<V> values, final int[] lengths)
    {
        long first = 0;
        long last = 0;
        int allocated = 0;
        try
        {
            for (int i = 0; i < lengths.length; i++)
            {
                final long element = allocateElement(stage(values.get(i), elementCodec, "values[" + i + "]"));
                if (first == 0)
                {
                    first = element;
                }
                else
                {
                    ListDescriptor.next(last, element);
                }
                last = element;
                allocated++;
            }
        }
        catch (final RuntimeException ex)
        {
            freeElements(first, allocated);
            throw ex;
        }
        chainLast = last;
        return first;
    }

    /** Allocates an element holding the {@code length} staged bytes. */
    private long allocateElement(final int length)
    {
        final long element = backend.pool().allocate(ListDescriptor.elementBlockLength(length));
        ListDescriptor.elementHeader(element, backend.version(), length);
        copyStaged(element + ListDescriptor.ELEMENT_HEADER_LENGTH, length);
        return element;
    }

    private void freeElements(final long first, final long count)
    {
        final MemoryPool pool = backend.pool();
        long element = first;
        for (long i = 0; i < count; i++)
        {
            final long next = ListDescriptor.next(element);
            pool.free(element,
                pool.blockCapacity(ListDescriptor.elementBlockLength(ListDescriptor.elementLength(element))));
            element = next;
        }
    }
}

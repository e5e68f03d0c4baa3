package io.cairn.rocksdb;

import java.util.ArrayList;
import java.util.List;

import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * {@link ListState} on RocksDB: one entry per (key, namespace) whose value is the list ({@link ListValueLayout}).
 * {@link #add} and {@link #addAll} are one merge each (nothing is read, the elements already there are never
 * rewritten); {@link #update} is one put; {@link #get} is one read that decodes every element.
 *
 * @param <N> the namespace type.
 * @param <V> the element type.
 */
final class RocksDbListState<N, V> extends AbstractRocksDbState<N, ListState<V>> implements ListState<V>
{
    /** The most bytes one write of elements may stage: a direct buffer's limit. */
    private static final long MAX_OPERAND_LENGTH = Integer.MAX_VALUE - 16;

    private final Codec<V> elementCodec;

    RocksDbListState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final ListStateDescriptor<V> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, namespaceCodec);
        this.elementCodec = descriptor.getElementCodec();
    }

    @Override
    public List<V> get()
    {
        final int length = read(accessKey());
        if (length < 0)
        {
            return new ArrayList<>(0);
        }
        final UnsafeBuffer value = backend.readBuffer().view();
        final List<V> elements = new ArrayList<>();
        int offset = 0;
        while (offset < length)
        {
            final int elementLength = ListValueLayout.elementLength(value, offset, length);
            offset += ListValueLayout.prefixLength(elementLength);
            elements.add(elementCodec.decode(value, offset, elementLength));
            offset += elementLength;
        }
        return elements;
    }

    @Override
    public void add(final V value)
    {
        final RocksDbKeyBuilder key = accessKey();
        final int length = stageElement(value, NOT_AN_ELEMENT, 0);
        mergeStaged(key, length);
    }

    @Override
    public void addAll(final List<V> values)
    {
        final RocksDbKeyBuilder key = accessKey();
        checkAll(values);
        if (!values.isEmpty())
        {
            mergeStaged(key, stageAll(values));
        }
    }

    @Override
    public void update(final List<V> values)
    {
        final RocksDbKeyBuilder key = accessKey();
        checkAll(values);
        if (values.isEmpty())
        {
            delete(key);
            return;
        }
        writeStaged(key, stageAll(values));
    }

    @Override
    public void clear()
    {
        delete(accessKey());
    }

    private void checkAll(final List<V> values)
    {
        if (values == null)
        {
            throw new IllegalArgumentException("values=null in state \"" + name + "\"; expected a list");
        }
        long total = 0;
        for (int i = 0, n = values.size(); i < n; i++)
        {
            final int length = measureValue(values.get(i), elementCodec, "values", i);
            total += ListValueLayout.prefixLength(length) + length;
        }
        if (total > MAX_OPERAND_LENGTH)
        {
            throw new StateValueTooLargeException("elements of state \"" + name + "\" together", total,
                MAX_OPERAND_LENGTH);
        }
    }

    /** Stages the elements one after the other, each framed. @return the bytes staged. */
    private int stageAll(final List<V> values)
    {
        int offset = 0;
        for (int i = 0, n = values.size(); i < n; i++)
        {
            offset += stageElement(values.get(i), i, offset);
        }
        return offset;
    }

    /**
     * Stages one framed element at {@code offset}: {@code values[index]}, or the element of an {@link #add} if
     * {@code index} is {@link #NOT_AN_ELEMENT}.
     *
     * @return its framed length.
     */
    private int stageElement(final V value, final int index, final int offset)
    {
        final String what = index == NOT_AN_ELEMENT ? "element" : "values";
        final int length = measureValue(value, elementCodec, what, index);
        final int prefixLength = ListValueLayout.prefixLength(length);
        encodeMeasured(value, elementCodec, length, offset + prefixLength);
        ListValueLayout.putLength(backend.writeBuffer().view(), offset, length);
        return prefixLength + length;
    }
}

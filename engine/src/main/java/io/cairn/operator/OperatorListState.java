package io.cairn.operator;

import java.util.ArrayList;
import java.util.List;

import io.cairn.codec.Codec;
import io.cairn.state.ListState;
import org.agrona.DirectBuffer;

/**
 * A split or union list state of a {@link DefaultOperatorStateBackend}: an {@link ArrayList} of the elements as
 * objects. The mode matters only to redistribution, so both modes share this class.
 *
 * @param <S> the element type.
 */
final class OperatorListState<S> implements ListState<S>, OperatorStateContent
{
    private final DefaultOperatorStateBackend owner;
    private final Codec<S> elementCodec;
    private final ArrayList<S> elements;

    OperatorListState(final DefaultOperatorStateBackend owner, final Codec<S> elementCodec, final List<S> elements)
    {
        this.owner = owner;
        this.elementCodec = elementCodec;
        this.elements = new ArrayList<>(elements);
    }

    /** Decodes restored elements. */
    static <S> OperatorListState<S> decode(
        final DefaultOperatorStateBackend owner, final Codec<S> elementCodec, final EncodedState encoded)
    {
        final int count = encoded.elementCount();
        final List<S> elements = new ArrayList<>(count);
        final DirectBuffer buffer = encoded.buffer();
        for (int i = 0; i < count; i++)
        {
            elements.add(encoded.decode(elementCodec, buffer, i));
        }
        return new OperatorListState<>(owner, elementCodec, elements);
    }

    @Override
    public List<S> get()
    {
        owner.checkOpen();
        return List.copyOf(elements);
    }

    @Override
    public void add(final S value)
    {
        owner.checkOpen();
        if (value == null)
        {
            throw new IllegalArgumentException("value=null; expected a non-null element");
        }
        elements.add(value);
    }

    @Override
    public void addAll(final List<S> values)
    {
        owner.checkOpen();
        checkElements(values);
        elements.addAll(values);
    }

    @Override
    public void update(final List<S> values)
    {
        owner.checkOpen();
        checkElements(values);
        elements.clear();
        elements.addAll(values);
    }

    @Override
    public void clear()
    {
        owner.checkOpen();
        elements.clear();
    }

    @Override
    public EncodedState encoded()
    {
        final EncodedState.Builder builder = new EncodedState.Builder(1, elements.size());
        for (final S element : elements)
        {
            builder.append(elementCodec, element);
        }
        return builder.build();
    }

    private static void checkElements(final List<?> values)
    {
        if (values == null)
        {
            throw new IllegalArgumentException("values=null; expected a list of non-null elements");
        }
        for (int i = 0; i < values.size(); i++)
        {
            if (values.get(i) == null)
            {
                throw new IllegalArgumentException("values[" + i + "]=null; expected non-null elements");
            }
        }
    }
}

package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;

/**
 * Describes a {@link ListState}.
 *
 * @param <V> the element type.
 */
public final class ListStateDescriptor<V> extends StateDescriptor<ListState<V>>
{
    private final Codec<V> elementCodec;

    /**
     * @param name         the state's name.
     * @param elementCodec how elements are stored.
     */
    public ListStateDescriptor(final String name, final Codec<V> elementCodec)
    {
        super(name, StateType.LIST);
        this.elementCodec = requireArgument(elementCodec, "elementCodec");
    }

    /** @return how elements are stored. */
    public Codec<V> getElementCodec()
    {
        return elementCodec;
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(elementCodec);
    }
}

package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;

/**
 * Describes a {@link ReducingState}.
 *
 * @param <V> the value type.
 */
public final class ReducingStateDescriptor<V> extends StateDescriptor<ReducingState<V>>
{
    private final ReduceFunction<V> reduceFunction;
    private final Codec<V> valueCodec;

    /**
     * @param name           the state's name.
     * @param reduceFunction how an added value is combined with the stored one.
     * @param valueCodec     how values are stored.
     */
    public ReducingStateDescriptor(
        final String name, final ReduceFunction<V> reduceFunction, final Codec<V> valueCodec)
    {
        super(name, StateType.REDUCING);
        this.reduceFunction = requireArgument(reduceFunction, "reduceFunction");
        this.valueCodec = requireArgument(valueCodec, "valueCodec");
    }

    /** @return how an added value is combined with the stored one. */
    public ReduceFunction<V> getReduceFunction()
    {
        return reduceFunction;
    }

    /** @return how values are stored. */
    public Codec<V> getValueCodec()
    {
        return valueCodec;
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(valueCodec);
    }
}

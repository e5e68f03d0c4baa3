package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;

/**
 * Describes an {@link AggregatingState}: the accumulator is what is stored.
 *
 * @param <IN>  the input type.
 * @param <ACC> the accumulator type.
 * @param <OUT> the result type.
 */
public final class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<AggregatingState<IN, OUT>>
{
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;
    private final Codec<ACC> accumulatorCodec;

    /**
     * @param name              the state's name.
     * @param aggregateFunction how inputs fold into the accumulator.
     * @param accumulatorCodec  how accumulators are stored.
     */
    public AggregatingStateDescriptor(
        final String name,
        final AggregateFunction<IN, ACC, OUT> aggregateFunction,
        final Codec<ACC> accumulatorCodec)
    {
        super(name, StateType.AGGREGATING);
        this.aggregateFunction = requireArgument(aggregateFunction, "aggregateFunction");
        this.accumulatorCodec = requireArgument(accumulatorCodec, "accumulatorCodec");
    }

    /** @return how inputs fold into the accumulator. */
    public AggregateFunction<IN, ACC, OUT> getAggregateFunction()
    {
        return aggregateFunction;
    }

    /** @return how accumulators are stored. */
    public Codec<ACC> getAccumulatorCodec()
    {
        return accumulatorCodec;
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(accumulatorCodec);
    }
}

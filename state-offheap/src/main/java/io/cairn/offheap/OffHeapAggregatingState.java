package io.cairn.offheap;

import io.cairn.codec.Codec;
import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;

/**
 * {@link AggregatingState} off-heap: one record per (key, namespace) holding the encoded accumulator.
 *
 * @param <N>   the namespace type.
 * @param <IN>  the input type.
 * @param <ACC> the accumulator type.
 * @param <OUT> the result type.
 */
final class OffHeapAggregatingState<N, IN, ACC, OUT>
    extends AbstractOffHeapState<N, AggregatingState<IN, OUT>> implements AggregatingState<IN, OUT>
{
    private final StateTable table;
    private final Codec<ACC> accumulatorCodec;
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    OffHeapAggregatingState(
        final OffHeapKeyedStateBackend<?> backend,
        final AggregatingStateDescriptor<IN, ACC, OUT> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.table = backend.newTable();
        this.accumulatorCodec = descriptor.getAccumulatorCodec();
        this.aggregateFunction = descriptor.getAggregateFunction();
    }

    @Override
    StateTable primaryTable()
    {
        return table;
    }

    @Override
    public OUT get()
    {
        final long record = locate(table);
        return record == 0 ? null : aggregateFunction.getResult(readValue(record, accumulatorCodec));
    }

    @Override
    public void add(final IN value)
    {
        if (value == null)
        {
            accessKey();
            throw new IllegalArgumentException("value=null in state \"" + name + "\"; expected a non-null value");
        }
        final long record = locate(table);
        final ACC accumulator = record == 0 ?
            aggregateFunction.createAccumulator() : readValue(record, accumulatorCodec);
        final ACC updated = aggregateFunction.add(value, accumulator);
        final int length = stage(updated, accumulatorCodec, "accumulator");
        upsertStaged(table, accessKey(), length);
    }

    @Override
    public void clear()
    {
        removeValue(table, accessKey());
    }
}

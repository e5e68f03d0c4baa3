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
    private final ValueStorage storage;
    private final Codec<ACC> accumulatorCodec;
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    OffHeapAggregatingState(
        final OffHeapKeyedStateBackend<?> backend,
        final AggregatingStateDescriptor<IN, ACC, OUT> descriptor,
        final ValueStorage storage,
        final Codec<N> namespaceCodec)
    {
        super(backend, descriptor, namespaceCodec);
        this.storage = storage;
        this.accumulatorCodec = descriptor.getAccumulatorCodec();
        this.aggregateFunction = descriptor.getAggregateFunction();
    }

    @Override
    StateStorage storage()
    {
        return storage;
    }

    @Override
    public OUT get()
    {
        final long record = storage.find(keyGroup(), accessKey());
        return record == 0 ? null : aggregateFunction.getResult(readValue(record, accumulatorCodec));
    }

    @Override
    public void add(final IN value)
    {
        final long record = storage.find(keyGroup(), accessKey());
        if (value == null)
        {
            throw new IllegalArgumentException("value=null in state \"" + name + "\"; expected a non-null value");
        }
        final ACC accumulator = record == 0 ?
            aggregateFunction.createAccumulator() : readValue(record, accumulatorCodec);
        final ACC updated = aggregateFunction.add(value, accumulator);
        final int length = stage(updated, accumulatorCodec, "accumulator");
        storage.upsert(keyGroup(), accessKey(), staged(), 0, length);
    }

    @Override
    public void clear()
    {
        storage.remove(keyGroup(), accessKey());
    }
}

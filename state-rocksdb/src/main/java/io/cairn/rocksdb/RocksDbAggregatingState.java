package io.cairn.rocksdb;

import io.cairn.codec.Codec;
import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;

/**
 * {@link AggregatingState} on RocksDB, as read-modify-write of the encoded accumulator.
 *
 * @param <N>   the namespace type.
 * @param <IN>  the input type.
 * @param <ACC> the accumulator type.
 * @param <OUT> the result type.
 */
final class RocksDbAggregatingState<N, IN, ACC, OUT>
    extends AbstractRocksDbState<N, AggregatingState<IN, OUT>> implements AggregatingState<IN, OUT>
{
    private final Codec<ACC> accumulatorCodec;
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    RocksDbAggregatingState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final AggregatingStateDescriptor<IN, ACC, OUT> descriptor,
        final Codec<N> namespaceCodec)
    {
        super(backend, column, descriptor, namespaceCodec);
        this.accumulatorCodec = descriptor.getAccumulatorCodec();
        this.aggregateFunction = descriptor.getAggregateFunction();
    }

    @Override
    public OUT get()
    {
        final int length = read(accessKey());
        return length < 0 ? null : aggregateFunction.getResult(decodeRead(accumulatorCodec, length));
    }

    @Override
    public void add(final IN value)
    {
        final int length = read(accessKey());
        if (value == null)
        {
            throw new IllegalArgumentException("value=null in state \"" + name + "\"; expected a non-null value");
        }
        final ACC accumulator = length < 0 ?
            aggregateFunction.createAccumulator() : decodeRead(accumulatorCodec, length);
        final ACC updated = aggregateFunction.add(value, accumulator);
        final int updatedLength = stage(updated, accumulatorCodec, "accumulator", 0);
        // The function may have used the backend: build the key of this access again.
        writeStaged(accessKey(), updatedLength);
    }

    @Override
    public void clear()
    {
        delete(accessKey());
    }
}

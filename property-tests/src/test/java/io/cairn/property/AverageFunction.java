package io.cairn.property;

import io.cairn.state.AggregateFunction;

/** Averages longs through a {@link CountSum}; never modifies an accumulator in place. */
final class AverageFunction implements AggregateFunction<Long, CountSum, Double>
{
    @Override
    public CountSum createAccumulator()
    {
        return CountSum.EMPTY;
    }

    @Override
    public CountSum add(final Long value, final CountSum accumulator)
    {
        return accumulator.add(value);
    }

    @Override
    public Double getResult(final CountSum accumulator)
    {
        return accumulator.average();
    }

    @Override
    public CountSum merge(final CountSum a, final CountSum b)
    {
        return a.merge(b);
    }
}

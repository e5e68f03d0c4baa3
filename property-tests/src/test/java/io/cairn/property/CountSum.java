package io.cairn.property;

/**
 * The accumulator of the averaging state: how many values were added and their sum. Immutable.
 *
 * @param count how many values.
 * @param sum   their sum (wrapping on overflow, the same in the model and in the backend).
 */
record CountSum(long count, long sum)
{
    /** The accumulator of no values. */
    static final CountSum EMPTY = new CountSum(0, 0);

    CountSum add(final long value)
    {
        return new CountSum(count + 1, sum + value);
    }

    CountSum merge(final CountSum other)
    {
        return new CountSum(count + other.count, sum + other.sum);
    }

    Double average()
    {
        return count == 0 ? null : (double)sum / count;
    }
}

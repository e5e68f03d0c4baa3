package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/**
 * Operations on the appending states: {@code sum} (reducing, no namespace) and {@code avg} (aggregating into a
 * {@link CountSum}, {@code String} namespaces).
 */
final class AppendingOps
{
    private AppendingOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(4, draws -> new SumAdd(draws.value())),
            Gens.weighted(2, draws -> new SumGet()),
            Gens.weighted(1, draws -> new SumClear()),
            Gens.weighted(4, draws -> new AvgAdd(draws.value())),
            Gens.weighted(2, draws -> new AvgGet()),
            Gens.weighted(1, draws -> new AvgClear()));
    }

    /** {@code sum.add(value)}. */
    record SumAdd(long value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.sum().add(value);
            final int namespace = model.namespaceOf(StateId.SUM);
            final Long sum = model.sum().get(namespace, model.currentKey());
            model.sum().put(namespace, model.currentKey(), sum == null ? value : sum + value);
        }

        @Override
        public String toString()
        {
            return "sum.add(" + value + "L)";
        }
    }

    /** {@code sum.get()}: null after a clear. */
    record SumGet() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.sum().get(model.namespaceOf(StateId.SUM), model.currentKey()), sut.sum().get(),
                "sum.get()");
        }

        @Override
        public String toString()
        {
            return "sum.get()";
        }
    }

    /** {@code sum.clear()}. */
    record SumClear() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.sum().clear();
            model.sum().put(model.namespaceOf(StateId.SUM), model.currentKey(), null);
        }

        @Override
        public String toString()
        {
            return "sum.clear()";
        }
    }

    /** {@code avg.add(value)}. */
    record AvgAdd(long value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.avg().add(value);
            final int namespace = model.namespaceOf(StateId.AVG);
            final CountSum accumulator = model.avg().get(namespace, model.currentKey());
            final CountSum previous = accumulator == null ? CountSum.EMPTY : accumulator;
            model.avg().put(namespace, model.currentKey(), previous.add(value));
        }

        @Override
        public String toString()
        {
            return "avg.add(" + value + "L)";
        }
    }

    /** {@code avg.get()}: null after a clear. */
    record AvgGet() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(expectedAverage(model), sut.avg().get(), "avg.get()");
        }

        @Override
        public String toString()
        {
            return "avg.get()";
        }
    }

    /** {@code avg.clear()}. */
    record AvgClear() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.avg().clear();
            model.avg().put(model.namespaceOf(StateId.AVG), model.currentKey(), null);
        }

        @Override
        public String toString()
        {
            return "avg.clear()";
        }
    }

    /** @return what {@code avg.get()} must return for the model's current key and namespace. */
    static Double expectedAverage(final StateModel model)
    {
        final CountSum accumulator = model.avg().get(model.namespaceOf(StateId.AVG), model.currentKey());
        return accumulator == null ? null : accumulator.average();
    }
}

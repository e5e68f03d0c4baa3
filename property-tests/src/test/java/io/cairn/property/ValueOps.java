package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/** Operations on the value states: {@code text} (variable length, no default) and {@code count} (default 0). */
final class ValueOps
{
    private ValueOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(3, draws -> new TextValue()),
            Gens.weighted(6, draws -> new TextUpdate(draws.text())),
            Gens.weighted(1, draws -> new TextUpdate(null)),
            Gens.weighted(1, draws -> new TextClear()),
            Gens.weighted(1, draws -> new CountValue()),
            Gens.weighted(3, draws -> new CountUpdate(draws.value())),
            Gens.weighted(1, draws -> new CountUpdate(null)),
            Gens.weighted(1, draws -> new CountClear()));
    }

    /** {@code text.value()}. */
    record TextValue() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.text().get(model.namespaceOf(StateId.TEXT), model.currentKey()), sut.text().value(),
                "text.value()");
        }

        @Override
        public String toString()
        {
            return "text.value()";
        }
    }

    /** {@code text.update(value)}; null clears. */
    record TextUpdate(String value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.text().update(value);
            model.text().put(model.namespaceOf(StateId.TEXT), model.currentKey(), value);
        }

        @Override
        public String toString()
        {
            return "text.update(" + Show.string(value) + ")";
        }
    }

    /** {@code text.clear()}. */
    record TextClear() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.text().clear();
            model.text().put(model.namespaceOf(StateId.TEXT), model.currentKey(), null);
        }

        @Override
        public String toString()
        {
            return "text.clear()";
        }
    }

    /** {@code count.value()}: the default, 0, when absent. */
    record CountValue() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(expectedCount(model), sut.count().value(), "count.value()");
        }

        @Override
        public String toString()
        {
            return "count.value()";
        }
    }

    /** {@code count.update(value)}; null clears. */
    record CountUpdate(Long value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.count().update(value);
            model.count().put(model.namespaceOf(StateId.COUNT), model.currentKey(), value);
        }

        @Override
        public String toString()
        {
            return "count.update(" + (value == null ? "null" : value + "L") + ")";
        }
    }

    /** {@code count.clear()}. */
    record CountClear() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.count().clear();
            model.count().put(model.namespaceOf(StateId.COUNT), model.currentKey(), null);
        }

        @Override
        public String toString()
        {
            return "count.clear()";
        }
    }

    /** @return what {@code count.value()} must return for the model's current key. */
    static Long expectedCount(final StateModel model)
    {
        final Long value = model.count().get(model.namespaceOf(StateId.COUNT), model.currentKey());
        return value == null ? StateCatalog.COUNT.getDefaultValue() : value;
    }
}

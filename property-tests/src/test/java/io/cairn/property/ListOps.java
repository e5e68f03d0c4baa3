package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/** Operations on the list state {@code list} (variable-length elements, {@code String} namespaces). */
final class ListOps
{
    private ListOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(3, draws -> new ListGet()),
            Gens.weighted(5, draws -> new ListAdd(draws.text())),
            Gens.weighted(3, draws -> new ListAddAll(draws.texts())),
            Gens.weighted(2, draws -> new ListUpdate(draws.texts())),
            Gens.weighted(1, draws -> new ListUpdate(List.of())),
            Gens.weighted(1, draws -> new ListClear()));
    }

    /** {@code list.get()}. */
    record ListGet() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            assertEquals(model.currentList(), sut.list().get(), "list.get()");
        }

        @Override
        public String toString()
        {
            return "list.get()";
        }
    }

    /** {@code list.add(value)}; also checks that a list read before it does not change. */
    record ListAdd(String value) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            final List<String> expectedBefore = model.currentList();
            final List<String> before = sut.list().get();
            sut.list().add(value);
            model.currentList(appended(expectedBefore, List.of(value)));
            assertEquals(expectedBefore, before, "a list returned by list.get() changed with a later add");
        }

        @Override
        public String toString()
        {
            return "list.add(" + Show.string(value) + ")";
        }
    }

    /** {@code list.addAll(values)}; an empty list adds nothing. */
    record ListAddAll(List<String> values) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.list().addAll(values);
            model.currentList(appended(model.currentList(), values));
        }

        @Override
        public String toString()
        {
            return "list.addAll(" + Show.strings(values) + ")";
        }
    }

    /** {@code list.update(values)}; an empty list clears. */
    record ListUpdate(List<String> values) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.list().update(values);
            model.currentList(values);
        }

        @Override
        public String toString()
        {
            return "list.update(" + Show.strings(values) + ")";
        }
    }

    /** {@code list.clear()}. */
    record ListClear() implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.list().clear();
            model.currentList(List.of());
        }

        @Override
        public String toString()
        {
            return "list.clear()";
        }
    }

    static List<String> appended(final List<String> list, final List<String> values)
    {
        final List<String> result = new ArrayList<>(list);
        result.addAll(values);
        return result;
    }
}

package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

/**
 * Comparisons of the whole observable state with the model: cheaply, the current key in the current namespace;
 * fully, every key of {@link Gens#KEY_POOL} in every namespace, and {@code getKeys} of every state and namespace.
 */
final class Checks
{
    private Checks()
    {
    }

    /** Compares every state of the current key, in the current namespace, with the model. */
    static void currentKey(final BackendUnderTest sut, final StateModel model)
    {
        assertEquals(Long.valueOf(model.currentKey()), sut.backend().getCurrentKey(), "getCurrentKey()");
        compareAt(sut, model, model.currentKey(), model.namespaceIndex(), true);
    }

    /**
     * Compares every state of every key in every namespace, the count of every key that has one (filled keys
     * too), and every getKeys, with the model.
     */
    static void everything(final BackendUnderTest sut, final StateModel model)
    {
        for (final Map.Entry<Long, Long> entry : model.count().snapshot(0).entrySet())
        {
            sut.backend().setCurrentKey(entry.getKey());
            assertEquals(entry.getValue(), sut.count().value(), "count.value() at key=" + entry.getKey() + "L");
        }
        for (final long key : Gens.KEY_POOL)
        {
            sut.backend().setCurrentKey(key);
            for (int index = 0; index < StateCatalog.NAMESPACE_COUNT; index++)
            {
                sut.pointNamespaces(index);
                compareAt(sut, model, key, index, index == 0);
            }
        }
        for (final StateId state : StateId.values())
        {
            final int namespaces = state.isNamespaced() ? StateCatalog.NAMESPACE_COUNT : 1;
            for (int index = 0; index < namespaces; index++)
            {
                assertEquals(model.table(state).keys(index), BulkOps.keysOf(sut.backend(), state, index),
                    "getKeys(\"" + state.stateName() + "\", " + Show.namespaceValue(state.namespace(index)) + ")");
            }
        }
        sut.backend().setCurrentKey(model.currentKey());
        sut.pointNamespaces(model.namespaceIndex());
    }

    private static void compareAt(
        final BackendUnderTest sut,
        final StateModel model,
        final long key,
        final int index,
        final boolean withNamespacelessStates)
    {
        final String at = " at key=" + key + "L, namespace " + Show.namespace(index);
        assertEquals(model.text().get(index, key), sut.text().value(), "text.value()" + at);

        final List<String> list = model.list().get(index, key);
        assertEquals(list == null ? List.of() : list, sut.list().get(), "list.get()" + at);

        final Map<Integer, String> map = model.map().get(index, key);
        final Map<Integer, String> expectedMap = map == null ? Map.of() : map;
        assertEquals(expectedMap, MapOps.entriesOf(sut.map()), "map.entries()" + at);
        assertEquals(expectedMap.isEmpty(), sut.map().isEmpty(), "map.isEmpty()" + at);

        final CountSum accumulator = model.avg().get(index, key);
        assertEquals(accumulator == null ? null : accumulator.average(), sut.avg().get(), "avg.get()" + at);

        if (withNamespacelessStates)
        {
            final Long count = model.count().get(0, key);
            assertEquals(count == null ? StateCatalog.COUNT.getDefaultValue() : count, sut.count().value(),
                "count.value()" + at);
            assertEquals(model.sum().get(0, key), sut.sum().get(), "sum.get()" + at);
        }
    }
}

package io.cairn.property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cairn.backend.KeyedStateBackend;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * One write of one key into one state of {@link StateCatalog}, made to a bare backend and to the model alike: how
 * the rescale and corruption properties fill state. Each write draws the same things whatever state it picks, so a
 * list of them shrinks write by write.
 *
 * @param key            the key.
 * @param state          the state written.
 * @param namespaceIndex the namespace index, {@code 0..3} (ignored by states without namespaces).
 * @param value          the long to store or add; its low three bits are the map key of a map write.
 * @param text           the text to store, append or put.
 */
record SnapshotWrite(long key, StateId state, int namespaceIndex, long value, String text)
{
    /**
     * @param keys the keys to write.
     * @return writes of any state, shrinking towards a {@code text} write in namespace index 0.
     */
    static Gen<SnapshotWrite> writes(final Gen<Long> keys)
    {
        return keys.zip(
            Generate.range(0, StateId.values().length - 1).map(ordinal -> StateId.values()[ordinal]),
            Gens.namespaceIndexes(),
            Gens.longs(),
            Gens.texts(),
            SnapshotWrite::new);
    }

    /**
     * Makes the key current in {@code backend} and writes it there and into {@code model}.
     *
     * @param backend a backend that owns the key's key group.
     * @param model   the model.
     */
    void apply(final KeyedStateBackend<Long> backend, final StateModel model)
    {
        backend.setCurrentKey(key);
        final int index = state.modelNamespace(namespaceIndex);
        switch (state)
        {
            case TEXT ->
            {
                SnapshotStates.text(backend, index).update(text);
                model.text().put(index, key, text);
            }
            case COUNT ->
            {
                SnapshotStates.count(backend).update(value);
                model.count().put(index, key, value);
            }
            case LIST ->
            {
                SnapshotStates.list(backend, index).add(text);
                final List<String> list = model.list().get(index, key);
                final List<String> appended = list == null ? new ArrayList<>() : new ArrayList<>(list);
                appended.add(text);
                model.list().put(index, key, List.copyOf(appended));
            }
            case MAP ->
            {
                SnapshotStates.map(backend, index).put(mapKey(), text);
                final Map<Integer, String> map = model.map().get(index, key);
                final Map<Integer, String> put = map == null ? new HashMap<>() : new HashMap<>(map);
                put.put(mapKey(), text);
                model.map().put(index, key, Map.copyOf(put));
            }
            case SUM ->
            {
                SnapshotStates.sum(backend).add(value);
                final Long sum = model.sum().get(index, key);
                model.sum().put(index, key, sum == null ? value : sum + value);
            }
            case AVG ->
            {
                SnapshotStates.avg(backend, index).add(value);
                final CountSum accumulator = model.avg().get(index, key);
                model.avg().put(index, key, (accumulator == null ? CountSum.EMPTY : accumulator).add(value));
            }
        }
    }

    private int mapKey()
    {
        return (int)(value & 7);
    }

    @Override
    public String toString()
    {
        final String at = "key=" + key + "L: ";
        final String namespace = Show.namespaceValue(state.namespace(namespaceIndex));
        return switch (state)
        {
            case TEXT -> at + "text[" + namespace + "].update(" + Show.string(text) + ")";
            case COUNT -> at + "count.update(" + value + "L)";
            case LIST -> at + "list[" + namespace + "].add(" + Show.string(text) + ")";
            case MAP -> at + "map[" + namespace + "].put(" + mapKey() + ", " + Show.string(text) + ")";
            case SUM -> at + "sum.add(" + value + "L)";
            case AVG -> at + "avg[" + namespace + "].add(" + value + "L)";
        };
    }
}

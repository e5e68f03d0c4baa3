package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;

import io.cairn.keygroup.KeyGroupRangeAssignment;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;

/** Operations that move the backend's cursor: the current key and the current namespace. */
final class KeyOps
{
    private KeyOps()
    {
    }

    /** @return the operations with their weights. */
    static List<Pair<Integer, Gen<Function<Draws, Op>>>> weighted()
    {
        return List.of(
            Gens.weighted(10, draws -> new SetKey(draws.key(), draws.choice() % 3 == 2)),
            Gens.weighted(5, draws -> new SetNamespace(draws.namespaceIndex())));
    }

    /**
     * Makes {@code key} current, by {@code setCurrentKey} or (the host computing the key group itself) by
     * {@code setCurrentKeyAndKeyGroup}.
     */
    record SetKey(long key, boolean hostKeyGroup) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            final int keyGroup =
                KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), sut.backend().getNumberOfKeyGroups());
            if (hostKeyGroup)
            {
                sut.backend().setCurrentKeyAndKeyGroup(key, keyGroup);
            }
            else
            {
                sut.backend().setCurrentKey(key);
            }
            model.currentKey(key);
            assertEquals(Long.valueOf(key), sut.backend().getCurrentKey(), "getCurrentKey()");
            assertEquals(keyGroup, sut.backend().getCurrentKeyGroupIndex(), "getCurrentKeyGroupIndex()");
        }

        @Override
        public String toString()
        {
            return hostKeyGroup ? "setCurrentKeyAndKeyGroup(" + key + "L, <its key group>)" :
                "setCurrentKey(" + key + "L)";
        }
    }

    /** Points every namespaced state at the namespace of one index. */
    record SetNamespace(int index) implements Op
    {
        @Override
        public void run(final BackendUnderTest sut, final StateModel model)
        {
            sut.pointNamespaces(index);
            model.namespaceIndex(index);
        }

        @Override
        public String toString()
        {
            return "setNamespace(" + Show.namespace(index) + ")";
        }
    }
}

package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * A backend of subtask {@code i} of {@code p} owns {@code computeKeyGroupRangeForOperatorIndex(maxP, p, i)}: it
 * accepts exactly the keys whose key group lies there, rejects every other key with
 * {@link IllegalArgumentException}, and a rejection changes neither the current key nor any state.
 */
class KeyGroupOwnershipPropertyTest
{
    private static final int EXAMPLES = 300;
    private static final int ROCKSDB_EXAMPLES = 50;

    private static final ValueStateDescriptor<Long> OWNED = new ValueStateDescriptor<>("owned", LongCodec.INSTANCE);

    @ParameterizedTest(name = "{0}")
    @MethodSource(Backends.ALL)
    void shouldAcceptExactlyTheKeysOfItsKeyGroups(final String backendName)
    {
        qt()
            .withExamples(Backends.examples(backendName, EXAMPLES, ROCKSDB_EXAMPLES))
            .forAll(Subtask.subtasks())
            .checkAssert(subtask -> subtask.check(backendName));
    }

    /**
     * One subtask and the keys thrown at it.
     *
     * @param maxParallelism the number of key groups.
     * @param parallelism    the number of subtasks.
     * @param operatorIndex  this subtask.
     * @param keys           the keys to set, in order; some repeat.
     */
    record Subtask(int maxParallelism, int parallelism, int operatorIndex, List<Long> keys)
    {
        static Gen<Subtask> subtasks()
        {
            final Gen<Long> keys = Generate.frequency(
                Pair.of(3, Generate.longRange(-1000, 1000)),
                Pair.of(1, SourceDSL.longs().all()));
            final Gen<List<Long>> keyLists = lists().of(keys).ofSizeBetween(1, 40);
            return Generate.pick(List.of(128, 37, 1)).flatMap(maxParallelism ->
                Generate.range(1, Math.min(8, maxParallelism)).flatMap(parallelism ->
                    Generate.range(0, parallelism - 1).zip(keyLists, (operatorIndex, keyList) ->
                        new Subtask(maxParallelism, parallelism, operatorIndex, keyList))));
        }

        void check(final String backendName)
        {
            final KeyGroupRange range = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, parallelism, operatorIndex);
            try (KeyedStateBackend<Long> backend = Backends.open(backendName, maxParallelism, range))
            {
                assertEquals(range, backend.getKeyGroupRange(), "getKeyGroupRange()");
                assertEquals(maxParallelism, backend.getNumberOfKeyGroups(), "getNumberOfKeyGroups()");
                final ValueState<Long> state =
                    backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, OWNED);
                final Map<Long, Long> model = new HashMap<>();
                Long currentKey = null;
                int currentKeyGroup = -1;
                for (int i = 0; i < keys.size(); i++)
                {
                    final Long key = keys.get(i);
                    final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(key.hashCode(), maxParallelism);
                    final String what = "key=" + key + "L in keyGroup=" + keyGroup + " of " + range;
                    if (range.contains(keyGroup))
                    {
                        if ((i & 1) == 0)
                        {
                            backend.setCurrentKey(key);
                        }
                        else
                        {
                            backend.setCurrentKeyAndKeyGroup(key, keyGroup);
                        }
                        currentKey = key;
                        currentKeyGroup = keyGroup;
                        assertEquals(key, backend.getCurrentKey(), what);
                        assertEquals(keyGroup, backend.getCurrentKeyGroupIndex(), what);
                        assertEquals(model.get(key), state.value(), what);
                        state.update((long)i);
                        model.put(key, (long)i);
                    }
                    else
                    {
                        assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKey(key),
                            "setCurrentKey, " + what);
                        assertThrows(IllegalArgumentException.class,
                            () -> backend.setCurrentKeyAndKeyGroup(key, keyGroup), "setCurrentKeyAndKeyGroup, " + what);
                        assertEquals(currentKey, backend.getCurrentKey(), "current key after rejecting " + what);
                        assertEquals(currentKeyGroup, backend.getCurrentKeyGroupIndex(),
                            "current key group after rejecting " + what);
                        if (currentKey != null)
                        {
                            assertEquals(model.get(currentKey), state.value(), "state after rejecting " + what);
                        }
                    }
                }
                checkOutOfRangeKeyGroups(backend, currentKey, currentKeyGroup);
                assertEquals(model.keySet(), keysOf(backend), "getKeys(\"owned\", VoidNamespace)");
                for (final Map.Entry<Long, Long> entry : model.entrySet())
                {
                    backend.setCurrentKey(entry.getKey());
                    assertEquals(entry.getValue(), state.value(), "value of key=" + entry.getKey() + "L");
                }
            }
        }

        private void checkOutOfRangeKeyGroups(
            final KeyedStateBackend<Long> backend, final Long currentKey, final int currentKeyGroup)
        {
            for (final int keyGroup : new int[]{ -1, maxParallelism })
            {
                assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKeyAndKeyGroup(0L, keyGroup),
                    "setCurrentKeyAndKeyGroup(0L, " + keyGroup + ") with maxParallelism=" + maxParallelism);
            }
            assertEquals(currentKey, backend.getCurrentKey(), "current key after rejecting a bad key group");
            assertEquals(currentKeyGroup, backend.getCurrentKeyGroupIndex(),
                "current key group after rejecting a bad key group");
        }

        private static Set<Long> keysOf(final KeyedStateBackend<Long> backend)
        {
            try (Stream<Long> keys = backend.getKeys(OWNED.getName(), VoidNamespace.INSTANCE))
            {
                return Set.copyOf(keys.toList());
            }
        }

        @Override
        public String toString()
        {
            return "Subtask{maxParallelism=" + maxParallelism + ", parallelism=" + parallelism + ", operatorIndex=" +
                operatorIndex + " owns " + KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                maxParallelism, parallelism, operatorIndex) + ", keys=" + keys + "}";
        }
    }
}

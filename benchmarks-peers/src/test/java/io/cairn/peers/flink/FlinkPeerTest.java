package io.cairn.peers.flink;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlinkPeerTest
{
    @ParameterizedTest
    @ValueSource(strings = { FlinkHashMapStateBackendFactory.NAME, FlinkRocksDbStateBackendFactory.NAME })
    void shouldKeepValueStatePerKey(final String name)
    {
        try (KeyedStateBackend<Long> backend = open(name))
        {
            final ValueState<Long> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceCodec.INSTANCE, new ValueStateDescriptor<>("value", LongCodec.INSTANCE));
            for (long key = 0; key < 1000; key++)
            {
                backend.setCurrentKey(key);
                state.update(key * 7);
            }
            backend.setCurrentKey(42L);
            assertEquals(294L, state.value());
            assertEquals(
                KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(42L), 128), backend.getCurrentKeyGroupIndex());
            state.clear();
            assertNull(state.value());
            backend.setCurrentKey(1000L);
            assertNull(state.value());
            backend.setCurrentKey(999L);
            assertEquals(6993L, state.value());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { FlinkHashMapStateBackendFactory.NAME, FlinkRocksDbStateBackendFactory.NAME })
    void shouldKeepMapStatePerKey(final String name)
    {
        try (KeyedStateBackend<Long> backend = open(name))
        {
            final MapState<Long, Long> state = backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceCodec.INSTANCE,
                new MapStateDescriptor<>("map", LongCodec.INSTANCE, LongCodec.INSTANCE));
            backend.setCurrentKey(1L);
            state.put(10L, 100L);
            state.put(11L, 110L);
            backend.setCurrentKey(2L);
            assertTrue(state.isEmpty());
            state.put(10L, 200L);

            backend.setCurrentKey(1L);
            assertEquals(100L, state.get(10L));
            assertTrue(state.contains(11L));
            final Map<Long, Long> entries = new HashMap<>();
            final Iterator<Map.Entry<Long, Long>> iterator = state.iterator();
            while (iterator.hasNext())
            {
                final Map.Entry<Long, Long> entry = iterator.next();
                entries.put(entry.getKey(), entry.getValue());
            }
            assertEquals(Map.of(10L, 100L, 11L, 110L), entries);
            state.remove(11L);
            assertFalse(state.contains(11L));
            assertNull(state.get(12L));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { FlinkHashMapStateBackendFactory.NAME, FlinkRocksDbStateBackendFactory.NAME })
    void shouldKeepListStatePerKey(final String name)
    {
        try (KeyedStateBackend<Long> backend = open(name))
        {
            final ListState<Long> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceCodec.INSTANCE, new ListStateDescriptor<>("list", LongCodec.INSTANCE));
            backend.setCurrentKey(5L);
            assertEquals(List.of(), state.get());
            state.update(List.of(1L, 2L));
            state.add(3L);
            state.addAll(List.of(4L, 5L));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), state.get());
            backend.setCurrentKey(6L);
            assertEquals(List.of(), state.get());
            backend.setCurrentKey(5L);
            state.clear();
            assertEquals(List.of(), state.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { FlinkHashMapStateBackendFactory.NAME, FlinkRocksDbStateBackendFactory.NAME })
    void shouldRejectWhatIsNotAdaptedAndUseAfterClose(final String name)
    {
        final KeyedStateBackend<Long> backend = open(name);
        final UnsupportedOperationException reducing = assertThrows(UnsupportedOperationException.class,
            () -> backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                new ReducingStateDescriptor<>("sum", Long::sum, LongCodec.INSTANCE)));
        assertTrue(reducing.getMessage().contains("state type=REDUCING"), reducing.getMessage());
        final UnsupportedOperationException memory =
            assertThrows(UnsupportedOperationException.class, backend::getApproximateMemoryUsage);
        assertTrue(memory.getMessage().startsWith("getApproximateMemoryUsage is not adapted: the " + name),
            memory.getMessage());
        backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
            new ValueStateDescriptor<>("count", LongCodec.INSTANCE));
        assertThrows(IncompatibleStateException.class, () -> backend.getPartitionedState(VoidNamespace.INSTANCE,
            VoidNamespaceCodec.INSTANCE, new ListStateDescriptor<>("count", LongCodec.INSTANCE)));

        backend.close();
        backend.close();
        assertThrows(IllegalStateException.class, () -> backend.setCurrentKey(1L));
    }

    private static KeyedStateBackend<Long> open(final String name)
    {
        return StateBackendLoader.loadStateBackendFromConfig(Map.of(StateBackendLoader.STATE_BACKEND_TYPE, name))
            .createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                .numberOfKeyGroups(128)
                .memoryBudgetBytes(64L << 20)
                .build());
    }
}

package io.cairn.peers.chronicle;

import java.util.HashMap;
import java.util.Map;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronicleMapPeerTest
{
    @Test
    void shouldKeepOneValuePerKey()
    {
        try (KeyedStateBackend<Long> backend = open(Map.of(ChronicleMapStateBackendFactory.ENTRIES, "10000")))
        {
            final ValueState<Long> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceCodec.INSTANCE, new ValueStateDescriptor<>("value", LongCodec.INSTANCE));
            for (long key = 0; key < 1000; key++)
            {
                backend.setCurrentKey(key);
                state.update(-key);
            }
            backend.setCurrentKey(500L);
            assertEquals(-500L, state.value());
            state.update(null);
            assertNull(state.value());
            backend.setCurrentKey(1000L);
            assertNull(state.value());
            backend.setCurrentKey(999L);
            assertEquals(-999L, state.value());
            assertTrue(backend.getApproximateMemoryUsage() > 0);
        }
    }

    @Test
    void shouldRejectAnythingButLongValueState()
    {
        try (KeyedStateBackend<Long> backend = open(Map.of()))
        {
            final UnsupportedOperationException map = assertThrows(UnsupportedOperationException.class,
                () -> backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                    new MapStateDescriptor<>("map", LongCodec.INSTANCE, LongCodec.INSTANCE)));
            assertTrue(map.getMessage().contains("only value state of LongCodec values"), map.getMessage());
            assertThrows(UnsupportedOperationException.class,
                () -> backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                    new ValueStateDescriptor<>("text", StringCodec.INSTANCE)));
        }
        assertThrows(UnsupportedOperationException.class, () -> StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, ChronicleMapStateBackendFactory.NAME))
            .createKeyedStateBackend(KeyedStateBackendParameters.builder(StringCodec.INSTANCE).build()));
    }

    @Test
    void shouldRejectABadNumberOfEntries()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> open(Map.of(ChronicleMapStateBackendFactory.ENTRIES, "0")));
        assertEquals("chronicle-map.entries=0; expected a positive number", ex.getMessage());
    }

    private static KeyedStateBackend<Long> open(final Map<String, String> options)
    {
        final Map<String, String> config = new HashMap<>(options);
        config.put(StateBackendLoader.STATE_BACKEND_TYPE, ChronicleMapStateBackendFactory.NAME);
        return StateBackendLoader.loadStateBackendFromConfig(config)
            .createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build());
    }
}

package io.cairn.offheap;

import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The primitive key setter reaches exactly the state the boxed one does. */
class OffHeapLongKeyTest
{
    @Test
    void shouldSetTheSameKeyAndKeyGroupAsTheBoxedSetter()
    {
        try (OffHeapKeyedStateBackend<Long> backend = new OffHeapKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).numberOfKeyGroups(37).build()))
        {
            final LongValueState state = backend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, new LongValueStateDescriptor("v"));
            for (long key = -500; key < 500; key += 7)
            {
                backend.setCurrentKey(Long.valueOf(key));
                state.updateLong(key * 3);
            }
            for (long key = -500; key < 500; key += 7)
            {
                backend.setCurrentKey(key);
                assertEquals(KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), 37),
                    backend.getCurrentKeyGroupIndex());
                assertEquals(key, backend.getCurrentKey());
                assertEquals(key * 3, state.getLong(0));
            }
        }
    }

    @Test
    void shouldRefuseAKeyOutsideTheRangeAndOtherKeyCodecs()
    {
        try (OffHeapKeyedStateBackend<Long> backend = new OffHeapKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).numberOfKeyGroups(128)
                .keyGroupRange(KeyGroupRange.of(0, 0)).build());
            OffHeapKeyedStateBackend<String> strings = new OffHeapKeyedStateBackend<>(
                KeyedStateBackendParameters.builder(StringCodec.INSTANCE).build()))
        {
            long outside = 0;
            while (KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(outside), 128) == 0)
            {
                outside++;
            }
            final long key = outside;
            assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKey(key));
            assertEquals(-1, backend.getCurrentKeyGroupIndex());
            assertThrows(IllegalStateException.class, () -> strings.setCurrentKey(1L));
        }
    }
}

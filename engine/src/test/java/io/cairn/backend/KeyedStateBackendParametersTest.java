package io.cairn.backend;

import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.keygroup.KeyGroupRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The defaults and the validation of {@link KeyedStateBackendParameters.Builder}. */
class KeyedStateBackendParametersTest
{
    @Test
    void shouldDefaultToAllKeyGroupsOf128AndDocumentedLimits()
    {
        final KeyedStateBackendParameters<Long> parameters = KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .build();

        assertSame(LongCodec.INSTANCE, parameters.getKeyCodec());
        assertEquals(128, parameters.getNumberOfKeyGroups());
        assertEquals(KeyGroupRange.of(0, 127), parameters.getKeyGroupRange());
        assertEquals(256L << 20, parameters.getMemoryBudgetBytes());
        assertEquals(64 << 10, parameters.getMaxKeyLength());
        assertEquals(16 << 20, parameters.getMaxValueLength());
        assertEquals(KeyedStateBackendParameters.DEFAULT_MEMORY_BUDGET_BYTES, parameters.getMemoryBudgetBytes());
        assertEquals(KeyedStateBackendParameters.DEFAULT_MAX_KEY_LENGTH, parameters.getMaxKeyLength());
        assertEquals(KeyedStateBackendParameters.DEFAULT_MAX_VALUE_LENGTH, parameters.getMaxValueLength());
    }

    @Test
    void shouldDefaultRangeToAllKeyGroupsOfConfiguredNumber()
    {
        final KeyedStateBackendParameters<Long> parameters = KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(37)
            .build();

        assertEquals(KeyGroupRange.of(0, 36), parameters.getKeyGroupRange());
    }

    @Test
    void shouldKeepEverySetting()
    {
        final KeyedStateBackendParameters<String> parameters =
            KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
                .keyGroupRange(KeyGroupRange.of(10, 20))
                .numberOfKeyGroups(256)
                .memoryBudgetBytes(1 << 20)
                .maxKeyLength(100)
                .maxValueLength(1000)
                .build();

        assertSame(StringCodec.INSTANCE, parameters.getKeyCodec());
        assertEquals(KeyGroupRange.of(10, 20), parameters.getKeyGroupRange());
        assertEquals(256, parameters.getNumberOfKeyGroups());
        assertEquals(1 << 20, parameters.getMemoryBudgetBytes());
        assertEquals(100, parameters.getMaxKeyLength());
        assertEquals(1000, parameters.getMaxValueLength());
        assertTrue(parameters.toString().contains("keyGroupRange=" + KeyGroupRange.of(10, 20)), parameters.toString());
        assertTrue(parameters.toString().contains("memoryBudgetBytes=1048576"), parameters.toString());
    }

    @Test
    void shouldAcceptBoundaryValues()
    {
        final KeyedStateBackendParameters<Long> parameters = KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(1)
            .keyGroupRange(KeyGroupRange.of(0, 0))
            .memoryBudgetBytes(65536)
            .maxKeyLength(1)
            .maxValueLength(1)
            .build();

        assertEquals(1, parameters.getNumberOfKeyGroups());
        KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(32768)
            .maxKeyLength(1 << 24)
            .maxValueLength(1 << 30)
            .build();
    }

    @Test
    void shouldRejectNullKeyCodec()
    {
        assertMessageContains("keyCodec=null", () -> KeyedStateBackendParameters.builder(null));
    }

    @Test
    void shouldRejectNumberOfKeyGroupsOutsideBounds()
    {
        assertMessageContains("maxParallelism=0", () -> builder().numberOfKeyGroups(0));
        assertMessageContains("maxParallelism=32769", () -> builder().numberOfKeyGroups(32769));
    }

    @Test
    void shouldRejectNullOrEmptyKeyGroupRange()
    {
        assertMessageContains("keyGroupRange=null", () -> builder().keyGroupRange(null));
        assertMessageContains("keyGroupRange=", () -> builder().keyGroupRange(KeyGroupRange.EMPTY));
    }

    @Test
    void shouldRejectKeyGroupRangeBeyondNumberOfKeyGroups()
    {
        assertMessageContains("numberOfKeyGroups=128",
            () -> builder().keyGroupRange(KeyGroupRange.of(100, 128)).build());
        assertMessageContains("numberOfKeyGroups=37",
            () -> builder().keyGroupRange(KeyGroupRange.of(0, 127)).numberOfKeyGroups(37).build());
    }

    @Test
    void shouldRejectMemoryBudgetBelow64KiB()
    {
        assertMessageContains("memoryBudgetBytes=65535", () -> builder().memoryBudgetBytes(65535));
        assertMessageContains("memoryBudgetBytes=-1", () -> builder().memoryBudgetBytes(-1));
    }

    @Test
    void shouldRejectMaxKeyLengthOutsideBounds()
    {
        assertMessageContains("maxKeyLength=0", () -> builder().maxKeyLength(0));
        assertMessageContains("maxKeyLength=16777217", () -> builder().maxKeyLength((1 << 24) + 1));
    }

    @Test
    void shouldRejectMaxValueLengthOutsideBounds()
    {
        assertMessageContains("maxValueLength=0", () -> builder().maxValueLength(0));
        assertMessageContains("maxValueLength=1073741825", () -> builder().maxValueLength((1 << 30) + 1));
    }

    private static KeyedStateBackendParameters.Builder<Long> builder()
    {
        return KeyedStateBackendParameters.builder(LongCodec.INSTANCE);
    }

    private static void assertMessageContains(final String expected, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(ex.getMessage() != null && ex.getMessage().contains(expected),
            "message=" + ex.getMessage() + "; expected it to contain " + expected);
    }
}

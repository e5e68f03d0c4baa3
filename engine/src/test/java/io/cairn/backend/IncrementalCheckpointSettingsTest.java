package io.cairn.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class IncrementalCheckpointSettingsTest
{
    @Test
    void shouldTakeTheDefaultsForAbsentKeys()
    {
        final IncrementalCheckpointSettings settings = IncrementalCheckpointSettings.fromConfig(Map.of(), true);
        assertTrue(settings.isEnabled());
        assertEquals(IncrementalCheckpointSettings.DEFAULT_MAX_DELTA_CHAIN_LENGTH, settings.maxDeltaChainLength());
        assertEquals(IncrementalCheckpointSettings.DEFAULT_REBASE_THRESHOLD, settings.rebaseThreshold());
        assertFalse(IncrementalCheckpointSettings.fromConfig(Map.of(), false).isEnabled());
    }

    @Test
    void shouldReadEveryKey()
    {
        final IncrementalCheckpointSettings settings = IncrementalCheckpointSettings.fromConfig(Map.of(
            IncrementalCheckpointSettings.INCREMENTAL, " FALSE ",
            IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, "7",
            IncrementalCheckpointSettings.REBASE_THRESHOLD, "0.5"), true);
        assertFalse(settings.isEnabled());
        assertEquals(7, settings.maxDeltaChainLength());
        assertEquals(0.5, settings.rebaseThreshold());
    }

    @Test
    void shouldNameTheKeyAndTheValueOfABadSetting()
    {
        assertBad(IncrementalCheckpointSettings.INCREMENTAL, "yes", "expected true or false");
        assertBad(IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, "four", "expected an integer from 0 to 64");
        assertBad(IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, "-1", "expected an integer from 0 to 64");
        assertBad(IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, "65", "expected an integer from 0 to 64");
        assertBad(IncrementalCheckpointSettings.REBASE_THRESHOLD, "0", "greater than 0");
        assertBad(IncrementalCheckpointSettings.REBASE_THRESHOLD, "NaN", "greater than 0");
        assertBad(IncrementalCheckpointSettings.REBASE_THRESHOLD, "11", "at most 10.0");
        assertBad(IncrementalCheckpointSettings.REBASE_THRESHOLD, "half", "greater than 0");
    }

    private static void assertBad(final String key, final String value, final String expected)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> IncrementalCheckpointSettings.fromConfig(Map.of(key, value), true));
        assertTrue(ex.getMessage().startsWith(key + "=" + value + ";"), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}

package io.cairn.examples.pipeline;

import java.util.ArrayList;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyGroupPositionsTest
{
    private static final int MAX_PARALLELISM = 128;

    @Test
    void shouldStartAtZeroWithNothingRestored()
    {
        final KeyGroupPositions positions = KeyGroupPositions.restore(range(0, 2), List.of());

        assertEquals(0, positions.lowest());
        assertEquals(0, positions.highest());
        assertEquals(0, positions.position(5));
    }

    @Test
    void shouldGiveEachNewSubtaskThePositionsOfTheKeyGroupsItOwnsAfterARescale()
    {
        // Two old subtasks, stopped at different positions, in one checkpoint; then three new ones.
        final List<Long> union = new ArrayList<>();
        union.addAll(KeyGroupPositions.restore(range(0, 2), List.of()).encode(1_000));
        union.addAll(KeyGroupPositions.restore(range(1, 2), List.of()).encode(2_000));

        final KeyGroupPositions middle = KeyGroupPositions.restore(range(1, 3), union);
        final KeyGroupRange middleRange = range(1, 3);
        for (final int keyGroup : middleRange)
        {
            assertEquals(keyGroup < 64 ? 1_000 : 2_000, middle.position(keyGroup), "keyGroup " + keyGroup);
        }
        assertEquals(1_000, middle.lowest());
        assertEquals(2_000, middle.highest());
    }

    @Test
    void shouldNeverStoreAPositionBelowTheRestoredOne()
    {
        final List<Long> union = new ArrayList<>(KeyGroupPositions.restore(range(0, 2), List.of()).encode(1_000));
        union.addAll(KeyGroupPositions.restore(range(1, 2), List.of()).encode(5_000));
        final KeyGroupPositions restored = KeyGroupPositions.restore(range(0, 1), union);

        // Read up to 3,000: the key groups restored at 5,000 still count up to 5,000, not 3,000.
        final KeyGroupPositions again = KeyGroupPositions.restore(range(0, 1), restored.encode(3_000));
        assertEquals(3_000, again.position(0));
        assertEquals(5_000, again.position(127));
    }

    @Test
    void shouldRefuseIncompleteOrDuplicatePositions()
    {
        final List<Long> half = KeyGroupPositions.restore(range(0, 2), List.of()).encode(10);
        final IllegalStateException missing =
            assertThrows(IllegalStateException.class, () -> KeyGroupPositions.restore(range(0, 1), half));
        assertTrue(missing.getMessage().contains("has no restored position"), missing.getMessage());

        final List<Long> twice = new ArrayList<>(half);
        twice.addAll(half);
        final IllegalStateException duplicate =
            assertThrows(IllegalStateException.class, () -> KeyGroupPositions.restore(range(0, 2), twice));
        assertTrue(duplicate.getMessage().contains("has two restored positions"), duplicate.getMessage());
    }

    private static KeyGroupRange range(final int index, final int parallelism)
    {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, index);
    }
}

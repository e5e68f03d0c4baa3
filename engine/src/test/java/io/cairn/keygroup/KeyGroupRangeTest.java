package io.cairn.keygroup;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value semantics of {@link KeyGroupRange}. */
class KeyGroupRangeTest
{
    @Test
    void shouldHoldInclusiveBounds()
    {
        final KeyGroupRange range = KeyGroupRange.of(10, 20);

        assertEquals(10, range.getStartKeyGroup());
        assertEquals(20, range.getEndKeyGroup());
        assertEquals(11, range.getNumberOfKeyGroups());
        assertFalse(range.isEmpty());
    }

    @Test
    void shouldAllowSingleKeyGroupRange()
    {
        final KeyGroupRange range = KeyGroupRange.of(0, 0);

        assertEquals(1, range.getNumberOfKeyGroups());
        assertTrue(range.contains(0));
        assertFalse(range.contains(1));
    }

    @Test
    void shouldContainExactlyItsKeyGroups()
    {
        final KeyGroupRange range = KeyGroupRange.of(10, 20);

        assertFalse(range.contains(9));
        assertTrue(range.contains(10));
        assertTrue(range.contains(15));
        assertTrue(range.contains(20));
        assertFalse(range.contains(21));
        assertFalse(range.contains(-1));
        assertFalse(range.contains(Integer.MIN_VALUE));
        assertFalse(range.contains(Integer.MAX_VALUE));
    }

    @Test
    void shouldHaveEmptyRangeContainingNothing()
    {
        assertTrue(KeyGroupRange.EMPTY.isEmpty());
        assertEquals(0, KeyGroupRange.EMPTY.getNumberOfKeyGroups());
        assertFalse(KeyGroupRange.EMPTY.contains(0));
        assertFalse(KeyGroupRange.EMPTY.contains(-1));
        assertFalse(KeyGroupRange.EMPTY.iterator().hasNext());
    }

    @Test
    void shouldIntersectOverlappingRanges()
    {
        final KeyGroupRange a = KeyGroupRange.of(0, 15);
        final KeyGroupRange b = KeyGroupRange.of(10, 30);

        assertEquals(KeyGroupRange.of(10, 15), a.getIntersection(b));
        assertEquals(KeyGroupRange.of(10, 15), b.getIntersection(a));
        assertEquals(KeyGroupRange.of(12, 13), a.getIntersection(KeyGroupRange.of(12, 13)));
        assertEquals(a, a.getIntersection(a));
        assertEquals(KeyGroupRange.of(15, 15), a.getIntersection(KeyGroupRange.of(15, 40)));
    }

    @Test
    void shouldIntersectDisjointRangesToEmpty()
    {
        final KeyGroupRange a = KeyGroupRange.of(0, 9);
        final KeyGroupRange b = KeyGroupRange.of(10, 19);

        assertSame(KeyGroupRange.EMPTY, a.getIntersection(b));
        assertSame(KeyGroupRange.EMPTY, b.getIntersection(a));
        assertTrue(a.getIntersection(KeyGroupRange.EMPTY).isEmpty());
        assertTrue(KeyGroupRange.EMPTY.getIntersection(a).isEmpty());
    }

    @Test
    void shouldBeEqualByBounds()
    {
        final KeyGroupRange a = KeyGroupRange.of(3, 7);
        final KeyGroupRange b = KeyGroupRange.of(3, 7);

        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, KeyGroupRange.of(3, 8));
        assertNotEquals(a, KeyGroupRange.of(2, 7));
        assertNotEquals(a, KeyGroupRange.EMPTY);
        assertNotEquals(a, null);
        assertNotEquals(a, "KeyGroupRange{startKeyGroup=3, endKeyGroup=7}");
    }

    @Test
    void shouldTreatEveryEmptyIntersectionAsEqualToEmpty()
    {
        final KeyGroupRange empty = KeyGroupRange.of(0, 4).getIntersection(KeyGroupRange.of(6, 9));

        assertEquals(KeyGroupRange.EMPTY, empty);
        assertEquals(KeyGroupRange.EMPTY.hashCode(), empty.hashCode());
    }

    @Test
    void shouldIterateKeyGroupsInAscendingOrder()
    {
        final List<Integer> keyGroups = new ArrayList<>();
        for (final int keyGroup : KeyGroupRange.of(5, 9))
        {
            keyGroups.add(keyGroup);
        }

        assertEquals(List.of(5, 6, 7, 8, 9), keyGroups);
    }

    @Test
    void shouldThrowNoSuchElementPastTheEnd()
    {
        final Iterator<Integer> iterator = KeyGroupRange.of(1, 1).iterator();

        assertEquals(1, iterator.next());
        assertFalse(iterator.hasNext());
        assertThrows(NoSuchElementException.class, iterator::next);
    }

    @Test
    void shouldReturnKeyGroupByIndex()
    {
        final KeyGroupRange range = KeyGroupRange.of(10, 20);

        assertEquals(10, range.getKeyGroupId(0));
        assertEquals(20, range.getKeyGroupId(10));
        assertThrows(IndexOutOfBoundsException.class, () -> range.getKeyGroupId(11));
        assertThrows(IndexOutOfBoundsException.class, () -> range.getKeyGroupId(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> KeyGroupRange.EMPTY.getKeyGroupId(0));
    }

    @Test
    void shouldRejectNegativeStart()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> KeyGroupRange.of(-1, 5));

        assertTrue(ex.getMessage().contains("startKeyGroup=-1"), ex.getMessage());
    }

    @Test
    void shouldRejectEndBeforeStart()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> KeyGroupRange.of(5, 4));

        assertTrue(ex.getMessage().contains("endKeyGroup=4"), ex.getMessage());
    }

    @Test
    void shouldDescribeItselfInToString()
    {
        assertTrue(KeyGroupRange.of(10, 20).toString().contains("10"));
        assertTrue(KeyGroupRange.of(10, 20).toString().contains("20"));
        assertTrue(KeyGroupRange.EMPTY.toString().contains("EMPTY"));
    }
}

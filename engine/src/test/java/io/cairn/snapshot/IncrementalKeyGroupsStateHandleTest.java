package io.cairn.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import org.junit.jupiter.api.Test;

class IncrementalKeyGroupsStateHandleTest
{
    private final ByteStreamStateHandle base = new ByteStreamStateHandle("base", new byte[100]);
    private final ByteStreamStateHandle delta = new ByteStreamStateHandle("delta", new byte[10]);
    private final ByteStreamStateHandle other = new ByteStreamStateHandle("other", new byte[50]);

    @Test
    void shouldKeepOnlyTheStreamsOfTheIntersectedKeyGroups()
    {
        final IncrementalKeyGroupsStateHandle handle = new IncrementalKeyGroupsStateHandle(KeyGroupRange.of(0, 2), 5,
            List.of(base, delta, other), new long[] {3, 5, 4}, new int[][] {{0, 1}, {2}, {}});

        final IncrementalKeyGroupsStateHandle part = handle.getIntersection(KeyGroupRange.of(1, 7));
        assertEquals(KeyGroupRange.of(1, 2), part.getKeyGroupRange());
        assertEquals(List.of(other), part.getStreams());
        assertArrayEquals(new int[] {0}, part.getChain(1));
        assertArrayEquals(new int[0], part.getChain(2));
        assertEquals(4, part.getStreamCheckpointId(0));
        assertNull(handle.getIntersection(KeyGroupRange.of(3, 4)));
        assertEquals(160, handle.getStateSize());
        assertEquals(10, handle.getCheckpointedSize());
        assertEquals(List.of(delta), handle.getOwnStreams());
    }

    @Test
    void shouldDiscardOnlyTheStreamsItsOwnCheckpointWrote() throws IOException
    {
        final List<String> discarded = new ArrayList<>();
        final StreamStateHandle older = recording("older", discarded);
        final StreamStateHandle own = recording("own", discarded);
        new IncrementalKeyGroupsStateHandle(KeyGroupRange.of(0, 0), 9, List.of(older, own), new long[] {8, 9},
            new int[][] {{0, 1}}).discardState();
        assertEquals(List.of("own"), discarded);
    }

    @Test
    void shouldRefuseInconsistentChains()
    {
        final KeyGroupRange range = KeyGroupRange.of(0, 0);
        assertThrows(IllegalArgumentException.class, () -> new IncrementalKeyGroupsStateHandle(range, 5,
            List.of(base, delta), new long[] {5, 3}, new int[][] {{0, 1}}), "ids must ascend along a chain");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalKeyGroupsStateHandle(range, 5,
            List.of(base), new long[] {6}, new int[][] {{0}}), "a stream newer than the checkpoint");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalKeyGroupsStateHandle(range, 5,
            List.of(base, delta), new long[] {1, 2}, new int[][] {{0}}), "a stream in no chain");
        assertThrows(IllegalArgumentException.class, () -> new IncrementalKeyGroupsStateHandle(range, 5,
            List.of(base), new long[] {1}, new int[][] {{1}}), "an index past the streams");
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
            new IncrementalKeyGroupsStateHandle(range, 5, List.of(base), new long[] {1}, new int[][] {{0}, {0}}));
        assertTrue(ex.getMessage().contains("chains.length=2"), ex.getMessage());
    }

    private static StreamStateHandle recording(final String name, final List<String> discarded)
    {
        return new StreamStateHandle()
        {
            private static final long serialVersionUID = 1L;

            @Override
            public PositionedInput openInput()
            {
                throw new UnsupportedOperationException();
            }

            @Override
            public String describe()
            {
                return name;
            }

            @Override
            public void discardState()
            {
                discarded.add(name);
            }

            @Override
            public long getStateSize()
            {
                return 1;
            }
        };
    }
}

package io.cairn.examples.pipeline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.state.ListStateDescriptor;

/**
 * How far into the stream the state of each key group of a subtask goes: the stream position up to which
 * (exclusive) its events are counted in the keyed state. It travels with the keyed state in the same checkpoint,
 * as union list state, one element per key group:
 *
 * <pre>
 *   63          48 47                                             0
 *  +--------------+------------------------------------------------+
 *  |  key group   |  position                                      |
 *  +--------------+------------------------------------------------+
 * </pre>
 *
 * <p>Per key group rather than per subtask, because a key group is the unit that moves when the parallelism
 * changes: a new subtask gets key groups from several old subtasks, each with its own position, and must skip,
 * for each key group, exactly the events that key group's restored state already counts. Union state hands every
 * new subtask all elements; each keeps those of the key groups it owns.
 */
final class KeyGroupPositions
{
    /** The operator state the positions are kept in. */
    static final ListStateDescriptor<Long> DESCRIPTOR = new ListStateDescriptor<>("key-group-positions",
        LongCodec.INSTANCE);

    /** The largest position an element can hold. */
    static final long MAX_POSITION = (1L << 48) - 1;

    private static final int POSITION_BITS = 48;

    private final KeyGroupRange range;
    private final long[] positions;

    private KeyGroupPositions(final KeyGroupRange range, final long[] positions)
    {
        this.range = range;
        this.positions = positions;
    }

    /**
     * @param range    the key groups a subtask owns.
     * @param elements the union state as restored: the elements of every old subtask, or none for a fresh start.
     * @return the positions of the owned key groups: 0 for a fresh start.
     * @throws IllegalStateException if the elements cover some owned key groups but not all, or one twice: the
     *                               checkpoint would not be consistent.
     */
    static KeyGroupPositions restore(final KeyGroupRange range, final List<Long> elements)
    {
        final long[] positions = new long[range.getNumberOfKeyGroups()];
        if (elements.isEmpty())
        {
            return new KeyGroupPositions(range, positions);
        }
        Arrays.fill(positions, -1);
        for (final long element : elements)
        {
            final int keyGroup = (int)(element >>> POSITION_BITS);
            if (range.contains(keyGroup))
            {
                final int index = keyGroup - range.getStartKeyGroup();
                if (positions[index] != -1)
                {
                    throw new IllegalStateException("keyGroup=" + keyGroup + " has two restored positions");
                }
                positions[index] = element & MAX_POSITION;
            }
        }
        for (int i = 0; i < positions.length; i++)
        {
            if (positions[i] == -1)
            {
                throw new IllegalStateException("keyGroup=" + range.getKeyGroupId(i) + " has no restored position");
            }
        }
        return new KeyGroupPositions(range, positions);
    }

    /**
     * @param keyGroup an owned key group.
     * @return the position its restored state counts up to: events before it are to be skipped.
     */
    long position(final int keyGroup)
    {
        return positions[keyGroup - range.getStartKeyGroup()];
    }

    /** @return where reading must start so that no owned key group misses an event. */
    long lowest()
    {
        long lowest = Long.MAX_VALUE;
        for (final long position : positions)
        {
            lowest = Math.min(lowest, position);
        }
        return positions.length == 0 ? 0 : lowest;
    }

    /** @return the highest restored position: beyond it no event is skipped. */
    long highest()
    {
        long highest = 0;
        for (final long position : positions)
        {
            highest = Math.max(highest, position);
        }
        return highest;
    }

    /**
     * @param readPosition the subtask's read position: every owned event before it has been counted, unless
     *                     its key group's restored position is higher (then that one holds).
     * @return the elements to store in the union state now.
     */
    List<Long> encode(final long readPosition)
    {
        final List<Long> elements = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++)
        {
            final long position = Math.max(positions[i], readPosition);
            elements.add(((long)range.getKeyGroupId(i) << POSITION_BITS) | position);
        }
        return elements;
    }
}

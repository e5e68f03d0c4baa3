package io.cairn.offheap;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The deletions of one state since the last completed checkpoint, per key group: what an incremental checkpoint
 * writes as DELETE entries. Each entry is {@code version (int) | keyLength (int) | composite key bytes}, appended
 * in version order to the key group's log.
 *
 * <p>Logs are on-heap byte arrays and are never changed below their end: an append writes past it, growing copies
 * into a new array, and a purge (after a checkpoint completed) starts a new array from what is left. So a snapshot
 * that captured {@code (array, start, end)} reads it from another thread while the backend goes on appending. A log
 * that grows past {@code max(MIN_DROP_COUNT, entries of the key group)} is dropped and the key group is marked for
 * a full base instead ({@link ChangeTracker#forceBase}): the logs never hold more entries than the state does,
 * plus a constant.
 */
final class TombstoneLog
{
    static final int ENTRY_HEADER_LENGTH = 2 * Integer.BYTES;
    static final int MIN_DROP_COUNT = 4096;
    private static final byte[] EMPTY = new byte[0];

    private final int startKeyGroup;
    private final byte[][] logs;
    private final int[] starts;
    private final int[] ends;
    private final int[] counts;
    private final UnsafeBuffer writeView = new UnsafeBuffer(EMPTY);
    private final UnsafeBuffer recordView = new UnsafeBuffer(0, 0);

    TombstoneLog(final int startKeyGroup, final int numberOfKeyGroups)
    {
        this.startKeyGroup = startKeyGroup;
        this.logs = new byte[numberOfKeyGroups][];
        this.starts = new int[numberOfKeyGroups];
        this.ends = new int[numberOfKeyGroups];
        this.counts = new int[numberOfKeyGroups];
    }

    /**
     * Logs the deletion of the record at {@code record}, unless the log is too long, in which case it is dropped
     * and the key group marked for a base.
     *
     * @param liveEntries the key group's entries in the state's table, which bound the log.
     */
    void add(final ChangeTracker tracker, final int keyGroup, final long record, final long liveEntries)
    {
        final int g = keyGroup - startKeyGroup;
        if (counts[g] >= Math.max(MIN_DROP_COUNT, liveEntries))
        {
            drop(keyGroup);
            tracker.forceBase(keyGroup);
            return;
        }
        final int keyLength = RecordDescriptor.keyLength(record);
        final int at = reserve(g, ENTRY_HEADER_LENGTH + keyLength);
        writeView.wrap(logs[g]);
        writeView.putInt(at, tracker.version(), ByteOrder.LITTLE_ENDIAN);
        writeView.putInt(at + Integer.BYTES, keyLength, ByteOrder.LITTLE_ENDIAN);
        recordView.wrap(record + RecordDescriptor.KEY_OFFSET, keyLength);
        writeView.putBytes(at + ENTRY_HEADER_LENGTH, recordView, 0, keyLength);
        ends[g] = at + ENTRY_HEADER_LENGTH + keyLength;
        counts[g]++;
    }

    /**
     * @return the key group's log as it is now (entries of every version still kept), or null if it is empty.
     */
    Capture capture(final int keyGroup)
    {
        final int g = keyGroup - startKeyGroup;
        return counts[g] == 0 ? null : new Capture(logs[g], starts[g], ends[g]);
    }

    /** @return the number of entries the key group's log holds. */
    int count(final int keyGroup)
    {
        return counts[keyGroup - startKeyGroup];
    }

    /**
     * Forgets the entries of versions up to {@code version}, which a completed checkpoint made durable.
     */
    void purge(final int version)
    {
        for (int g = 0; g < logs.length; g++)
        {
            if (counts[g] == 0)
            {
                continue;
            }
            final byte[] log = logs[g];
            int position = starts[g];
            int count = counts[g];
            while (position < ends[g] && entryVersion(log, position) <= version)
            {
                position += ENTRY_HEADER_LENGTH + entryKeyLength(log, position);
                count--;
            }
            if (count == 0)
            {
                logs[g] = null;
                starts[g] = 0;
                ends[g] = 0;
            }
            else if (position != starts[g])
            {
                // A new array: a snapshot may still be reading the old one.
                logs[g] = Arrays.copyOfRange(log, position, position + Math.max(256, 2 * (ends[g] - position)));
                starts[g] = 0;
                ends[g] = ends[g] - position;
            }
            counts[g] = count;
        }
    }

    /** Forgets every entry of the key group. */
    void drop(final int keyGroup)
    {
        final int g = keyGroup - startKeyGroup;
        logs[g] = null;
        starts[g] = 0;
        ends[g] = 0;
        counts[g] = 0;
    }

    /** Forgets every entry. */
    void clear()
    {
        for (int g = 0; g < logs.length; g++)
        {
            drop(g + startKeyGroup);
        }
    }

    private int reserve(final int g, final int length)
    {
        byte[] log = logs[g];
        final int end = ends[g];
        if (log == null)
        {
            log = new byte[Math.max(256, length * 2)];
            logs[g] = log;
        }
        else if (end + length > log.length)
        {
            // Never in place: a snapshot may be reading the old array.
            log = Arrays.copyOf(log, Math.max(log.length * 2, end + length));
            logs[g] = log;
        }
        return end;
    }

    static int entryVersion(final byte[] log, final int position)
    {
        return (log[position] & 0xFF) | (log[position + 1] & 0xFF) << 8 | (log[position + 2] & 0xFF) << 16 |
            (log[position + 3] & 0xFF) << 24;
    }

    static int entryKeyLength(final byte[] log, final int position)
    {
        return entryVersion(log, position + Integer.BYTES);
    }

    /** A key group's log as a snapshot captured it: the bytes {@code [start, end)} of an array nobody changes. */
    static final class Capture
    {
        private final byte[] log;
        private final int start;
        private final int end;

        Capture(final byte[] log, final int start, final int end)
        {
            this.log = log;
            this.start = start;
            this.end = end;
        }

        /**
         * Calls {@code visitor} with the composite key of each deletion newer than {@code baseline}, in order.
         *
         * @param key a reusable buffer the key is wrapped in.
         */
        <E extends Exception> void forEachAfter(final int baseline, final UnsafeBuffer key, final KeyVisitor<E> visitor)
            throws E
        {
            int position = start;
            while (position < end)
            {
                final int keyLength = entryKeyLength(log, position);
                if (entryVersion(log, position) > baseline)
                {
                    key.wrap(log, position + ENTRY_HEADER_LENGTH, keyLength);
                    visitor.visit(key, keyLength);
                }
                position += ENTRY_HEADER_LENGTH + keyLength;
            }
        }
    }

    /**
     * Receives deleted composite keys.
     *
     * @param <E> what it may throw.
     */
    @FunctionalInterface
    interface KeyVisitor<E extends Exception>
    {
        /**
         * @param key       the composite key, wrapped.
         * @param keyLength its length.
         * @throws E if the visit fails.
         */
        void visit(DirectBuffer key, int keyLength) throws E;
    }
}

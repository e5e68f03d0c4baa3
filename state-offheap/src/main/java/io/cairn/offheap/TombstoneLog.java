package io.cairn.offheap;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The deletions of one state since the last completed checkpoint, per key group: what an incremental checkpoint
 * writes as DELETE entries. Each entry is {@code version (int) | keyLength (int) | composite key bytes}, appended
 * in version order to the key group's log, an on-heap byte array.
 *
 * <p>A snapshot captures {@code (array, start, end)} and reads it from its writer thread while the backend goes on
 * appending past {@code end}. So bytes below {@code end} are changed only while no snapshot is live (none can be
 * reading): then a log is compacted and reused in place, which keeps the write path free of allocation once the
 * arrays have grown to their working size. While a snapshot is live, a log that needs room or is emptied moves to
 * a new array instead, and the snapshot keeps the old one.
 *
 * <p>A key group's log never holds more than {@code max(MIN_DROP_COUNT, entries of the key group)} deletions: past
 * that it is dropped, the key group is marked for a base ({@link ChangeTracker#forceBase}), and its deletions are
 * not logged until the next snapshot is captured (the base that snapshot writes makes them moot).
 */
final class TombstoneLog
{
    static final int ENTRY_HEADER_LENGTH = 2 * Integer.BYTES;
    static final int MIN_DROP_COUNT = 4096;
    private static final int INITIAL_CAPACITY = 256;
    private static final byte[] EMPTY = new byte[0];

    private final int startKeyGroup;
    private final VersionedMemory memory;
    private final byte[][] logs;
    private final int[] starts;
    private final int[] ends;
    private final int[] counts;
    private final boolean[] suspended;
    private final UnsafeBuffer writeView = new UnsafeBuffer(EMPTY);
    private final UnsafeBuffer recordView = new UnsafeBuffer(0, 0);

    TombstoneLog(final int startKeyGroup, final int numberOfKeyGroups, final VersionedMemory memory)
    {
        this.startKeyGroup = startKeyGroup;
        this.memory = memory;
        this.logs = new byte[numberOfKeyGroups][];
        this.starts = new int[numberOfKeyGroups];
        this.ends = new int[numberOfKeyGroups];
        this.counts = new int[numberOfKeyGroups];
        this.suspended = new boolean[numberOfKeyGroups];
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
        if (suspended[g])
        {
            return;
        }
        if (counts[g] >= Math.max(MIN_DROP_COUNT, liveEntries))
        {
            empty(g);
            suspended[g] = true;
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
     * Captures the key group's log for a snapshot, and logs its deletions again if they were suspended.
     *
     * @return the log as it is now (entries of every version still kept), or null if it is empty.
     */
    Capture capture(final int keyGroup)
    {
        final int g = keyGroup - startKeyGroup;
        suspended[g] = false;
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
            while (count > 0 && entryVersion(log, position) <= version)
            {
                position += ENTRY_HEADER_LENGTH + entryKeyLength(log, position);
                count--;
            }
            if (count == 0)
            {
                empty(g);
            }
            else
            {
                starts[g] = position;
                counts[g] = count;
            }
        }
    }

    /** Forgets every entry of every key group. */
    void clear()
    {
        for (int g = 0; g < logs.length; g++)
        {
            empty(g);
            suspended[g] = false;
        }
    }

    private void empty(final int g)
    {
        if (snapshotsMayRead())
        {
            logs[g] = null;
        }
        starts[g] = 0;
        ends[g] = 0;
        counts[g] = 0;
    }

    private int reserve(final int g, final int length)
    {
        final byte[] log = logs[g];
        final int end = ends[g];
        if (log == null)
        {
            logs[g] = new byte[Math.max(INITIAL_CAPACITY, length * 2)];
            return 0;
        }
        if (end + length <= log.length)
        {
            return end;
        }
        final int start = starts[g];
        final int live = end - start;
        if (!snapshotsMayRead() && live + length <= log.length / 2)
        {
            System.arraycopy(log, start, log, 0, live);
        }
        else
        {
            // A new array: a snapshot may be reading the old one, or the old one is too small.
            logs[g] = Arrays.copyOfRange(log, start, start + Math.max(log.length, 2 * (live + length)));
        }
        starts[g] = 0;
        ends[g] = live;
        return live;
    }

    private boolean snapshotsMayRead()
    {
        return memory.liveSnapshotCount() > 0;
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

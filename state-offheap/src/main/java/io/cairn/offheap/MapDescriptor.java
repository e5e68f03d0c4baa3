package io.cairn.offheap;

import org.agrona.UnsafeApi;

/**
 * The layout of map state: a head record per (key, namespace) in the state's head table, and one entry record
 * per map entry in its entry table, keyed by (key, namespace, map key). Entries of one map form a doubly linked
 * chain from the head, so the map can be iterated without scanning the table, while each entry is found, put
 * and removed on its own.
 *
 * <pre>
 *  Head value (16 bytes, the value of a record, see {@link RecordDescriptor}):
 *  +---------------------------------------------------------------+
 *  |                      Count (long)                             |  0
 *  +---------------------------------------------------------------+
 *  |                      First entry record address (long)        |  8
 *  +---------------------------------------------------------------+
 *
 *  Entry value (the value of an entry record):
 *  +---------------------------------------------------------------+
 *  |                      Previous entry record address (long)     |  0
 *  +---------------------------------------------------------------+
 *  |                      Next entry record address (long)         |  8
 *  +---------------------------------------------------------------+
 *  |                      Map value bytes                         ... 16
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Links are navigation only: a snapshot scans the tables and reads keys and values, never links, so relinking
 * never changes what a snapshot sees.
 */
final class MapDescriptor
{
    static final int COUNT_OFFSET = 0;
    static final int FIRST_OFFSET = 8;
    static final int HEAD_LENGTH = 16;

    static final int PREV_OFFSET = 0;
    static final int NEXT_OFFSET = 8;
    static final int ENTRY_VALUE_OFFSET = 16;

    private MapDescriptor()
    {
    }

    static long count(final long headValue)
    {
        return UnsafeApi.getLong(headValue + COUNT_OFFSET);
    }

    static void count(final long headValue, final long count)
    {
        UnsafeApi.putLong(headValue + COUNT_OFFSET, count);
    }

    static long first(final long headValue)
    {
        return UnsafeApi.getLong(headValue + FIRST_OFFSET);
    }

    static void first(final long headValue, final long first)
    {
        UnsafeApi.putLong(headValue + FIRST_OFFSET, first);
    }

    static long prev(final long entryValue)
    {
        return UnsafeApi.getLong(entryValue + PREV_OFFSET);
    }

    static void prev(final long entryValue, final long prev)
    {
        UnsafeApi.putLong(entryValue + PREV_OFFSET, prev);
    }

    static long next(final long entryValue)
    {
        return UnsafeApi.getLong(entryValue + NEXT_OFFSET);
    }

    static void next(final long entryValue, final long next)
    {
        UnsafeApi.putLong(entryValue + NEXT_OFFSET, next);
    }
}

package io.cairn.offheap;

import org.agrona.UnsafeApi;

/**
 * The layout of list state: a head record per (key, namespace) in the state's table, and a chain of element
 * blocks that are in no table.
 *
 * <pre>
 *  Head value (32 bytes, the value of a record, see {@link RecordDescriptor}):
 *  +---------------------------------------------------------------+
 *  |                      Count (long)                             |  0
 *  +---------------------------------------------------------------+
 *  |                      First element address (long)             |  8
 *  +---------------------------------------------------------------+
 *  |                      Last element address (long)              | 16
 *  +-------------------------------+-------------------------------+
 *  |      Replaced version (int)   |      (unused)                 | 24
 *  +-------------------------------+-------------------------------+
 *
 *  Element block (a block of the pool):
 *  +-------------------------------+-------------------------------+
 *  |      Version (int)            |      Length (int)             |  0
 *  +-------------------------------+-------------------------------+
 *  |                      Next element address (long), 0 at the end|  8
 *  +---------------------------------------------------------------+
 *  |                      Element bytes                           ... 16
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>An element's block capacity is not stored: it is {@code MemoryPool.blockCapacity(16 + length)}, and an
 * element's length never changes. Version is the backend's snapshot epoch when the element was written, as for
 * records: it tells whether a live snapshot may still reach the element, so that freeing it must wait.
 *
 * <p>An append writes one new element and links it after the last: the elements already there are never
 * rewritten. A reader follows exactly {@code count} links from the first element, so an element appended after
 * it captured the head is invisible to it (the basis of copy-on-write snapshots of lists).
 *
 * <p>Replaced version is the backend's version when the list got its current first element (it was created, or
 * replaced by an update). An incremental checkpoint whose baseline is older writes the whole list; otherwise the
 * list only had appends since, and it writes the elements newer than the baseline, a suffix of the chain (element
 * versions never decrease along it).
 */
final class ListDescriptor
{
    static final int COUNT_OFFSET = 0;
    static final int FIRST_OFFSET = 8;
    static final int LAST_OFFSET = 16;
    static final int REPLACED_VERSION_OFFSET = 24;
    static final int HEAD_LENGTH = 32;

    static final int ELEMENT_VERSION_OFFSET = 0;
    static final int ELEMENT_LENGTH_OFFSET = 4;
    static final int ELEMENT_NEXT_OFFSET = 8;
    static final int ELEMENT_HEADER_LENGTH = 16;

    private ListDescriptor()
    {
    }

    static long count(final long head)
    {
        return UnsafeApi.getLong(head + COUNT_OFFSET);
    }

    static long first(final long head)
    {
        return UnsafeApi.getLong(head + FIRST_OFFSET);
    }

    static long last(final long head)
    {
        return UnsafeApi.getLong(head + LAST_OFFSET);
    }

    static void head(final long head, final long count, final long first, final long last)
    {
        UnsafeApi.putLong(head + COUNT_OFFSET, count);
        UnsafeApi.putLong(head + FIRST_OFFSET, first);
        UnsafeApi.putLong(head + LAST_OFFSET, last);
    }

    static int replacedVersion(final long head)
    {
        return UnsafeApi.getInt(head + REPLACED_VERSION_OFFSET);
    }

    static void replacedVersion(final long head, final int version)
    {
        UnsafeApi.putInt(head + REPLACED_VERSION_OFFSET, version);
    }

    static int elementVersion(final long element)
    {
        return UnsafeApi.getInt(element + ELEMENT_VERSION_OFFSET);
    }

    static int elementBlockLength(final int length)
    {
        return ELEMENT_HEADER_LENGTH + length;
    }

    static int elementLength(final long element)
    {
        return UnsafeApi.getInt(element + ELEMENT_LENGTH_OFFSET);
    }

    static long next(final long element)
    {
        return UnsafeApi.getLong(element + ELEMENT_NEXT_OFFSET);
    }

    static void next(final long element, final long next)
    {
        UnsafeApi.putLong(element + ELEMENT_NEXT_OFFSET, next);
    }

    static void elementHeader(final long element, final int version, final int length)
    {
        UnsafeApi.putInt(element + ELEMENT_VERSION_OFFSET, version);
        UnsafeApi.putInt(element + ELEMENT_LENGTH_OFFSET, length);
        UnsafeApi.putLong(element + ELEMENT_NEXT_OFFSET, 0L);
    }
}

package io.cairn.offheap;

import java.io.IOException;

import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamEntry;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The storage of list state ({@link ListDescriptor}): a head record per (key, namespace) and a chain of element
 * blocks. Appends link new elements after the last; a head a snapshot shares is copied before it changes, and
 * elements are never changed except for the {@code next} link of the last, which no snapshot follows.
 */
final class ListStorage extends StateStorage
{
    private final StateTable table;
    private long chainLast;

    ListStorage(
        final String name,
        final StateMetaInfo meta,
        final VersionedMemory memory,
        final int keyFixedLength,
        final ChangeTracker tracker,
        final TombstoneLog tombstones,
        final StateTable table)
    {
        super(name, meta, memory, keyFixedLength, tracker, tombstones);
        this.table = table;
    }

    @Override
    StateTable primaryTable()
    {
        return table;
    }

    /** @return the head record of the key's list, or 0. */
    long findHead(final int keyGroup, final CompositeKeyBuilder key)
    {
        return table.findRecord(keyGroup, key.hash(), key.buffer(), key.length());
    }

    /**
     * Allocates an element holding {@code length} bytes of {@code source}, linked after {@code previous} (unless 0).
     *
     * @throws io.cairn.backend.MemoryBudgetExceededException if it does not fit; nothing changed.
     */
    long allocateElement(final long previous, final DirectBuffer source, final int offset, final int length)
    {
        final long element = memory.allocate(ListDescriptor.elementBlockLength(length));
        ListDescriptor.elementHeader(element, memory.version(), length);
        copyInto(element + ListDescriptor.ELEMENT_HEADER_LENGTH, source, offset, length);
        if (previous != 0)
        {
            ListDescriptor.next(previous, element);
        }
        chainLast = element;
        return element;
    }

    /** @return the last element {@link #allocateElement} allocated. */
    long chainLast()
    {
        return chainLast;
    }

    /** Frees {@code count} elements from {@code first}. */
    void freeElements(final long first, final long count)
    {
        long element = first;
        for (long i = 0; i < count; i++)
        {
            final long next = ListDescriptor.next(element);
            memory.free(element,
                memory.blockCapacity(ListDescriptor.elementBlockLength(ListDescriptor.elementLength(element))),
                ListDescriptor.elementVersion(element));
            element = next;
        }
    }

    /**
     * Links an allocated chain of {@code count} elements ({@code first} .. {@code last}) after the list's last
     * element, or replaces the list with it. Frees the chain if the write is refused.
     */
    void link(
        final int keyGroup,
        final CompositeKeyBuilder key,
        final long first,
        final long last,
        final long count,
        final boolean replace)
    {
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle != KeyGroupIndex.NOT_FOUND)
        {
            final long head;
            try
            {
                head = writableHead(keyGroup, handle);
            }
            catch (final RuntimeException ex)
            {
                freeElements(first, count);
                throw ex;
            }
            final long headValue = RecordDescriptor.valueAddress(head);
            if (replace)
            {
                freeElements(ListDescriptor.first(headValue), ListDescriptor.count(headValue));
                ListDescriptor.head(headValue, count, first, last);
                ListDescriptor.replacedVersion(headValue, memory.version());
            }
            else
            {
                ListDescriptor.next(ListDescriptor.last(headValue), first);
                ListDescriptor.head(headValue, ListDescriptor.count(headValue) + count,
                    ListDescriptor.first(headValue), last);
            }
            RecordDescriptor.version(head, memory.version());
            return;
        }
        final long head;
        try
        {
            table.ensureCapacityForInsert(keyGroup, key.hash());
            head = allocateRecord(key, ListDescriptor.HEAD_LENGTH);
        }
        catch (final RuntimeException ex)
        {
            freeElements(first, count);
            throw ex;
        }
        ListDescriptor.head(RecordDescriptor.valueAddress(head), count, first, last);
        ListDescriptor.replacedVersion(RecordDescriptor.valueAddress(head), memory.version());
        table.insert(keyGroup, key.hash(), head);
    }

    /**
     * Removes the key's list, if any.
     */
    void clear(final int keyGroup, final CompositeKeyBuilder key)
    {
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle == KeyGroupIndex.NOT_FOUND)
        {
            return;
        }
        table.prepareWrite(keyGroup, handle);
        final long head = table.record(keyGroup, handle);
        logDeletion(keyGroup, head, table);
        final long headValue = RecordDescriptor.valueAddress(head);
        freeElements(ListDescriptor.first(headValue), ListDescriptor.count(headValue));
        table.remove(keyGroup, handle);
        freeRecord(head);
    }

    /** @return the head behind the slot, copied first if a snapshot shares it. */
    private long writableHead(final int keyGroup, final long handle)
    {
        final long head = table.record(keyGroup, handle);
        if (isPrivate(head))
        {
            return head;
        }
        table.prepareWrite(keyGroup, handle);
        final long copy = copyRecord(head);
        table.replace(keyGroup, handle, copy);
        freeRecord(head);
        return copy;
    }

    @Override
    void writeEntries(
        final StateStreamWriter writer, final int stateIndex, final IndexView view, final UnsafeBuffer record)
        throws IOException
    {
        final UnsafeBuffer element = new UnsafeBuffer(0, 0);
        view.forEachRecord((address) -> writeList(writer, stateIndex, address, record, element, 0, false));
    }

    @Override
    void countEntries(final IndexView view, final int baseline, final long[] counts, final LongArrayList changed)
    {
        view.forEachRecord(
            (address) ->
            {
                final long headValue = RecordDescriptor.valueAddress(address);
                final long count = ListDescriptor.count(headValue);
                counts[0] += count;
                if (RecordDescriptor.version(address) > baseline)
                {
                    counts[1] += ListDescriptor.replacedVersion(headValue) > baseline ?
                        count + 1 : count - unchangedElements(headValue, baseline);
                    changed.addLong(address);
                }
            });
    }

    @Override
    void writeChanged(
        final StateStreamWriter writer,
        final int stateIndex,
        final LongArrayList changed,
        final int baseline,
        final UnsafeBuffer record) throws IOException
    {
        final UnsafeBuffer element = new UnsafeBuffer(0, 0);
        for (int i = 0, n = changed.size(); i < n; i++)
        {
            final long address = changed.getLong(i);
            final long headValue = RecordDescriptor.valueAddress(address);
            if (ListDescriptor.replacedVersion(headValue) > baseline)
            {
                writeList(writer, stateIndex, address, record, element, 0, true);
            }
            else
            {
                writeList(writer, stateIndex, address, record, element, unchangedElements(headValue, baseline),
                    false);
            }
        }
    }

    @Override
    void restoreDelete(final int keyGroup, final CompositeKeyBuilder key, final int prefixLength)
    {
        clear(keyGroup, key);
    }

    /**
     * @return how many elements, from the first, are not newer than {@code baseline}: the list had only appends
     * since, so the others are its new suffix.
     */
    private static long unchangedElements(final long headValue, final int baseline)
    {
        final long count = ListDescriptor.count(headValue);
        long current = ListDescriptor.first(headValue);
        long unchanged = 0;
        while (unchanged < count && ListDescriptor.elementVersion(current) <= baseline)
        {
            current = ListDescriptor.next(current);
            unchanged++;
        }
        return unchanged;
    }

    /**
     * Writes the elements of a captured list from {@code skip} on, after a DELETE of the list if
     * {@code replace}.
     */
    private void writeList(
        final StateStreamWriter writer,
        final int stateIndex,
        final long address,
        final UnsafeBuffer record,
        final UnsafeBuffer element,
        final long skip,
        final boolean replace) throws IOException
    {
        final int keyLength = RecordDescriptor.keyLength(address);
        record.wrap(address + RecordDescriptor.KEY_OFFSET, keyLength);
        final int namespaceBytes = componentBytesOffset(namespaceComponentOffset(record), namespaceFixedLength);
        final int keyBytesLength = componentBytesLength(record, 0, keyFixedLength);
        if (replace)
        {
            writer.writeDelete(stateIndex,
                record, keyBytesOffset(), keyBytesLength,
                record, namespaceBytes, keyLength - namespaceBytes);
        }
        final long headValue = RecordDescriptor.valueAddress(address);
        final long count = ListDescriptor.count(headValue);
        long current = ListDescriptor.first(headValue);
        for (long i = 0; i < count; i++)
        {
            if (i >= skip)
            {
                final int length = ListDescriptor.elementLength(current);
                element.wrap(current + ListDescriptor.ELEMENT_HEADER_LENGTH, length);
                writer.writeEntry(stateIndex,
                    record, keyBytesOffset(), keyBytesLength,
                    record, namespaceBytes, keyLength - namespaceBytes,
                    element, 0, length);
            }
            current = ListDescriptor.next(current);
        }
    }

    @Override
    void restoreEntry(
        final int keyGroup, final CompositeKeyBuilder key, final int prefixLength, final StreamEntry entry)
    {
        final long element = allocateElement(0, entry.buffer(), entry.valueOffset(), entry.valueLength());
        link(keyGroup, key, element, element, 1, false);
    }
}

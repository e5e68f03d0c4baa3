package io.cairn.offheap;

import io.cairn.backend.InternalKvState;
import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import io.cairn.codec.VoidNamespace;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What every off-heap state shares: its namespace (kept encoded, so an access copies bytes instead of calling a
 * codec), the composite key of an access, and the record operations on a table of single values.
 *
 * <p>Every write follows one rule, which is what keeps the state unchanged when the memory budget refuses a
 * write: first allocate everything the write needs (index room, records), then link. An allocation failure
 * therefore happens before anything visible has changed.
 *
 * @param <N> the namespace type.
 * @param <S> the state interface.
 */
abstract class AbstractOffHeapState<N, S extends State> implements InternalKvState<N, S>, State
{
    final OffHeapKeyedStateBackend<?> backend;
    final String name;
    private final StateDescriptor<S> descriptor;
    private final Codec<N> namespaceCodec;
    private final UnsafeBuffer namespaceBytes = new UnsafeBuffer(new byte[16]);
    private int namespaceLength = -1;
    private N currentNamespace;

    AbstractOffHeapState(
        final OffHeapKeyedStateBackend<?> backend, final StateDescriptor<S> descriptor, final Codec<N> namespaceCodec)
    {
        this.backend = backend;
        this.name = descriptor.getName();
        this.descriptor = descriptor;
        this.namespaceCodec = namespaceCodec;
        if (namespaceCodec.fixedLength() == 0)
        {
            // A namespace that encodes to nothing (VoidNamespace) needs no choosing.
            namespaceLength = 0;
            currentNamespace = namespaceCodec.decode(namespaceBytes, 0, 0);
        }
    }

    /** @return the table whose records name the (key, namespace) pairs that have a value. */
    abstract StateTable primaryTable();

    @Override
    @SuppressWarnings("unchecked")
    public final S state()
    {
        return (S)this;
    }

    @Override
    public final StateDescriptor<S> getDescriptor()
    {
        return descriptor;
    }

    @Override
    public final Codec<N> getNamespaceCodec()
    {
        return namespaceCodec;
    }

    @Override
    public final void setCurrentNamespace(final N namespace)
    {
        backend.checkOpen();
        if (namespace == null)
        {
            throw new IllegalArgumentException("namespace=null; expected a namespace (" +
                VoidNamespace.class.getSimpleName() + ".INSTANCE for none)");
        }
        namespaceLength = encodeNamespace(namespace, namespaceBytes);
        currentNamespace = namespace;
    }

    @Override
    public final N getCurrentNamespace()
    {
        return currentNamespace;
    }

    /**
     * Encodes a namespace component into {@code target}, growing it if needed.
     *
     * @return the component's length.
     */
    final int encodeNamespace(final N namespace, final UnsafeBuffer target)
    {
        final int length = CompositeKeyBuilder.componentLength(namespace, namespaceCodec);
        if (length > target.capacity())
        {
            target.wrap(new byte[Math.max(length, target.capacity() * 2)]);
        }
        CompositeKeyBuilder.writeComponent(namespace, namespaceCodec, target, 0, length);
        return length;
    }

    /**
     * @return the composite key (current key, namespace) of this access, hashed.
     * @throws IllegalStateException if the backend is closed or has no current key.
     */
    final CompositeKeyBuilder accessKey()
    {
        final CompositeKeyBuilder key = backend.compositeKeyForAccess();
        if (namespaceLength < 0)
        {
            throw new IllegalStateException("state \"" + name + "\" has no namespace: call setCurrentNamespace");
        }
        key.setNamespace(namespaceBytes, namespaceLength, name);
        return key;
    }

    /**
     * @return the encoded length of {@code value}.
     * @throws IllegalArgumentException     if it is null.
     * @throws StateValueTooLargeException if it is larger than the backend allows.
     */
    final <V> int measureValue(final V value, final Codec<V> codec, final String what)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(what + "=null in state \"" + name + "\"; expected a non-null value");
        }
        final int fixed = codec.fixedLength();
        final int length = fixed != Codec.VARIABLE_LENGTH ? fixed : codec.encodedLength(value);
        if (length > backend.maxValueLength())
        {
            throw new StateValueTooLargeException(what + " of state \"" + name + "\"", length, backend.maxValueLength());
        }
        return length;
    }

    /** @return the address of the record of {@code key}, or 0. */
    final long findRecord(final StateTable table, final CompositeKeyBuilder key)
    {
        final int keyGroup = backend.currentKeyGroup();
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        return handle == KeyGroupIndex.NOT_FOUND ? 0 : table.record(keyGroup, handle);
    }

    /** Decodes a record's value. */
    final <V> V readValue(final long record, final Codec<V> codec)
    {
        return decode(RecordDescriptor.valueAddress(record), RecordDescriptor.valueLength(record), codec);
    }

    /** Decodes {@code length} bytes at {@code address}. */
    final <V> V decode(final long address, final int length, final Codec<V> codec)
    {
        final UnsafeBuffer view = backend.view();
        view.wrap(address, length);
        return codec.decode(view, 0, length);
    }

    /**
     * Encodes a value into the backend's staging buffer, ahead of the write that copies it into a record. Staging
     * keeps a failing codec from leaving a half-written record, and keeps the (possibly boxed) value inside
     * small methods that the JIT inlines, so the box of a fixed-length value is not allocated at all.
     *
     * @return the encoded length.
     * @throws IllegalArgumentException     if the value is null.
     * @throws StateValueTooLargeException if it is larger than the backend allows.
     */
    final <V> int stage(final V value, final Codec<V> codec, final String what)
    {
        final int length = measureValue(value, codec, what);
        final UnsafeBuffer staging = backend.staging(length);
        CompositeKeyBuilder.checkWritten(codec, codec.encode(value, staging, 0), length);
        return length;
    }

    /** Reads a {@link io.cairn.codec.LongCodec} value at {@code address}. */
    final long readLong(final long address)
    {
        final UnsafeBuffer view = backend.view();
        view.wrap(address, Long.BYTES);
        return view.getLong(0, java.nio.ByteOrder.BIG_ENDIAN);
    }

    /** Copies {@code length} staged bytes to {@code address}. */
    final void copyStaged(final long address, final int length)
    {
        final UnsafeBuffer view = backend.view();
        view.wrap(address, length);
        view.putBytes(0, backend.staging(length), 0, length);
    }

    /**
     * Sets the value of {@code key} in a table of single values to the {@code length} staged bytes: in place when
     * the record has room, else in a new record that replaces it; a new record when there is none.
     */
    final void upsertStaged(final StateTable table, final CompositeKeyBuilder key, final int length)
    {
        final int keyGroup = backend.currentKeyGroup();
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle != KeyGroupIndex.NOT_FOUND)
        {
            final long record = table.record(keyGroup, handle);
            if (RecordDescriptor.recordLength(key.length(), length) <= RecordDescriptor.capacity(record))
            {
                copyStaged(RecordDescriptor.valueAddress(record), length);
                RecordDescriptor.valueLength(record, length);
                RecordDescriptor.version(record, backend.version());
                return;
            }
            final long moved = allocateRecord(key, length);
            copyStaged(RecordDescriptor.valueAddress(moved), length);
            table.replace(keyGroup, handle, moved);
            freeRecord(record);
            return;
        }
        table.ensureCapacityForInsert(keyGroup, key.hash());
        final long record = allocateRecord(key, length);
        copyStaged(RecordDescriptor.valueAddress(record), length);
        table.insert(keyGroup, key.hash(), record);
    }

    /** @return the record of the current key and namespace in {@code table}, or 0. */
    final long locate(final StateTable table)
    {
        return findRecord(table, accessKey());
    }

    /**
     * Removes the record of {@code key}, if any, and frees it.
     *
     * @return true if there was one.
     */
    final boolean removeValue(final StateTable table, final CompositeKeyBuilder key)
    {
        final int keyGroup = backend.currentKeyGroup();
        final long handle = table.find(keyGroup, key.hash(), key.buffer(), key.length());
        if (handle == KeyGroupIndex.NOT_FOUND)
        {
            return false;
        }
        final long record = table.record(keyGroup, handle);
        table.remove(keyGroup, handle);
        freeRecord(record);
        return true;
    }

    /**
     * Allocates a record for the composite key and writes its header and key; the value is the caller's to write.
     *
     * @throws io.cairn.backend.MemoryBudgetExceededException if it does not fit; nothing changed.
     */
    final long allocateRecord(final CompositeKeyBuilder key, final int valueLength)
    {
        final MemoryPool pool = backend.pool();
        final int keyLength = key.length();
        final int recordLength = RecordDescriptor.recordLength(keyLength, valueLength);
        final long record = pool.allocate(recordLength);
        RecordDescriptor.writeHeader(record, pool.blockCapacity(recordLength), backend.version(), keyLength, valueLength);
        final UnsafeBuffer view = backend.view();
        view.wrap(record, RecordDescriptor.KEY_OFFSET + keyLength);
        view.putBytes(RecordDescriptor.KEY_OFFSET, key.buffer(), 0, keyLength);
        return record;
    }

    final void freeRecord(final long record)
    {
        backend.pool().free(record, RecordDescriptor.capacity(record));
    }

    /**
     * @return true if {@code length} bytes of {@code a} from {@code offset} equal the first {@code length} of
     * {@code b}.
     */
    static boolean bytesEqual(final DirectBuffer a, final int offset, final DirectBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(offset + i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /** @return true if the {@code length} bytes at {@code address} equal the first {@code length} of {@code b}. */
    static boolean bytesEqual(final long address, final DirectBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (UnsafeApi.getByte(address + i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /** Rethrows what a user function threw, unchecked, naming the state. */
    final RuntimeException userFunctionFailed(final String function, final Exception cause)
    {
        if (cause instanceof RuntimeException)
        {
            return (RuntimeException)cause;
        }
        return new IllegalStateException(function + " of state \"" + name + "\" failed: " + cause, cause);
    }
}

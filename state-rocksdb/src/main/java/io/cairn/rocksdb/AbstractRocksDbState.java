package io.cairn.rocksdb;

import io.cairn.backend.InternalKvState;
import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import io.cairn.codec.VoidNamespace;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.rocksdb.ColumnFamilyHandle;

/**
 * What every RocksDB state object shares: its namespace (kept encoded, so an access copies bytes instead of
 * calling a codec), the key of an access ({@link RocksDbKeyBuilder}), and the typed side of reads and writes:
 * codecs encode into the backend's write buffer and decode from its read buffer, both direct buffers handed to
 * RocksDB as they are.
 *
 * @param <N> the namespace type.
 * @param <S> the state interface.
 */
abstract class AbstractRocksDbState<N, S extends State> implements InternalKvState<N, S>, State
{
    /** The index {@link #measureValue(Object, Codec, String, int)} takes for a value that is no list element. */
    static final int NOT_AN_ELEMENT = -1;

    final RocksDbKeyedStateBackend<?> backend;
    final StateColumn column;
    final String name;
    private final StateDescriptor<S> descriptor;
    private final Codec<N> namespaceCodec;
    private final UnsafeBuffer namespaceBytes = new UnsafeBuffer(new byte[16]);
    private int namespaceLength = -1;
    private N currentNamespace;

    AbstractRocksDbState(
        final RocksDbKeyedStateBackend<?> backend,
        final StateColumn column,
        final StateDescriptor<S> descriptor,
        final Codec<N> namespaceCodec)
    {
        this.backend = backend;
        this.column = column;
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
        final int length = KeyLayout.componentLength(namespace, namespaceCodec);
        if (length > target.capacity())
        {
            target.wrap(new byte[Math.max(length, target.capacity() * 2)]);
        }
        KeyLayout.writeComponent(namespace, namespaceCodec, target, 0, length);
        return length;
    }

    /**
     * @return the key (key group, current key, namespace) of this access.
     * @throws IllegalStateException if the backend is closed or has no current key.
     */
    final RocksDbKeyBuilder accessKey()
    {
        final RocksDbKeyBuilder key = backend.keyForAccess();
        if (namespaceLength < 0)
        {
            throw new IllegalStateException("state \"" + name + "\" has no namespace: call setCurrentNamespace");
        }
        key.setNamespace(namespaceBytes, namespaceLength, KeyLayout.framing(namespaceCodec.fixedLength()), name);
        return key;
    }

    /**
     * @return the encoded length of {@code value}.
     * @throws IllegalArgumentException     if it is null.
     * @throws StateValueTooLargeException if it is larger than the backend allows.
     */
    final <V> int measureValue(final V value, final Codec<V> codec, final String what)
    {
        return measureValue(value, codec, what, NOT_AN_ELEMENT);
    }

    /**
     * {@link #measureValue(Object, Codec, String)} of one element of a list: an error names {@code what[index]},
     * a name built only when there is an error, so measuring a list allocates nothing.
     *
     * @param index the element's index, or {@link #NOT_AN_ELEMENT}.
     */
    final <V> int measureValue(final V value, final Codec<V> codec, final String what, final int index)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(
                valueName(what, index) + "=null in state \"" + name + "\"; expected a non-null value");
        }
        final int fixed = codec.fixedLength();
        final int length = fixed != Codec.VARIABLE_LENGTH ? fixed : codec.encodedLength(value);
        if (length > backend.maxValueLength())
        {
            throw new StateValueTooLargeException(
                valueName(what, index) + " of state \"" + name + "\"", length, backend.maxValueLength());
        }
        return length;
    }

    private static String valueName(final String what, final int index)
    {
        return index == NOT_AN_ELEMENT ? what : what + "[" + index + "]";
    }

    /**
     * Encodes a value into the backend's write buffer at {@code offset}.
     *
     * @return the encoded length.
     * @throws IllegalArgumentException     if the value is null.
     * @throws StateValueTooLargeException if it is larger than the backend allows.
     */
    final <V> int stage(final V value, final Codec<V> codec, final String what, final int offset)
    {
        final int length = measureValue(value, codec, what);
        encodeMeasured(value, codec, length, offset);
        return length;
    }

    /**
     * Encodes a value {@link #measureValue} measured into the backend's write buffer at {@code offset}, keeping
     * what the buffer holds before it.
     */
    final <V> void encodeMeasured(final V value, final Codec<V> codec, final int length, final int offset)
    {
        final UnsafeBuffer staging = backend.writeBuffer().ensureCapacity(offset + length, offset);
        KeyLayout.checkWritten(codec, codec.encode(value, staging, offset), length);
    }

    /**
     * Reads the value of {@code key} into the backend's read buffer, from index 0.
     *
     * @return its length, or -1 if there is none.
     */
    final int read(final RocksDbKeyBuilder key)
    {
        final ColumnFamilyHandle handle = column.handleOrNull();
        return handle == null ? -1 : backend.instance().get(handle, key.byteBuffer(), backend.readBuffer());
    }

    /** @return true if {@code key} has a value. */
    final boolean exists(final RocksDbKeyBuilder key)
    {
        final ColumnFamilyHandle handle = column.handleOrNull();
        return handle != null && backend.instance().exists(handle, key.byteBuffer(), backend.readBuffer());
    }

    /** Decodes the {@code length} bytes {@link #read} left in the read buffer. */
    final <V> V decodeRead(final Codec<V> codec, final int length)
    {
        return codec.decode(backend.readBuffer().view(), 0, length);
    }

    /** Writes {@code length} staged bytes as the value of {@code key}. */
    final void writeStaged(final RocksDbKeyBuilder key, final int length)
    {
        backend.instance().put(column.handleForWrite(), key.byteBuffer(), backend.writeBuffer().range(0, length));
        column.modified();
    }

    /** Appends {@code length} staged bytes to the value of {@code key} with the merge operator. */
    final void mergeStaged(final RocksDbKeyBuilder key, final int length)
    {
        backend.instance().merge(column.handleForWrite(), key.byteBuffer(), backend.writeBuffer().range(0, length));
        column.modified();
    }

    /** Deletes the value of {@code key}, if the state has any values at all. */
    final void delete(final RocksDbKeyBuilder key)
    {
        final ColumnFamilyHandle handle = column.handleOrNull();
        if (handle != null)
        {
            backend.instance().delete(handle, key.byteBuffer());
            column.modified();
        }
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

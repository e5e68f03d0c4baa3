package io.cairn.offheap;

import io.cairn.backend.InternalKvState;
import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import io.cairn.codec.VoidNamespace;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What every off-heap state object shares: its namespace (kept encoded, so an access copies bytes instead of
 * calling a codec), the composite key of an access, and the typed side of reads and writes: codecs encode into a
 * staging buffer and decode from records. The byte-level work is the {@link StateStorage}'s.
 *
 * @param <N> the namespace type.
 * @param <S> the state interface.
 */
abstract class AbstractOffHeapState<N, S extends State> implements InternalKvState<N, S>, State
{
    /** The index {@link #measureValue(Object, Codec, String, int)} takes for a value that is no list element. */
    static final int NOT_AN_ELEMENT = -1;

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

    /** @return the bytes of this state. */
    abstract StateStorage storage();

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
        key.setNamespace(namespaceBytes, namespaceLength, CompositeKeyBuilder.framingOf(namespaceCodec), name);
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

    /** Reads a {@link io.cairn.codec.LongCodec} value at {@code address}. */
    final long readLong(final long address)
    {
        final UnsafeBuffer view = backend.view();
        view.wrap(address, Long.BYTES);
        return view.getLong(0, java.nio.ByteOrder.BIG_ENDIAN);
    }

    /**
     * Encodes a value into the backend's staging buffer, ahead of the write that copies it into a record. Staging
     * keeps a failing codec from leaving a half-written record, and keeps the (possibly boxed) value inside
     * small methods that the JIT inlines.
     *
     * @return the encoded length.
     * @throws IllegalArgumentException     if the value is null.
     * @throws StateValueTooLargeException if it is larger than the backend allows.
     */
    final <V> int stage(final V value, final Codec<V> codec, final String what)
    {
        return stage(value, codec, what, NOT_AN_ELEMENT);
    }

    /**
     * {@link #stage(Object, Codec, String)} of one element of a list ({@link #measureValue(Object, Codec, String,
     * int)}).
     */
    final <V> int stage(final V value, final Codec<V> codec, final String what, final int index)
    {
        final int length = measureValue(value, codec, what, index);
        final UnsafeBuffer staging = backend.staging(length);
        CompositeKeyBuilder.checkWritten(codec, codec.encode(value, staging, 0), length);
        return length;
    }

    /** @return the buffer {@link #stage} encoded into. */
    final UnsafeBuffer staged()
    {
        return backend.staging(0);
    }

    /** @return the key group of the current key. */
    final int keyGroup()
    {
        return backend.currentKeyGroup();
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

package io.cairn.offheap;

import java.nio.ByteOrder;
import java.util.Arrays;

import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the composite key of an access in a reusable buffer: the current key, then the state's namespace, then
 * (for map entries) the map key. Each part is a component: its codec's bytes, preceded by a 4-byte big-endian
 * length when the codec is of variable length, so that no two different (key, namespace, map key) triples have
 * the same bytes.
 *
 * <pre>
 *  +------------------+------------------------+-----------------------------+
 *  | key component    | namespace component    | map key component (maps)    |
 *  +------------------+------------------------+-----------------------------+
 *  component = [length (int, big-endian), only if variable-length] [codec bytes]
 * </pre>
 *
 * <p>The key component is written once per {@code setCurrentKey}; each state access appends the rest and
 * hashes the whole. Nothing is allocated once the buffer has grown to the largest key seen. The maximum key
 * length bounds the codec bytes only; the length prefixes (the framing) do not count against it.
 */
final class CompositeKeyBuilder
{
    static final int LENGTH_PREFIX = Integer.BYTES;
    private static final int INITIAL_CAPACITY = 256;

    private final int maxKeyLength;
    private final UnsafeBuffer buffer;
    private byte[] array;
    private int keyComponentLength = -1;
    private int keyFraming;
    private int framing;
    private int length;
    private long hash;

    CompositeKeyBuilder(final int maxKeyLength)
    {
        this.maxKeyLength = maxKeyLength;
        this.array = new byte[Math.min(INITIAL_CAPACITY, maxKeyLength + 3 * LENGTH_PREFIX) + Long.BYTES];
        this.buffer = new UnsafeBuffer(array);
    }

    /**
     * @param value a non-null value.
     * @param codec its codec.
     * @param <T>   its type.
     * @return the bytes its component takes.
     */
    static <T> int componentLength(final T value, final Codec<T> codec)
    {
        final int fixed = codec.fixedLength();
        return fixed != Codec.VARIABLE_LENGTH ? fixed : LENGTH_PREFIX + codec.encodedLength(value);
    }

    /**
     * Writes a component.
     *
     * @return the offset after it.
     */
    static <T> int writeComponent(
        final T value, final Codec<T> codec, final MutableDirectBuffer target, final int offset, final int length)
    {
        if (codec.fixedLength() != Codec.VARIABLE_LENGTH)
        {
            checkWritten(codec, codec.encode(value, target, offset), length);
            return offset + length;
        }
        target.putInt(offset, length - LENGTH_PREFIX, ByteOrder.BIG_ENDIAN);
        checkWritten(codec, codec.encode(value, target, offset + LENGTH_PREFIX), length - LENGTH_PREFIX);
        return offset + length;
    }

    /**
     * @return the length of the component at {@code offset}, prefix included.
     */
    static int readComponentLength(final Codec<?> codec, final DirectBuffer source, final int offset)
    {
        final int fixed = codec.fixedLength();
        return fixed != Codec.VARIABLE_LENGTH ? fixed : LENGTH_PREFIX + source.getInt(offset, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the value of the component at {@code offset}.
     */
    static <T> T readComponent(final Codec<T> codec, final DirectBuffer source, final int offset)
    {
        final int fixed = codec.fixedLength();
        if (fixed != Codec.VARIABLE_LENGTH)
        {
            return codec.decode(source, offset, fixed);
        }
        return codec.decode(source, offset + LENGTH_PREFIX, source.getInt(offset, ByteOrder.BIG_ENDIAN));
    }

    static void checkWritten(final Codec<?> codec, final int written, final int expected)
    {
        if (written != expected)
        {
            throw new IllegalStateException("codec " + codec.codecId() + " wrote " + written +
                " bytes but announced " + expected + " (encodedLength/fixedLength and encode disagree)");
        }
    }

    /**
     * Checks that a key fits before anything is changed.
     *
     * @return the key component's length.
     * @throws StateValueTooLargeException if it exceeds the maximum key length.
     */
    <K> int measureKey(final K key, final Codec<K> codec)
    {
        final int componentLength = componentLength(key, codec);
        final int codecBytes = componentLength - framingOf(codec);
        if (codecBytes > maxKeyLength)
        {
            throw new StateValueTooLargeException("key", codecBytes, maxKeyLength);
        }
        return componentLength;
    }

    /** @return the framing bytes of a component of {@code codec}: its length prefix, if any. */
    static int framingOf(final Codec<?> codec)
    {
        return codec.fixedLength() == Codec.VARIABLE_LENGTH ? LENGTH_PREFIX : 0;
    }

    /** Writes the key component; {@code componentLength} comes from {@link #measureKey}. */
    <K> void setKey(final K key, final Codec<K> codec, final int componentLength)
    {
        ensureCapacity(componentLength);
        writeComponent(key, codec, buffer, 0, componentLength);
        keyComponentLength = componentLength;
        keyFraming = framingOf(codec);
        framing = keyFraming;
        length = componentLength;
    }

    /** Writes a {@link io.cairn.codec.LongCodec} key component: 8 big-endian bytes. */
    void setLongKey(final long key)
    {
        buffer.putLong(0, key, ByteOrder.BIG_ENDIAN);
        keyComponentLength = Long.BYTES;
        keyFraming = 0;
        framing = 0;
        length = Long.BYTES;
    }

    /** Forgets the current key (after close, or when a host asks for none). */
    void clearKey()
    {
        keyComponentLength = -1;
        length = 0;
    }

    /** @return true if a key is set. */
    boolean hasKey()
    {
        return keyComponentLength >= 0;
    }

    /**
     * Sets the composite key to (current key, namespace) and hashes it.
     *
     * @param namespace        the namespace component's bytes, from index 0.
     * @param namespaceLength  their length.
     * @param namespaceFraming how many of them are a length prefix.
     * @param stateName        for the error message.
     */
    void setNamespace(
        final DirectBuffer namespace, final int namespaceLength, final int namespaceFraming, final String stateName)
    {
        final int total = keyComponentLength + namespaceLength;
        framing = keyFraming + namespaceFraming;
        if (total - framing > maxKeyLength)
        {
            throw new StateValueTooLargeException(
                "key and namespace of state \"" + stateName + "\"", total - framing, maxKeyLength);
        }
        ensureCapacity(total);
        if (namespaceLength > 0)
        {
            buffer.putBytes(keyComponentLength, namespace, 0, namespaceLength);
        }
        length = total;
        hash = KeyHashing.hash(buffer, total);
    }

    /**
     * Appends a map key component to (key, namespace) and re-hashes; {@link #truncate} goes back.
     *
     * @return the previous length, to pass to {@link #truncate}.
     */
    <UK> int appendUserKey(final UK userKey, final Codec<UK> codec, final String stateName)
    {
        final int previous = length;
        final int componentLength = componentLength(userKey, codec);
        final long total = (long)previous + componentLength;
        final long codecBytes = total - framing - framingOf(codec);
        if (codecBytes > maxKeyLength)
        {
            throw new StateValueTooLargeException(
                "key, namespace and map key of state \"" + stateName + "\"", codecBytes, maxKeyLength);
        }
        ensureCapacity((int)total);
        writeComponent(userKey, codec, buffer, previous, componentLength);
        length = (int)total;
        hash = KeyHashing.hash(buffer, length);
        return previous;
    }

    /**
     * Appends a {@code long} map key, encoded as {@link io.cairn.codec.LongCodec} does, and re-hashes.
     *
     * @return the previous length, to pass to {@link #truncate}.
     */
    int appendLong(final long userKey, final String stateName)
    {
        final int previous = length;
        final int total = previous + Long.BYTES;
        if (total - framing > maxKeyLength)
        {
            throw new StateValueTooLargeException(
                "key, namespace and map key of state \"" + stateName + "\"", total - framing, maxKeyLength);
        }
        ensureCapacity(total);
        buffer.putLong(previous, userKey, ByteOrder.BIG_ENDIAN);
        length = total;
        hash = KeyHashing.hash(buffer, length);
        return previous;
    }

    /**
     * Sets the composite key to (key, namespace) from codec bytes read from a stream, adding length prefixes
     * where the codecs are of variable length, and hashes it.
     *
     * @return the composite key's length, or -1 if a length contradicts a fixed-length codec or the maximum.
     */
    int setFromStream(
        final DirectBuffer source,
        final int keyOffset, final int keyLength, final int keyFixedLength,
        final int namespaceOffset, final int namespaceLength, final int namespaceFixedLength)
    {
        final int keyComponent = rawComponentLength(keyLength, keyFixedLength);
        final int namespaceComponent = rawComponentLength(namespaceLength, namespaceFixedLength);
        if (keyComponent < 0 || namespaceComponent < 0 || (long)keyLength + namespaceLength > maxKeyLength)
        {
            return -1;
        }
        framing = keyComponent - keyLength + namespaceComponent - namespaceLength;
        ensureCapacity(keyComponent + namespaceComponent);
        final int afterKey = putRawComponent(0, source, keyOffset, keyLength, keyFixedLength);
        length = putRawComponent(afterKey, source, namespaceOffset, namespaceLength, namespaceFixedLength);
        hash = KeyHashing.hash(buffer, length);
        return length;
    }

    /**
     * Appends a map key component from codec bytes read from a stream, and re-hashes.
     *
     * @return the composite key's new length, or -1 if the length contradicts the codec or the maximum.
     */
    int appendFromStream(final DirectBuffer source, final int offset, final int userKeyLength, final int fixedLength)
    {
        final int component = rawComponentLength(userKeyLength, fixedLength);
        if (component < 0 || (long)length - framing + userKeyLength > maxKeyLength)
        {
            return -1;
        }
        ensureCapacity(length + component);
        length = putRawComponent(length, source, offset, userKeyLength, fixedLength);
        hash = KeyHashing.hash(buffer, length);
        return length;
    }

    private static int rawComponentLength(final int length, final int fixedLength)
    {
        if (fixedLength != Codec.VARIABLE_LENGTH)
        {
            return length == fixedLength ? length : -1;
        }
        return LENGTH_PREFIX + length;
    }

    private int putRawComponent(
        final int at, final DirectBuffer source, final int offset, final int rawLength, final int fixedLength)
    {
        int index = at;
        if (fixedLength == Codec.VARIABLE_LENGTH)
        {
            buffer.putInt(index, rawLength, ByteOrder.BIG_ENDIAN);
            index += LENGTH_PREFIX;
        }
        if (rawLength > 0)
        {
            buffer.putBytes(index, source, offset, rawLength);
        }
        return index + rawLength;
    }

    /** Cuts the composite key back to {@code length} bytes and re-hashes. */
    void truncate(final int length)
    {
        this.length = length;
        hash = KeyHashing.hash(buffer, length);
    }

    /** @return the composite key's bytes, from index 0. */
    DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the composite key's length. */
    int length()
    {
        return length;
    }

    /** @return the composite key's hash. */
    long hash()
    {
        return hash;
    }

    /** @return the length of the key component, or -1 if no key is set. */
    int keyComponentLength()
    {
        return keyComponentLength;
    }

    /** Decodes the current key (allocates: only for {@code getCurrentKey}). */
    <K> K decodeKey(final Codec<K> codec)
    {
        return readComponent(codec, buffer, 0);
    }

    private void ensureCapacity(final int needed)
    {
        // Keep a long's slack so 8-byte reads of the tail stay inside the array.
        if (needed + Long.BYTES > array.length)
        {
            array = Arrays.copyOf(array, Math.max(needed + Long.BYTES, array.length * 2));
            buffer.wrap(array);
        }
    }
}

package io.cairn.rocksdb;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.cairn.backend.StateValueTooLargeException;
import io.cairn.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Builds the RocksDB key of an access ({@link KeyLayout}) in one reusable direct buffer: the key group and the
 * current key are written once per {@code setCurrentKey}; each state access appends its namespace and, for a map
 * entry, the map key. Nothing is allocated once the buffer has grown to the largest key seen.
 *
 * <p>The maximum key length bounds the codec bytes of key, namespace and map key together; the key-group prefix
 * and the length prefixes (the framing) do not count against it, as in the off-heap backend.
 */
final class RocksDbKeyBuilder
{
    private static final int INITIAL_CAPACITY = 256;

    private final int maxKeyLength;
    private final DirectBytes bytes;
    private UnsafeBuffer view;
    private int keyComponentEnd = -1;
    private int keyFraming;
    private int framing;
    private int length;

    /**
     * @param maxKeyLength the most codec bytes of key, namespace and map key together.
     */
    RocksDbKeyBuilder(final int maxKeyLength)
    {
        this.maxKeyLength = maxKeyLength;
        final long largest = (long)maxKeyLength + KeyLayout.KEY_GROUP_PREFIX_LENGTH + 3L * Integer.BYTES;
        this.bytes = new DirectBytes((int)Math.min(INITIAL_CAPACITY, largest));
        this.view = bytes.view();
    }

    /**
     * Checks that a key fits before anything is changed.
     *
     * @return the key component's length.
     * @throws StateValueTooLargeException if its codec bytes exceed the maximum key length.
     */
    <K> int measureKey(final K key, final Codec<K> codec)
    {
        final int componentLength = KeyLayout.componentLength(key, codec);
        final int codecBytes = componentLength - KeyLayout.framing(codec.fixedLength());
        if (codecBytes > maxKeyLength)
        {
            throw new StateValueTooLargeException("key", codecBytes, maxKeyLength);
        }
        return componentLength;
    }

    /** Writes the key group and the key component; {@code componentLength} comes from {@link #measureKey}. */
    <K> void setKey(final int keyGroup, final K key, final Codec<K> codec, final int componentLength)
    {
        final int end = KeyLayout.KEY_GROUP_PREFIX_LENGTH + componentLength;
        ensureCapacity(end);
        KeyLayout.putKeyGroup(view, keyGroup);
        KeyLayout.writeComponent(key, codec, view, KeyLayout.KEY_GROUP_PREFIX_LENGTH, componentLength);
        keyComponentEnd = end;
        keyFraming = KeyLayout.framing(codec.fixedLength());
        framing = keyFraming;
        length = end;
    }

    /**
     * Writes the key group and a {@link io.cairn.codec.LongCodec} key (eight bytes, big-endian, no length prefix),
     * as {@link #setKey} would for the boxed key.
     */
    void setLongKey(final int keyGroup, final long key)
    {
        final int end = KeyLayout.KEY_GROUP_PREFIX_LENGTH + Long.BYTES;
        ensureCapacity(end);
        KeyLayout.putKeyGroup(view, keyGroup);
        view.putLong(KeyLayout.KEY_GROUP_PREFIX_LENGTH, key, ByteOrder.BIG_ENDIAN);
        keyComponentEnd = end;
        keyFraming = 0;
        framing = 0;
        length = end;
    }

    /** Forgets the current key. */
    void clearKey()
    {
        keyComponentEnd = -1;
        length = 0;
    }

    /** @return true if a key is set. */
    boolean hasKey()
    {
        return keyComponentEnd >= 0;
    }

    /** @return the key group of the current key. */
    int keyGroup()
    {
        return KeyLayout.keyGroup(view);
    }

    /** Decodes the current key (allocates: only for {@code getCurrentKey}). */
    <K> K decodeKey(final Codec<K> codec)
    {
        return KeyLayout.readComponent(codec, view, KeyLayout.KEY_GROUP_PREFIX_LENGTH);
    }

    /**
     * Sets the key to (key group, current key, namespace).
     *
     * @param namespace        the namespace component's bytes, from index 0.
     * @param namespaceLength  their length.
     * @param namespaceFraming how many of them are a length prefix.
     * @param stateName        for the error message.
     */
    void setNamespace(
        final DirectBuffer namespace, final int namespaceLength, final int namespaceFraming, final String stateName)
    {
        final int total = keyComponentEnd + namespaceLength;
        framing = keyFraming + namespaceFraming;
        final int codecBytes = total - KeyLayout.KEY_GROUP_PREFIX_LENGTH - framing;
        if (codecBytes > maxKeyLength)
        {
            throw new StateValueTooLargeException(
                "key and namespace of state \"" + stateName + "\"", codecBytes, maxKeyLength);
        }
        ensureCapacity(total);
        if (namespaceLength > 0)
        {
            view.putBytes(keyComponentEnd, namespace, 0, namespaceLength);
        }
        length = total;
    }

    /**
     * Appends a map key component; {@link #truncate} goes back.
     *
     * @return the length before it, to pass to {@link #truncate}.
     */
    <UK> int appendUserKey(final UK userKey, final Codec<UK> codec, final String stateName)
    {
        final int previous = length;
        final int componentLength = KeyLayout.componentLength(userKey, codec);
        final long total = (long)previous + componentLength;
        final long codecBytes =
            total - KeyLayout.KEY_GROUP_PREFIX_LENGTH - framing - KeyLayout.framing(codec.fixedLength());
        if (codecBytes > maxKeyLength)
        {
            throw new StateValueTooLargeException(
                "key, namespace and map key of state \"" + stateName + "\"", codecBytes, maxKeyLength);
        }
        ensureCapacity((int)total);
        KeyLayout.writeComponent(userKey, codec, view, previous, componentLength);
        length = (int)total;
        return previous;
    }

    /**
     * Appends a {@code long} map key, encoded as {@link io.cairn.codec.LongCodec} does.
     *
     * @return the length before it, to pass to {@link #truncate}.
     */
    int appendLong(final long userKey, final String stateName)
    {
        final int previous = length;
        final int total = previous + Long.BYTES;
        final int codecBytes = total - KeyLayout.KEY_GROUP_PREFIX_LENGTH - framing;
        if (codecBytes > maxKeyLength)
        {
            throw new StateValueTooLargeException(
                "key, namespace and map key of state \"" + stateName + "\"", codecBytes, maxKeyLength);
        }
        ensureCapacity(total);
        view.putLong(previous, userKey, ByteOrder.BIG_ENDIAN);
        length = total;
        return previous;
    }

    /**
     * Sets the key to (key group, key, namespace) from codec bytes read from a stream, adding the length prefixes
     * where the codecs are of variable length.
     *
     * @return the key's length, or -1 if a length contradicts a fixed-length codec or the maximum key length.
     */
    int setFromStream(
        final int keyGroup,
        final DirectBuffer source,
        final int keyOffset, final int keyLength, final int keyFixedLength,
        final int namespaceOffset, final int namespaceLength, final int namespaceFixedLength)
    {
        if (!fits(keyLength, keyFixedLength) || !fits(namespaceLength, namespaceFixedLength) ||
            (long)keyLength + namespaceLength > maxKeyLength)
        {
            return -1;
        }
        framing = KeyLayout.framing(keyFixedLength) + KeyLayout.framing(namespaceFixedLength);
        ensureCapacity(KeyLayout.KEY_GROUP_PREFIX_LENGTH + framing + keyLength + namespaceLength);
        KeyLayout.putKeyGroup(view, keyGroup);
        final int afterKey = KeyLayout.writeRawComponent(
            view, KeyLayout.KEY_GROUP_PREFIX_LENGTH, source, keyOffset, keyLength, keyFixedLength);
        length = KeyLayout.writeRawComponent(
            view, afterKey, source, namespaceOffset, namespaceLength, namespaceFixedLength);
        return length;
    }

    /**
     * Appends a map key component from codec bytes read from a stream.
     *
     * @return the key's new length, or -1 if the length contradicts the codec or the maximum key length.
     */
    int appendFromStream(final DirectBuffer source, final int offset, final int userKeyLength, final int fixedLength)
    {
        final long codecBytes = (long)length - KeyLayout.KEY_GROUP_PREFIX_LENGTH - framing + userKeyLength;
        if (!fits(userKeyLength, fixedLength) || codecBytes > maxKeyLength)
        {
            return -1;
        }
        ensureCapacity(length + KeyLayout.framing(fixedLength) + userKeyLength);
        length = KeyLayout.writeRawComponent(view, length, source, offset, userKeyLength, fixedLength);
        return length;
    }

    private static boolean fits(final int length, final int fixedLength)
    {
        return fixedLength == Codec.VARIABLE_LENGTH || length == fixedLength;
    }

    /** Cuts the key back to {@code length} bytes. */
    void truncate(final int length)
    {
        this.length = length;
    }

    /** @return the key's length. */
    int length()
    {
        return length;
    }

    /** @return the key's bytes, from index 0. */
    UnsafeBuffer view()
    {
        return view;
    }

    /** @return the key as a ByteBuffer, position 0, limit its length. */
    ByteBuffer byteBuffer()
    {
        return bytes.range(0, length);
    }

    private void ensureCapacity(final int needed)
    {
        // A long's slack keeps 8-byte reads of the tail (prefix comparison) inside the buffer.
        view = bytes.ensureCapacity(needed + Long.BYTES, Math.max(length, keyComponentEnd));
    }
}

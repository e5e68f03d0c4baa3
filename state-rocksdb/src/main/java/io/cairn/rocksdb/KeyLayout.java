package io.cairn.rocksdb;

import java.nio.ByteOrder;

import io.cairn.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The layout of a RocksDB key of keyed state, in the column family of its state:
 *
 * <pre>
 *  0                2
 *  +----------------+------------------+------------------------+-----------------------------+
 *  | key group (u16)| key component    | namespace component    | map key component (maps)    |
 *  +----------------+------------------+------------------------+-----------------------------+
 *  component = [length (int, big-endian), only if the codec is of variable length] [codec bytes]
 * </pre>
 *
 * <p>The key group comes first, big-endian and fixed-width, so the entries of one key group are one contiguous
 * range of the column family, {@code [keyGroup, keyGroup + 1)}: a snapshot walks it in order and a clip deletes it
 * with one range deletion. Components are prefix-free (fixed length, or length-prefixed), so no two different
 * (key, namespace, map key) triples share bytes, and the entries of one map are exactly the keys that start with
 * its (key group, key, namespace) prefix. Bytes are the codecs' own, as in the off-heap backend and the stream
 * format: a stream entry becomes a key by adding the key group and the length prefixes, and back by removing them.
 */
final class KeyLayout
{
    /** Bytes of the key-group prefix. Max parallelism is at most 32768, so a key group fits an unsigned short. */
    static final int KEY_GROUP_PREFIX_LENGTH = 2;

    /** Bytes of the length prefix of a variable-length component. */
    static final int LENGTH_PREFIX = Integer.BYTES;

    /** One past the largest key group: the exclusive upper bound of every key-group range. */
    static final int KEY_GROUP_LIMIT = 1 << 15;

    private KeyLayout()
    {
    }

    /** Writes the key-group prefix at index 0. */
    static void putKeyGroup(final MutableDirectBuffer buffer, final int keyGroup)
    {
        buffer.putShort(0, (short)keyGroup, ByteOrder.BIG_ENDIAN);
    }

    /** @return the key group of the key in {@code buffer} from index 0. */
    static int keyGroup(final DirectBuffer buffer)
    {
        return buffer.getShort(0, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param keyGroup a key group, or {@link #KEY_GROUP_LIMIT}.
     * @return its 2-byte prefix, for range bounds.
     */
    static byte[] keyGroupPrefix(final int keyGroup)
    {
        return new byte[] { (byte)(keyGroup >>> 8), (byte)keyGroup };
    }

    /** @return the framing bytes of a component of a codec of {@code fixedLength}: its length prefix, if any. */
    static int framing(final int fixedLength)
    {
        return fixedLength == Codec.VARIABLE_LENGTH ? LENGTH_PREFIX : 0;
    }

    /**
     * @return the bytes the component of {@code value} takes, length prefix included.
     */
    static <T> int componentLength(final T value, final Codec<T> codec)
    {
        final int fixed = codec.fixedLength();
        return fixed != Codec.VARIABLE_LENGTH ? fixed : LENGTH_PREFIX + codec.encodedLength(value);
    }

    /**
     * Writes the component of {@code value} at {@code offset}.
     *
     * @param length what {@link #componentLength} said.
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
     * Writes a component from a codec's raw bytes (as a stream holds them), adding the length prefix if needed.
     *
     * @return the offset after it.
     */
    static int writeRawComponent(
        final MutableDirectBuffer target,
        final int offset,
        final DirectBuffer source,
        final int sourceOffset,
        final int length,
        final int fixedLength)
    {
        int index = offset;
        if (fixedLength == Codec.VARIABLE_LENGTH)
        {
            target.putInt(index, length, ByteOrder.BIG_ENDIAN);
            index += LENGTH_PREFIX;
        }
        if (length > 0)
        {
            target.putBytes(index, source, sourceOffset, length);
        }
        return index + length;
    }

    /** @return the length of the component at {@code offset}, prefix included. */
    static int componentLengthAt(final DirectBuffer source, final int offset, final int fixedLength)
    {
        return fixedLength != Codec.VARIABLE_LENGTH ?
            fixedLength : LENGTH_PREFIX + source.getInt(offset, ByteOrder.BIG_ENDIAN);
    }

    /** @return where the codec bytes of the component at {@code offset} start. */
    static int bytesOffset(final int offset, final int fixedLength)
    {
        return fixedLength != Codec.VARIABLE_LENGTH ? offset : offset + LENGTH_PREFIX;
    }

    /** @return how many codec bytes the component at {@code offset} holds. */
    static int bytesLength(final DirectBuffer source, final int offset, final int fixedLength)
    {
        return fixedLength != Codec.VARIABLE_LENGTH ? fixedLength : source.getInt(offset, ByteOrder.BIG_ENDIAN);
    }

    /** @return the value of the component at {@code offset}. */
    static <T> T readComponent(final Codec<T> codec, final DirectBuffer source, final int offset)
    {
        final int fixed = codec.fixedLength();
        if (fixed != Codec.VARIABLE_LENGTH)
        {
            return codec.decode(source, offset, fixed);
        }
        return codec.decode(source, offset + LENGTH_PREFIX, source.getInt(offset, ByteOrder.BIG_ENDIAN));
    }

    /**
     * @return true if the first {@code length} bytes of {@code a} and {@code b} (both from index 0) are equal.
     */
    static boolean startsWith(final DirectBuffer a, final int aLength, final DirectBuffer prefix, final int length)
    {
        if (aLength < length)
        {
            return false;
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            if (a.getLong(i) != prefix.getLong(i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (a.getByte(i) != prefix.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    /** @return true if {@code length} bytes of {@code a} from {@code aOffset} equal those of {@code b} from 0. */
    static boolean bytesEqual(final DirectBuffer a, final int aOffset, final DirectBuffer b, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(i))
            {
                return false;
            }
        }
        return true;
    }

    static void checkWritten(final Codec<?> codec, final int written, final int expected)
    {
        if (written != expected)
        {
            throw new IllegalStateException("codec " + codec.codecId() + " wrote " + written +
                " bytes but announced " + expected + " (encodedLength/fixedLength and encode disagree)");
        }
    }
}

package io.cairn.checkpoint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.cairn.snapshot.CorruptedStateException;

/**
 * Big-endian primitives of the metadata format read from the bytes of one file, up to a limit (the footer). Every
 * read is bounds-checked: running past the limit, a length or count that does not fit the bytes that remain, or
 * malformed text is a {@link CorruptedStateException} naming the file and the offset. Not thread-safe.
 */
final class MetadataInput
{
    private final String file;
    private final int version;
    private final ByteBuffer buffer;
    private final int limit;
    private int position;

    /**
     * @param file     the file's name, for messages.
     * @param version  the file's format version, checked already.
     * @param bytes    the file's bytes.
     * @param position where to start reading.
     * @param limit    where to stop: reads past it fail.
     */
    MetadataInput(final String file, final int version, final byte[] bytes, final int position, final int limit)
    {
        this.file = file;
        this.version = version;
        this.buffer = ByteBuffer.wrap(bytes);
        this.position = position;
        this.limit = limit;
    }

    /** @return the file's name. */
    String file()
    {
        return file;
    }

    /** @return the file's format version: what its body may hold. */
    int version()
    {
        return version;
    }

    /** @return the offset of the next byte to read. */
    int position()
    {
        return position;
    }

    /** @return how many bytes remain before the limit. */
    int remaining()
    {
        return limit - position;
    }

    int readByte(final String what) throws CorruptedStateException
    {
        require(Byte.BYTES, what);
        return buffer.get(position++) & 0xFF;
    }

    int readInt(final String what) throws CorruptedStateException
    {
        require(Integer.BYTES, what);
        final int value = buffer.getInt(position);
        position += Integer.BYTES;
        return value;
    }

    long readLong(final String what) throws CorruptedStateException
    {
        require(Long.BYTES, what);
        final long value = buffer.getLong(position);
        position += Long.BYTES;
        return value;
    }

    /**
     * Reads a u32 count of elements that take at least {@code minElementLength} bytes each.
     *
     * @return the count, which fits the bytes that remain.
     */
    int readCount(final String what, final int minElementLength) throws CorruptedStateException
    {
        final int at = position;
        final int count = readInt(what);
        if (count < 0 || (long)count * minElementLength > remaining())
        {
            throw corrupt(at, what + "=" + Integer.toUnsignedString(count) + "; expected a count whose " +
                "elements fit the " + remaining() + " bytes that remain");
        }
        return count;
    }

    /** Reads a u32 length, then that many bytes. */
    byte[] readBytes(final String what) throws CorruptedStateException
    {
        final int at = position;
        final int length = readInt(what + " length");
        if (length < 0 || length > remaining())
        {
            throw corrupt(at, what + " length=" + Integer.toUnsignedString(length) + "; expected at most the " +
                remaining() + " bytes that remain");
        }
        final byte[] bytes = new byte[length];
        buffer.get(position, bytes);
        position += length;
        return bytes;
    }

    /** Reads a u32 length, then that many bytes of UTF-8. */
    String readString(final String what) throws CorruptedStateException
    {
        final int at = position;
        final byte[] bytes = readBytes(what);
        try
        {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            final CorruptedStateException corrupt = corrupt(at, what + " is not well-formed UTF-8");
            corrupt.initCause(ex);
            throw corrupt;
        }
    }

    /**
     * @param offset where the problem is.
     * @param what   what is wrong there.
     * @return the exception to throw, naming the file and the offset.
     */
    CorruptedStateException corrupt(final long offset, final String what)
    {
        return new CorruptedStateException(file, offset, what);
    }

    private void require(final int length, final String what) throws CorruptedStateException
    {
        if (remaining() < length)
        {
            throw corrupt(position, what + " (" + length + " bytes) runs past the end of the body at offset " +
                limit);
        }
    }
}

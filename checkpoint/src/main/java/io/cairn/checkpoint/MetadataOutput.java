package io.cairn.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Big-endian primitives of the metadata format written to a stream, counting the bytes written and keeping a
 * running CRC32C of them. Not thread-safe; it does not own the stream.
 */
final class MetadataOutput
{
    private final OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final byte[] scratch = new byte[Long.BYTES];
    private long position;

    MetadataOutput(final OutputStream out)
    {
        this.out = out;
    }

    /** @return how many bytes were written. */
    long position()
    {
        return position;
    }

    /** @return the CRC32C of every byte written so far. */
    int crc()
    {
        return (int)crc.getValue();
    }

    void writeByte(final int value) throws IOException
    {
        scratch[0] = (byte)value;
        write(scratch, 0, 1);
    }

    void writeInt(final int value) throws IOException
    {
        for (int i = 0; i < Integer.BYTES; i++)
        {
            scratch[i] = (byte)(value >>> (Integer.SIZE - Byte.SIZE * (i + 1)));
        }
        write(scratch, 0, Integer.BYTES);
    }

    void writeLong(final long value) throws IOException
    {
        for (int i = 0; i < Long.BYTES; i++)
        {
            scratch[i] = (byte)(value >>> (Long.SIZE - Byte.SIZE * (i + 1)));
        }
        write(scratch, 0, Long.BYTES);
    }

    /** Writes a u32 length, then the bytes. */
    void writeBytes(final byte[] bytes) throws IOException
    {
        writeInt(bytes.length);
        write(bytes, 0, bytes.length);
    }

    /**
     * Writes a u32 length, then the string's UTF-8 bytes.
     *
     * @throws IllegalArgumentException if the string is not well-formed UTF-16 (a lone surrogate), which UTF-8
     *                                  cannot carry and would not read back equal.
     */
    void writeString(final String value, final String what) throws IOException
    {
        final ByteBuffer encoded;
        try
        {
            encoded = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(value));
        }
        catch (final CharacterCodingException ex)
        {
            throw new IllegalArgumentException(what + "=\"" + value + "\"; expected well-formed UTF-16 text", ex);
        }
        final byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        writeBytes(bytes);
    }

    private void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        out.write(bytes, offset, length);
        crc.update(bytes, offset, length);
        position += length;
    }
}

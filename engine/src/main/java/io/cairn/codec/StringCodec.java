package io.cairn.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * {@code String} values as UTF-8 (unpaired surrogates become {@code '?'}, as {@link String#getBytes} does).
 * Encoding writes straight into the buffer, without an intermediate array.
 */
public final class StringCodec implements Codec<String>
{
    /** The single instance. */
    public static final StringCodec INSTANCE = new StringCodec();

    private StringCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return VARIABLE_LENGTH;
    }

    @Override
    public int encodedLength(final String value)
    {
        final int length = value.length();
        int bytes = 0;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                bytes += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                bytes += 1;
            }
            else
            {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Override
    public int encode(final String value, final MutableDirectBuffer buffer, final int offset)
    {
        final int length = value.length();
        int index = offset;
        for (int i = 0; i < length; i++)
        {
            final char c = value.charAt(i);
            if (c < 0x80)
            {
                buffer.putByte(index++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(index++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(index++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, value.charAt(++i));
                buffer.putByte(index++, (byte)(0xF0 | (cp >> 18)));
                buffer.putByte(index++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(index++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(index++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                buffer.putByte(index++, (byte)'?');
            }
            else
            {
                buffer.putByte(index++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(index++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(index++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return index - offset;
    }

    @Override
    public String decode(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public String codecId()
    {
        return "cairn.string-utf8";
    }
}

package io.cairn.codec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link StringCodec} writes exactly the bytes of {@code String.getBytes(UTF_8)}, including the {@code '?'} that
 * replaces an unpaired surrogate, and its {@code encodedLength} is their number.
 */
class StringCodecTest
{
    private static final int OFFSET = 7;

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "plain ascii 0123456789 ~!@#",
        "\u0000\u007f",
        "two bytes: \u0080 \u00e9 \u00ff \u0100 \u07ff",
        "three bytes: \u0800 \u6f22\u5b57 \u20ac \ufffd \uffff",
        "supplementary: \uD83D\uDE00 \uD800\uDC00 \uDBFF\uDFFF",
        "lone high \uD83D end",
        "lone low \uDE00 end",
        "high at end \uD83D",
        "\uDE00 low at start",
        "reversed pair \uDE00\uD83D",
        "two highs \uD83D\uD83D\uDE00",
        "mix a\u00e9\u6f22\uD83D\uDE00z"
    })
    void shouldEncodeTheSameBytesAsGetBytesUtf8(final String value)
    {
        final byte[] expected = value.getBytes(StandardCharsets.UTF_8);

        assertEquals(expected.length, StringCodec.INSTANCE.encodedLength(value));
        assertArrayEquals(expected, encode(value, new UnsafeBuffer(new byte[OFFSET + expected.length + 3])));
        assertArrayEquals(expected, encode(value,
            new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + expected.length + 3))));
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "a", "\u00e9", "\u6f22", "\uD83D\uDE00", "a\u00e9\u6f22\uD83D\uDE00" })
    void shouldRoundTripWellFormedStrings(final String value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(OFFSET + 16));
        final int length = StringCodec.INSTANCE.encode(value, buffer, OFFSET);

        assertEquals(value, StringCodec.INSTANCE.decode(buffer, OFFSET, length));
    }

    @ParameterizedTest
    @ValueSource(strings = { "lone \uD83D", "\uDE00", "x\uDE00\uD83Dy" })
    void shouldDecodeUnpairedSurrogatesAsWhatGetBytesProduces(final String value)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[OFFSET + 16]);
        final int length = StringCodec.INSTANCE.encode(value, buffer, OFFSET);

        assertEquals(new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
            StringCodec.INSTANCE.decode(buffer, OFFSET, length));
    }

    private static byte[] encode(final String value, final UnsafeBuffer buffer)
    {
        final int length = StringCodec.INSTANCE.encode(value, buffer, OFFSET);
        assertEquals(StringCodec.INSTANCE.encodedLength(value), length);
        final byte[] bytes = new byte[length];
        buffer.getBytes(OFFSET, bytes);
        return bytes;
    }
}

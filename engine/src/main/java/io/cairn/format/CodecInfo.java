package io.cairn.format;

import java.util.Objects;

import io.cairn.codec.Codec;

/**
 * What a stream records of a codec: its id and its fixed length (or {@link Codec#VARIABLE_LENGTH}), enough to
 * check that a reader's codec reads the writer's bytes and to lay the bytes out before any codec is known.
 */
public final class CodecInfo
{
    private final String codecId;
    private final int fixedLength;

    /**
     * @param codecId     the codec's {@link Codec#codecId()}.
     * @param fixedLength its {@link Codec#fixedLength()}.
     */
    public CodecInfo(final String codecId, final int fixedLength)
    {
        this.codecId = Objects.requireNonNull(codecId, "codecId");
        this.fixedLength = fixedLength;
    }

    /**
     * @param codec a codec.
     * @return what a stream records of it.
     */
    public static CodecInfo of(final Codec<?> codec)
    {
        return new CodecInfo(codec.codecId(), codec.fixedLength());
    }

    /** @return the codec's id. */
    public String codecId()
    {
        return codecId;
    }

    /** @return the codec's fixed length, or {@link Codec#VARIABLE_LENGTH}. */
    public int fixedLength()
    {
        return fixedLength;
    }

    /**
     * @param codec a reader's codec.
     * @return true if it reads what the writer's codec wrote (same id and length).
     */
    public boolean matches(final Codec<?> codec)
    {
        return codecId.equals(codec.codecId()) && fixedLength == codec.fixedLength();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof CodecInfo && codecId.equals(((CodecInfo)o).codecId) &&
            fixedLength == ((CodecInfo)o).fixedLength;
    }

    @Override
    public int hashCode()
    {
        return codecId.hashCode() * 31 + fixedLength;
    }

    @Override
    public String toString()
    {
        return fixedLength == Codec.VARIABLE_LENGTH ? codecId : codecId + "(" + fixedLength + ")";
    }
}

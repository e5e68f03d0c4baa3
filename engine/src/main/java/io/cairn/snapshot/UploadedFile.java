package io.cairn.snapshot;

import java.io.Serializable;
import java.util.Objects;

/**
 * A local file a snapshot copied into a stream, as a restore needs it back: the file's name, the stream holding its
 * bytes, the checkpoint that wrote the stream, and the bytes' length and CRC32C, computed while they were copied. A
 * restore checks both before it uses the file, so a damaged, truncated or swapped stream is found before anything
 * opens it. Immutable.
 */
public final class UploadedFile implements Serializable
{
    private static final long serialVersionUID = 1L;

    private final String fileName;
    private final StreamStateHandle stream;
    private final long checkpointId;
    private final long length;
    private final int crc32c;

    /**
     * @param fileName     the local file's name: a single path segment (see {@link #isPlainFileName}).
     * @param stream       where its bytes are.
     * @param checkpointId the checkpoint that wrote the stream, {@code >= 0}.
     * @param length       the file's length in bytes: the stream's size.
     * @param crc32c       the CRC32C of its bytes.
     * @throws IllegalArgumentException if an argument is null or out of range, naming it.
     */
    public UploadedFile(
        final String fileName, final StreamStateHandle stream, final long checkpointId, final long length,
        final int crc32c)
    {
        if (!isPlainFileName(fileName))
        {
            throw new IllegalArgumentException("fileName=" + (fileName == null ? "null" : "\"" + fileName + "\"") +
                "; expected a plain file name: not empty, \".\" or \"..\", without '/', '\\\\' or NUL");
        }
        if (stream == null)
        {
            throw new IllegalArgumentException("stream=null; expected the handle of " + fileName + "'s bytes");
        }
        if (checkpointId < 0)
        {
            throw new IllegalArgumentException("checkpointId=" + checkpointId + " of " + fileName + "; expected >= 0");
        }
        if (length < 0 || length != stream.getStateSize())
        {
            throw new IllegalArgumentException("length=" + length + " of " + fileName + "; expected the size of " +
                "its stream " + stream.describe() + ", " + stream.getStateSize());
        }
        this.fileName = fileName;
        this.stream = stream;
        this.checkpointId = checkpointId;
        this.length = length;
        this.crc32c = crc32c;
    }

    /**
     * @param name a file name.
     * @return true if it is one path segment on every platform: not empty, not {@code .} or {@code ..}, without
     * {@code /}, {@code \} or NUL. Only such a name may be created inside a restore's directory.
     */
    public static boolean isPlainFileName(final String name)
    {
        return name != null && !name.isEmpty() && !".".equals(name) && !"..".equals(name) &&
            name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    /** @return the local file's name. */
    public String fileName()
    {
        return fileName;
    }

    /** @return where its bytes are. */
    public StreamStateHandle stream()
    {
        return stream;
    }

    /** @return the checkpoint that wrote the stream. */
    public long checkpointId()
    {
        return checkpointId;
    }

    /** @return the file's length in bytes. */
    public long length()
    {
        return length;
    }

    /** @return the CRC32C of its bytes. */
    public int crc32c()
    {
        return crc32c;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof UploadedFile))
        {
            return false;
        }
        final UploadedFile that = (UploadedFile)o;
        return checkpointId == that.checkpointId && length == that.length && crc32c == that.crc32c &&
            fileName.equals(that.fileName) && stream.equals(that.stream);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(fileName, stream, checkpointId, length, crc32c);
    }

    @Override
    public String toString()
    {
        return "UploadedFile{" + fileName + ", stream=" + stream.describe() + ", checkpointId=" + checkpointId +
            ", length=" + length + ", crc32c=" + Integer.toHexString(crc32c) + "}";
    }
}

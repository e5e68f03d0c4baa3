package io.cairn.snapshot;

import java.io.IOException;

/**
 * A stored stream is damaged, truncated, foreign or of a format this version cannot read. Nothing from it was
 * loaded. The message names the stream and the byte offset where the problem was found.
 */
public final class CorruptedStateException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final String stream;
    private final long offset;

    /**
     * @param stream the stream's name (a file path, for files).
     * @param offset the byte offset of the damaged part.
     * @param what   what is wrong there.
     */
    public CorruptedStateException(final String stream, final long offset, final String what)
    {
        super(stream + " at offset " + offset + ": " + what);
        this.stream = stream;
        this.offset = offset;
    }

    /** @return the stream's name. */
    public String getStream()
    {
        return stream;
    }

    /** @return the byte offset of the problem. */
    public long getOffset()
    {
        return offset;
    }
}

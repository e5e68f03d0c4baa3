package io.cairn.snapshot;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;

/**
 * Random-access reads of a stored stream, so that a reader can seek straight to the parts it needs (the footer,
 * the index, the key groups it owns) and skip the rest.
 */
public interface PositionedInput extends Closeable
{
    /**
     * @return the stream's length in bytes.
     * @throws IOException if it cannot be determined.
     */
    long length() throws IOException;

    /**
     * Reads exactly {@code length} bytes at {@code position}.
     *
     * @throws EOFException if the stream ends before them.
     * @throws IOException  if the read fails.
     */
    void readFully(long position, byte[] target, int offset, int length) throws IOException;

    /** @return what to name the stream in messages: a file path, or a description. */
    String describe();
}

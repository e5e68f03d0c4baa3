package io.cairn.snapshot;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a snapshot writes one stream. {@link #closeAndGetHandle()} makes the bytes durable and returns their
 * handle; {@link #close()} without it abandons the stream and deletes whatever was written, so a cancelled or
 * failed snapshot leaves nothing behind.
 */
public abstract class CheckpointStateOutputStream extends OutputStream
{
    /** @return the number of bytes written so far. */
    public abstract long getPos() throws IOException;

    /**
     * Flushes, makes the bytes durable (fsync for files) and closes the stream.
     *
     * @return the handle of the written bytes, or null if nothing was written.
     * @throws IOException if the bytes could not be made durable; nothing is left behind then.
     */
    public abstract StreamStateHandle closeAndGetHandle() throws IOException;

    /** Closes the stream; if {@link #closeAndGetHandle()} was not called, deletes what was written. */
    @Override
    public abstract void close() throws IOException;
}

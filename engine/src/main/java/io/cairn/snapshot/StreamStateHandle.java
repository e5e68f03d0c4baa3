package io.cairn.snapshot;

import java.io.IOException;

/** A handle to one stored stream of bytes (a file, or bytes in memory). */
public interface StreamStateHandle extends StateHandle
{
    /**
     * @return a fresh input over the bytes; the caller closes it.
     * @throws IOException if the bytes cannot be opened (for example, the file is gone).
     */
    PositionedInput openInput() throws IOException;

    /** @return what to name the stream in messages: a file path, or a description. */
    String describe();
}

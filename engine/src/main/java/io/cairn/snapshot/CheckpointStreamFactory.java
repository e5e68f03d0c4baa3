package io.cairn.snapshot;

import java.io.IOException;

/** Creates the streams a snapshot writes: one per backend per checkpoint, named so no name is ever reused. */
public interface CheckpointStreamFactory
{
    /**
     * @param scope who owns the stream.
     * @return a new stream; the caller closes it.
     * @throws IOException if it cannot be created.
     */
    CheckpointStateOutputStream createCheckpointStateOutputStream(CheckpointedStateScope scope) throws IOException;
}

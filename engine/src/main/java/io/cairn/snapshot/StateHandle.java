package io.cairn.snapshot;

import java.io.IOException;
import java.io.Serializable;

/**
 * A handle to state written by a snapshot: it knows where the bytes are and how many there are, and can delete
 * them. Handles are immutable values; serialising one (the coordinator records them in checkpoint metadata)
 * never copies the state itself.
 */
public interface StateHandle extends Serializable
{
    /**
     * Deletes the state this handle points to. Idempotent: discarding state that is already gone is not an error.
     *
     * @throws IOException if the state exists and could not be deleted.
     */
    void discardState() throws IOException;

    /** @return the size of the state in bytes, as stored. */
    long getStateSize();
}

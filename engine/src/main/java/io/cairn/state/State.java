package io.cairn.state;

/**
 * State a backend hands out. Keyed state acts on the value of the backend's current key in the state's current
 * namespace; operator state acts on the subtask's own value. State objects are not thread-safe; they belong to the
 * thread that drives their backend.
 */
public interface State
{
    /** Removes the value (of the current key and namespace, for keyed state). */
    void clear();
}

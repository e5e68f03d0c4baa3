package io.cairn.state;

/**
 * Keyed state: every method acts on the value of the backend's current key in the state's current namespace.
 * State objects are not thread-safe; they belong to the thread that drives their backend.
 */
public interface State
{
    /** Removes the value of the current key and namespace. */
    void clear();
}

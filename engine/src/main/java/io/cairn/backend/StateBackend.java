package io.cairn.backend;

/**
 * A kind of keyed state storage, which creates one {@link KeyedStateBackend} per subtask.
 * Implementations are found by {@link StateBackendLoader} through a {@link StateBackendFactory}.
 */
public interface StateBackend
{
    /** @return the name under which the backend is selected, e.g. {@code offheap}. */
    String getName();

    /**
     * @param parameters the key codec, key groups, max parallelism and memory budget of the subtask.
     * @param <K>        the key type.
     * @return a new, empty keyed backend; the caller closes it.
     */
    <K> KeyedStateBackend<K> createKeyedStateBackend(KeyedStateBackendParameters<K> parameters);
}

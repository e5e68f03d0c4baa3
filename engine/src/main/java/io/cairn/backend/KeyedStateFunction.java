package io.cairn.backend;

import io.cairn.state.State;

/**
 * What {@link KeyedStateBackend#applyToAllKeys} does with each key.
 *
 * @param <K> the key type.
 * @param <S> the state interface.
 */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State>
{
    /**
     * @param key   the key, which is also the backend's current key during the call.
     * @param state the state, acting on that key.
     * @throws Exception to stop the iteration; it reaches the caller of applyToAllKeys.
     */
    void process(K key, S state) throws Exception;
}

package io.cairn.peers.flink;

import java.util.Collection;

import org.apache.flink.runtime.state.AbstractKeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;

/**
 * Builds a Flink keyed backend with fixed parameters (task environment, key serializer, key groups), empty or from
 * restored handles: in Flink a backend is restored by building it, so a restore builds a new one.
 *
 * @param <K> the key type.
 */
@FunctionalInterface
interface FlinkBackendBuilder<K>
{
    /**
     * @param restoredHandles the handles to restore, already cut to the backend's key groups; empty for none.
     * @return the new backend, with the state of the handles.
     * @throws Exception whatever Flink throws while building or restoring.
     */
    AbstractKeyedStateBackend<K> build(Collection<KeyedStateHandle> restoredHandles) throws Exception;
}

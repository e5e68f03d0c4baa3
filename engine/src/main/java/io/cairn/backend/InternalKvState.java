package io.cairn.backend;

import io.cairn.codec.Codec;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;

/**
 * The host's view of a state object: the state itself, plus the namespace it acts in.
 *
 * @param <N> the namespace type.
 * @param <S> the state interface.
 */
public interface InternalKvState<N, S extends State>
{
    /** @return the user-facing state object (the same object every time). */
    S state();

    /** @return the state's descriptor. */
    StateDescriptor<S> getDescriptor();

    /** @return how the state's namespaces are encoded. */
    Codec<N> getNamespaceCodec();

    /**
     * @param namespace the namespace later calls on {@link #state()} act in, not null.
     */
    void setCurrentNamespace(N namespace);

    /** @return the namespace the state acts in, or null if none was set. */
    N getCurrentNamespace();
}

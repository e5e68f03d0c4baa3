package io.cairn.backend;

import java.util.Map;

/**
 * Makes a {@link StateBackend} from configuration. Implementations are listed in
 * {@code META-INF/services/io.cairn.backend.StateBackendFactory} and found with {@link java.util.ServiceLoader}.
 */
public interface StateBackendFactory
{
    /** @return the value of {@code state.backend.type} that selects this factory; lower case. */
    String name();

    /**
     * @param config the whole configuration; the factory reads its own keys and validates them.
     * @return the configured backend.
     * @throws IllegalArgumentException if one of the factory's options has a bad value.
     */
    StateBackend createFromConfig(Map<String, String> config);
}

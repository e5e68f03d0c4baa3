package io.cairn.backend;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Picks a {@link StateBackend} by name from configuration.
 *
 * <p>{@value #STATE_BACKEND_TYPE} names the backend ({@value #DEFAULT_STATE_BACKEND} unless set); the backends on
 * the class path are those whose {@link StateBackendFactory} is registered for {@link ServiceLoader}.
 */
public final class StateBackendLoader
{
    /** The configuration key that names the backend. */
    public static final String STATE_BACKEND_TYPE = "state.backend.type";

    /** The backend used when {@value #STATE_BACKEND_TYPE} is not set. */
    public static final String DEFAULT_STATE_BACKEND = "offheap";

    private StateBackendLoader()
    {
    }

    /**
     * Loads the backend named by {@value #STATE_BACKEND_TYPE}, with this class's class loader.
     *
     * @param config the configuration.
     * @return the backend.
     * @throws IllegalArgumentException if the name is unknown (the message lists the known names) or an option
     *                                  of the backend is bad.
     */
    public static StateBackend loadStateBackendFromConfig(final Map<String, String> config)
    {
        return loadStateBackendFromConfig(config, StateBackendLoader.class.getClassLoader());
    }

    /**
     * Loads the backend named by {@value #STATE_BACKEND_TYPE}.
     *
     * @param config      the configuration.
     * @param classLoader where to look for factories.
     * @return the backend.
     * @throws IllegalArgumentException if the name is unknown (the message lists the known names) or an option
     *                                  of the backend is bad.
     */
    public static StateBackend loadStateBackendFromConfig(
        final Map<String, String> config, final ClassLoader classLoader)
    {
        if (config == null)
        {
            throw new IllegalArgumentException("config=null; expected a configuration map (it may be empty)");
        }
        final String configured = config.get(STATE_BACKEND_TYPE);
        final String name =
            configured == null ? DEFAULT_STATE_BACKEND : configured.trim().toLowerCase(java.util.Locale.ROOT);
        final Map<String, StateBackendFactory> factories = availableFactories(classLoader);
        final StateBackendFactory factory = factories.get(name);
        if (factory == null)
        {
            throw new IllegalArgumentException(
                STATE_BACKEND_TYPE + "=" + name + (configured == null ? " (the default)" : "") +
                " is not a known state backend; known: " + factories.keySet());
        }
        return factory.createFromConfig(config);
    }

    /**
     * @param classLoader where to look.
     * @return the registered factories by name, sorted.
     */
    public static Map<String, StateBackendFactory> availableFactories(final ClassLoader classLoader)
    {
        final Map<String, StateBackendFactory> factories = new TreeMap<>();
        for (final StateBackendFactory factory : ServiceLoader.load(StateBackendFactory.class, classLoader))
        {
            final StateBackendFactory previous = factories.putIfAbsent(factory.name(), factory);
            if (previous != null && previous.getClass() != factory.getClass())
            {
                throw new IllegalStateException("state backend name=" + factory.name() + " is claimed by both " +
                    previous.getClass().getName() + " and " + factory.getClass().getName());
            }
        }
        return factories;
    }
}

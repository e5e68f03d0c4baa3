package io.cairn.backend;

import java.util.Map;

/**
 * A test-only {@link StateBackendFactory}, registered as {@value #NAME} in the engine's test resources so that
 * {@link StateBackendLoaderTest} can see the loader find a factory through {@link java.util.ServiceLoader}.
 *
 * <p>This test-jar is on other modules' test class paths, so the factory is harmless: nothing selects it unless
 * asked for by name, and its backend creates no keyed backend. The backend it returns echoes the configuration it
 * was made from. Setting {@value #FAIL_OPTION} to {@code true} makes the factory reject its configuration, as a
 * factory with a bad option value does.
 */
public final class TestOnlyEchoStateBackendFactory implements StateBackendFactory
{
    /** The name under which this factory is registered. */
    public static final String NAME = "test-only-echo";

    /** Set to {@code true} to make {@link #createFromConfig} reject the configuration. */
    public static final String FAIL_OPTION = "test-only-echo.fail";

    /** For {@link java.util.ServiceLoader}. */
    public TestOnlyEchoStateBackendFactory()
    {
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        final String fail = config.get(FAIL_OPTION);
        if ("true".equals(fail))
        {
            throw new IllegalArgumentException(FAIL_OPTION + "=" + fail + "; expected false (test-only option)");
        }
        return new EchoStateBackend(Map.copyOf(config));
    }

    /** The backend: it remembers its configuration and refuses to create keyed state. */
    public static final class EchoStateBackend implements StateBackend
    {
        private final Map<String, String> config;

        EchoStateBackend(final Map<String, String> config)
        {
            this.config = config;
        }

        /** @return the configuration the factory was given. */
        public Map<String, String> getConfig()
        {
            return config;
        }

        @Override
        public String getName()
        {
            return NAME;
        }

        @Override
        public <K> KeyedStateBackend<K> createKeyedStateBackend(final KeyedStateBackendParameters<K> parameters)
        {
            throw new UnsupportedOperationException(NAME + " is a test-only backend and holds no state");
        }
    }
}

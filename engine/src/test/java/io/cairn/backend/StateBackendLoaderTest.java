package io.cairn.backend;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StateBackendLoader} picks a backend by name through {@link java.util.ServiceLoader}. In this module only the
 * test factory {@value TestOnlyEchoStateBackendFactory#NAME} is registered; the default backend is not.
 */
class StateBackendLoaderTest
{
    @Test
    void shouldDefaultToOffheap()
    {
        assertEquals("offheap", StateBackendLoader.DEFAULT_STATE_BACKEND);
        assertEquals("state.backend.type", StateBackendLoader.STATE_BACKEND_TYPE);
    }

    @Test
    void shouldFailOnEmptyConfigWhenDefaultBackendIsAbsentListingKnownNames()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> StateBackendLoader.loadStateBackendFromConfig(Map.of()));

        assertTrue(ex.getMessage().contains("state.backend.type"), ex.getMessage());
        assertTrue(ex.getMessage().contains(TestOnlyEchoStateBackendFactory.NAME), ex.getMessage());
    }

    @Test
    void shouldFailOnUnknownNameNamingItAndListingKnownNames()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateBackendLoader.loadStateBackendFromConfig(Map.of("state.backend.type", "no-such-backend")));

        assertTrue(ex.getMessage().contains("state.backend.type=no-such-backend"), ex.getMessage());
        assertTrue(ex.getMessage().contains(TestOnlyEchoStateBackendFactory.NAME), ex.getMessage());
    }

    @Test
    void shouldLoadKnownBackendByName()
    {
        final Map<String, String> config = new HashMap<>();
        config.put("state.backend.type", TestOnlyEchoStateBackendFactory.NAME);
        config.put("some.option", "x");

        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(config);

        assertEquals(TestOnlyEchoStateBackendFactory.NAME, backend.getName());
        final TestOnlyEchoStateBackendFactory.EchoStateBackend echo =
            assertInstanceOf(TestOnlyEchoStateBackendFactory.EchoStateBackend.class, backend);
        assertEquals(config, echo.getConfig());
    }

    @Test
    void shouldMatchNameIgnoringCaseAndSurroundingSpace()
    {
        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(
            Map.of("state.backend.type", "  Test-Only-ECHO "));

        assertEquals(TestOnlyEchoStateBackendFactory.NAME, backend.getName());
    }

    @Test
    void shouldLoadWithExplicitClassLoader()
    {
        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(
            Map.of("state.backend.type", TestOnlyEchoStateBackendFactory.NAME),
            StateBackendLoaderTest.class.getClassLoader());

        assertEquals(TestOnlyEchoStateBackendFactory.NAME, backend.getName());
    }

    @Test
    void shouldPropagateFactoryRejectionOfItsOptions()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateBackendLoader.loadStateBackendFromConfig(Map.of(
                "state.backend.type", TestOnlyEchoStateBackendFactory.NAME,
                TestOnlyEchoStateBackendFactory.FAIL_OPTION, "true")));

        assertTrue(ex.getMessage().contains(TestOnlyEchoStateBackendFactory.FAIL_OPTION + "=true"), ex.getMessage());
    }

    @Test
    void shouldRejectNullConfig()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> StateBackendLoader.loadStateBackendFromConfig(null));

        assertTrue(ex.getMessage().contains("config=null"), ex.getMessage());
    }

    @Test
    void shouldListRegisteredFactoriesByName()
    {
        final Map<String, StateBackendFactory> factories =
            StateBackendLoader.availableFactories(StateBackendLoaderTest.class.getClassLoader());

        assertInstanceOf(TestOnlyEchoStateBackendFactory.class, factories.get(TestOnlyEchoStateBackendFactory.NAME));
        for (final Map.Entry<String, StateBackendFactory> entry : factories.entrySet())
        {
            assertEquals(entry.getKey(), entry.getValue().name());
        }
    }

    @Test
    void shouldFindNothingInClassLoaderWithoutRegistrations()
    {
        final ClassLoader platform = ClassLoader.getPlatformClassLoader();

        assertTrue(StateBackendLoader.availableFactories(platform).isEmpty());
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateBackendLoader.loadStateBackendFromConfig(
                Map.of("state.backend.type", TestOnlyEchoStateBackendFactory.NAME), platform));
        assertTrue(ex.getMessage().contains("known: []"), ex.getMessage());
    }
}

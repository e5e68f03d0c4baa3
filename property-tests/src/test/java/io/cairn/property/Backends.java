package io.cairn.property;

import java.util.Map;
import java.util.stream.Stream;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;

/**
 * The backends every property runs against, and how a property gets a fresh keyed backend from one of them.
 *
 * <p>Backends are found by name through {@link StateBackendLoader}, never by class, so a new backend joins every
 * property by adding its name to {@link #backendNames()}.
 */
final class Backends
{
    /** The {@code @MethodSource} that parameterises a property over every backend. */
    static final String ALL = "io.cairn.property.Backends#backendNames";

    /** Room for everything a generated sequence can write, with a wide margin for a backend's own overhead. */
    static final long MEMORY_BUDGET_BYTES = 8L << 20;

    /** Small enough that a bad-input property can exceed it cheaply, large enough for every well-formed value. */
    static final int MAX_VALUE_LENGTH = 4096;

    private Backends()
    {
    }

    /**
     * @return the names of the backends under test, as {@value StateBackendLoader#STATE_BACKEND_TYPE} values.
     */
    static Stream<String> backendNames()
    {
        return Stream.of("offheap");
    }

    /**
     * @param backendName    the backend's name.
     * @param maxParallelism the number of key groups.
     * @param keyGroupRange  the key groups the new backend owns.
     * @return a new, empty keyed backend with {@code Long} keys; the caller closes it.
     */
    static KeyedStateBackend<Long> open(
        final String backendName, final int maxParallelism, final KeyGroupRange keyGroupRange)
    {
        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, backendName));
        return backend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(maxParallelism)
            .keyGroupRange(keyGroupRange)
            .memoryBudgetBytes(MEMORY_BUDGET_BYTES)
            .maxValueLength(MAX_VALUE_LENGTH)
            .build());
    }
}

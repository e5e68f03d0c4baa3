package io.cairn.benchmarks;

import java.util.Map;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;

/**
 * Opens the keyed backend a benchmark runs against, by the name in its {@code backend} parameter.
 *
 * <p>Backends are found by {@link StateBackendLoader}, so any backend whose factory is on the class path can be
 * benchmarked without changing a benchmark: {@code -p backend=NAME}. This is how other engines join the suite:
 * an adapter that implements Cairn's backend SPI over them, registered under its own name (for example
 * {@code flink-hashmap}), in a module and JVM of its own when its dependencies must not share a class path with
 * Cairn's.
 */
public final class BenchmarkBackends
{
    /** The JVM flag Agrona's {@code UnsafeBuffer} needs; forked JVMs ignore the jar's manifest, so pass it. */
    public static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    /** Switches Agrona's bounds checks off: done in benchmark forks only, never in tests or by default. */
    public static final String DISABLE_BOUNDS_CHECKS = "-Dagrona.disable.bounds.checks=true";

    /** The number of key groups (max parallelism) of every benchmark backend; the backend owns all of them. */
    public static final int NUMBER_OF_KEY_GROUPS = 128;

    /** The memory budget of every benchmark backend: far above what the largest benchmark holds. */
    public static final long MEMORY_BUDGET_BYTES = 2L << 30;

    private BenchmarkBackends()
    {
    }

    /**
     * @param backend a keyed backend.
     * @return the bytes of memory it holds, or {@code n/a} if it does not account for its memory (a peer's adapter,
     * e.g. Flink's heap backend, whose state is plain objects on the Java heap).
     */
    public static String memoryUsage(final KeyedStateBackend<?> backend)
    {
        try
        {
            return Long.toString(backend.getApproximateMemoryUsage());
        }
        catch (final UnsupportedOperationException ex)
        {
            return "n/a";
        }
    }

    /**
     * @param backendName the name the backend is registered under, e.g. {@code offheap}.
     * @return a new, empty keyed backend with {@code Long} keys, owning every key group; the caller closes it.
     * @throws IllegalArgumentException if no backend of that name is on the class path.
     */
    public static KeyedStateBackend<Long> openLongKeyed(final String backendName)
    {
        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, backendName));
        return backend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(NUMBER_OF_KEY_GROUPS)
            .memoryBudgetBytes(MEMORY_BUDGET_BYTES)
            .build());
    }
}

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
        return Stream.of("offheap", "rocksdb");
    }

    /**
     * The number of examples a property runs against a backend. A RocksDB backend is a database in a working
     * directory of its own: opening one syncs about ten files, a state's first write three more, and closing it
     * deletes the directory, some 0.1 s on a disk where an off-heap backend takes microseconds. Every example opens
     * at least one backend (a corruption example one per damaged byte), so each property states how many of its
     * examples run against RocksDB: the same property and generators, fewer draws.
     *
     * @param backendName     the backend's name.
     * @param examples        the property's number of examples.
     * @param rocksDbExamples how many of them run against {@code rocksdb}.
     * @return the number of examples to run against {@code backendName}.
     */
    static int examples(final String backendName, final int examples, final int rocksDbExamples)
    {
        return "rocksdb".equals(backendName) ? Math.min(examples, rocksDbExamples) : examples;
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

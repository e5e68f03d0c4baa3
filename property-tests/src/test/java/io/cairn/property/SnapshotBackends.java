package io.cairn.property;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;

/**
 * Opens keyed backends with the parameters of {@link Backends#open}, from a {@link StateBackend} loaded by name
 * once: the snapshot properties open a fresh backend for every restore, and loading a backend by name scans the
 * class path for factories every time.
 *
 * <p>Where the machine has {@code /dev/shm}, a backend that keeps a working directory (RocksDB) keeps it there: it
 * is deleted when the backend closes, and on disk, opening and closing a RocksDB backend costs several times more
 * (measured: about 60 ms against 10), which the restore-heavy properties multiply by thousands. Other backends
 * ignore the option.
 *
 * <p>Checkpoints are as the backend's configuration makes them (both backends default to incremental ones), unless
 * a property asks for whole ones ({@link #withWholeCheckpoints}): the properties of the stream format (reading only
 * owned bytes, corruption of a stream) need a checkpoint to be one stream.
 */
final class SnapshotBackends
{
    /** {@code RocksDbStateBackendFactory.LOCAL_DIRECTORY}, spelled out: other backends do not know the key. */
    private static final String ROCKSDB_LOCAL_DIRECTORY = "state.backend.rocksdb.localdir";

    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final String name;
    private final Map<String, String> config;
    private final StateBackend stateBackend;

    /**
     * @param name the backend's name, as {@link Backends#backendNames()} gives it.
     */
    SnapshotBackends(final String name)
    {
        this(name, Map.of());
    }

    private SnapshotBackends(final String name, final Map<String, String> settings)
    {
        this.name = name;
        final Map<String, String> config = new HashMap<>(settings);
        config.put(StateBackendLoader.STATE_BACKEND_TYPE, name);
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY))
        {
            config.put(ROCKSDB_LOCAL_DIRECTORY, SHARED_MEMORY.resolve("cairn-property-tests").toString());
        }
        this.config = Map.copyOf(config);
        this.stateBackend = StateBackendLoader.loadStateBackendFromConfig(this.config);
    }

    /**
     * @param name the backend's name.
     * @return backends whose checkpoints are whole: one stream each, in the format every backend reads.
     */
    static SnapshotBackends withWholeCheckpoints(final String name)
    {
        return new SnapshotBackends(name, Map.of(IncrementalCheckpointSettings.INCREMENTAL, "false"));
    }

    /**
     * @param name the backend's name.
     * @return backends whose checkpoints are incremental.
     */
    static SnapshotBackends withIncrementalCheckpoints(final String name)
    {
        return new SnapshotBackends(name, Map.of(IncrementalCheckpointSettings.INCREMENTAL, "true"));
    }

    /** @return the backend's name. */
    String name()
    {
        return name;
    }

    /**
     * @param maxParallelism the number of key groups.
     * @param keyGroupRange  the key groups the new backend owns.
     * @return a new, empty keyed backend with {@code Long} keys, as {@link Backends#open} makes it; the caller
     * closes it.
     */
    KeyedStateBackend<Long> open(final int maxParallelism, final KeyGroupRange keyGroupRange)
    {
        return stateBackend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(maxParallelism)
            .keyGroupRange(keyGroupRange)
            .memoryBudgetBytes(Backends.MEMORY_BUDGET_BYTES)
            .maxValueLength(Backends.MAX_VALUE_LENGTH)
            .build());
    }

    /**
     * Like {@link #open(int, KeyGroupRange)}, from a backend loaded with more configuration (loaded on each call).
     *
     * @param settings configuration keys added to this one's.
     */
    KeyedStateBackend<Long> open(
        final int maxParallelism, final KeyGroupRange keyGroupRange, final Map<String, String> settings)
    {
        final Map<String, String> merged = new HashMap<>(config);
        merged.putAll(settings);
        return StateBackendLoader.loadStateBackendFromConfig(merged).createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                .numberOfKeyGroups(maxParallelism)
                .keyGroupRange(keyGroupRange)
                .memoryBudgetBytes(Backends.MEMORY_BUDGET_BYTES)
                .maxValueLength(Backends.MAX_VALUE_LENGTH)
                .build());
    }

    @Override
    public String toString()
    {
        return name;
    }
}

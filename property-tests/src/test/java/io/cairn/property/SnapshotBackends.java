package io.cairn.property;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
 */
final class SnapshotBackends
{
    /** {@code RocksDbStateBackendFactory.LOCAL_DIRECTORY}, spelled out: other backends do not know the key. */
    private static final String ROCKSDB_LOCAL_DIRECTORY = "state.backend.rocksdb.localdir";

    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private final String name;
    private final StateBackend stateBackend;

    /**
     * @param name the backend's name, as {@link Backends#backendNames()} gives it.
     */
    SnapshotBackends(final String name)
    {
        this.name = name;
        this.stateBackend = StateBackendLoader.loadStateBackendFromConfig(
            Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY) ?
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, name,
                ROCKSDB_LOCAL_DIRECTORY, SHARED_MEMORY.resolve("cairn-property-tests").toString()) :
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, name));
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

    @Override
    public String toString()
    {
        return name;
    }
}

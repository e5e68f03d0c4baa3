package io.cairn.rocksdb;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;

/**
 * Registers {@link RocksDbStateBackend} with {@link io.cairn.backend.StateBackendLoader} under {@code rocksdb}.
 *
 * <p>Options: {@value #LOCAL_DIRECTORY}, the directory under which each keyed backend creates its working
 * directory (default: the system temporary directory); {@value IncrementalCheckpointSettings#INCREMENTAL}, whether
 * checkpoints are incremental (default {@value #DEFAULT_INCREMENTAL}, as for the off-heap backend; the chain bound
 * and re-base threshold of {@link IncrementalCheckpointSettings} are checked but apply to the off-heap backend only).
 */
public final class RocksDbStateBackendFactory implements StateBackendFactory
{
    /** The configuration key of the directory for RocksDB's working directories. */
    public static final String LOCAL_DIRECTORY = "state.backend.rocksdb.localdir";
    /** Whether checkpoints are incremental when {@value IncrementalCheckpointSettings#INCREMENTAL} is not set. */
    public static final boolean DEFAULT_INCREMENTAL = true;

    @Override
    public String name()
    {
        return RocksDbStateBackend.NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        final IncrementalCheckpointSettings incremental =
            IncrementalCheckpointSettings.fromConfig(config, DEFAULT_INCREMENTAL);
        final String configured = config.get(LOCAL_DIRECTORY);
        if (configured == null)
        {
            return new RocksDbStateBackend(RocksDbStateBackend.defaultLocalDirectory(), incremental);
        }
        if (configured.isBlank())
        {
            throw new IllegalArgumentException(LOCAL_DIRECTORY + "=\"" + configured + "\"; expected a directory path");
        }
        final Path directory;
        try
        {
            directory = Paths.get(configured.trim());
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(
                LOCAL_DIRECTORY + "=" + configured + "; expected a directory path (" + ex.getMessage() + ")", ex);
        }
        return new RocksDbStateBackend(directory, incremental);
    }
}

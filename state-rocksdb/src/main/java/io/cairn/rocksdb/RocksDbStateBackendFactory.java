package io.cairn.rocksdb;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;

import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;

/**
 * Registers {@link RocksDbStateBackend} with {@link io.cairn.backend.StateBackendLoader} under {@code rocksdb}.
 *
 * <p>Options: {@value #LOCAL_DIRECTORY}, the directory under which each keyed backend creates its working
 * directory (default: the system temporary directory).
 */
public final class RocksDbStateBackendFactory implements StateBackendFactory
{
    /** The configuration key of the directory for RocksDB's working directories. */
    public static final String LOCAL_DIRECTORY = "state.backend.rocksdb.localdir";

    @Override
    public String name()
    {
        return RocksDbStateBackend.NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        final String configured = config.get(LOCAL_DIRECTORY);
        if (configured == null)
        {
            return new RocksDbStateBackend();
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
        return new RocksDbStateBackend(directory);
    }
}

package io.cairn.rocksdb;

import java.nio.file.Path;
import java.nio.file.Paths;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;

/**
 * The RocksDB state backend ({@code state.backend.type: rocksdb}), for keyed state larger than memory. Each keyed
 * backend it creates runs its own RocksDB instance in a new working directory under {@link #getLocalDirectory()},
 * bounded in memory by the parameters' budget, and deletes the directory when it is closed.
 *
 * <p>Checkpoints are incremental (shared SST files) unless {@value IncrementalCheckpointSettings#INCREMENTAL} is
 * {@code false}, as for the off-heap backend; only this backend restores them. Savepoints are always whole, in the
 * stream format every backend reads.
 */
public final class RocksDbStateBackend implements StateBackend
{
    /** The name that selects this backend. */
    public static final String NAME = "rocksdb";

    private final Path localDirectory;
    private final IncrementalCheckpointSettings incrementalSettings;

    /**
     * A backend whose working directories go under the system temporary directory ({@code java.io.tmpdir}), with
     * incremental checkpoints.
     */
    public RocksDbStateBackend()
    {
        this(defaultLocalDirectory());
    }

    /**
     * A backend with incremental checkpoints.
     *
     * @param localDirectory where the working directories of the keyed backends go; created when needed.
     */
    public RocksDbStateBackend(final Path localDirectory)
    {
        this(localDirectory, IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS);
    }

    /**
     * @param localDirectory      where the working directories of the keyed backends go; created when needed.
     * @param incrementalSettings whether checkpoints are incremental.
     */
    public RocksDbStateBackend(final Path localDirectory, final IncrementalCheckpointSettings incrementalSettings)
    {
        if (localDirectory == null)
        {
            throw new IllegalArgumentException("localDirectory=null; expected a directory for RocksDB's files");
        }
        if (incrementalSettings == null)
        {
            throw new IllegalArgumentException("incrementalSettings=null; expected IncrementalCheckpointSettings");
        }
        this.localDirectory = localDirectory;
        this.incrementalSettings = incrementalSettings;
    }

    /** @return the system temporary directory. */
    public static Path defaultLocalDirectory()
    {
        return Paths.get(System.getProperty("java.io.tmpdir"));
    }

    /** @return where the working directories of the keyed backends go. */
    public Path getLocalDirectory()
    {
        return localDirectory;
    }

    /** @return whether checkpoints are incremental. */
    public IncrementalCheckpointSettings getIncrementalSettings()
    {
        return incrementalSettings;
    }

    @Override
    public String getName()
    {
        return NAME;
    }

    @Override
    public <K> KeyedStateBackend<K> createKeyedStateBackend(final KeyedStateBackendParameters<K> parameters)
    {
        if (parameters == null)
        {
            throw new IllegalArgumentException("parameters=null; expected KeyedStateBackendParameters");
        }
        return new RocksDbKeyedStateBackend<>(parameters, localDirectory, incrementalSettings);
    }

    @Override
    public String toString()
    {
        return "RocksDbStateBackend{localDirectory=" + localDirectory + ", " + incrementalSettings + "}";
    }
}

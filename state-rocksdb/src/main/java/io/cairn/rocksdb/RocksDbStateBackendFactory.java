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
 * and re-base threshold of {@link IncrementalCheckpointSettings} are checked but apply to the off-heap backend only);
 * {@value #BLOOM_FILTER_BITS_PER_KEY}, the bits per key of a bloom filter of whole keys in every SST file (default:
 * none; see {@link RocksDbStateBackend#checkBloomFilterBitsPerKey} for the range; the filter of key prefixes that
 * map state of fixed-length keys gets is not configured, see {@link RocksDbStateBackend}).
 */
public final class RocksDbStateBackendFactory implements StateBackendFactory
{
    /** The configuration key of the directory for RocksDB's working directories. */
    public static final String LOCAL_DIRECTORY = "state.backend.rocksdb.localdir";
    /** The configuration key of the bits per key of the SST files' whole-key bloom filters; absent or 0: none. */
    public static final String BLOOM_FILTER_BITS_PER_KEY = "state.backend.rocksdb.bloom-filter.bits-per-key";
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
        final double bloomFilterBitsPerKey = bloomFilterBitsPerKey(config.get(BLOOM_FILTER_BITS_PER_KEY));
        return new RocksDbStateBackend(localDirectory(config.get(LOCAL_DIRECTORY)), incremental, bloomFilterBitsPerKey);
    }

    private static Path localDirectory(final String configured)
    {
        if (configured == null)
        {
            return RocksDbStateBackend.defaultLocalDirectory();
        }
        if (configured.isBlank())
        {
            throw new IllegalArgumentException(LOCAL_DIRECTORY + "=\"" + configured + "\"; expected a directory path");
        }
        try
        {
            return Paths.get(configured.trim());
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(
                LOCAL_DIRECTORY + "=" + configured + "; expected a directory path (" + ex.getMessage() + ")", ex);
        }
    }

    private static double bloomFilterBitsPerKey(final String configured)
    {
        if (configured == null)
        {
            return RocksDbStateBackend.NO_BLOOM_FILTER;
        }
        try
        {
            final double value = Double.parseDouble(configured.trim());
            if (RocksDbStateBackend.isBloomFilterBitsPerKey(value))
            {
                return value;
            }
        }
        catch (final NumberFormatException notANumber)
        {
            // Reported below, like a number out of range.
        }
        throw new IllegalArgumentException(BLOOM_FILTER_BITS_PER_KEY + "=" + configured + "; " +
            RocksDbStateBackend.BLOOM_FILTER_BITS_PER_KEY_EXPECTED);
    }
}

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
 *
 * <p>If keys have a fixed length (a {@code long} key, or any codec of fixed length), the SST files of map state carry
 * a bloom filter of key prefixes, the key group and the key: a read of one key's map, a get or the seek that starts
 * an iteration, skips the files that hold nothing of that key. SST files carry no filter of whole keys unless
 * one is configured ({@link #getBloomFilterBitsPerKey()}): such a filter makes reads of absent entries cheaper
 * (state much larger than memory, reads of absent map keys), and costs memory in the block cache and work in every
 * flush and compaction.
 */
public final class RocksDbStateBackend implements StateBackend
{
    /** The name that selects this backend. */
    public static final String NAME = "rocksdb";
    /** {@link #getBloomFilterBitsPerKey()} of a backend whose SST files have no filter of whole keys: the default. */
    public static final double NO_BLOOM_FILTER = 0;
    /** The fewest bits per key of a bloom filter (about a 40% false-positive rate; 10 bits give 1%). */
    public static final double MIN_BLOOM_FILTER_BITS_PER_KEY = 1;
    /** The most bits per key of a bloom filter. */
    public static final double MAX_BLOOM_FILTER_BITS_PER_KEY = 100;

    /** What the bits per key of a bloom filter may be, for messages. */
    static final String BLOOM_FILTER_BITS_PER_KEY_EXPECTED = "expected " + (long)NO_BLOOM_FILTER +
        " (no bloom filter) or bits per key from " + (long)MIN_BLOOM_FILTER_BITS_PER_KEY + " to " +
        (long)MAX_BLOOM_FILTER_BITS_PER_KEY;

    private final Path localDirectory;
    private final IncrementalCheckpointSettings incrementalSettings;
    private final double bloomFilterBitsPerKey;

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
     * A backend without filters of whole keys (map state's filters of key prefixes are there if keys have a fixed
     * length).
     *
     * @param localDirectory      where the working directories of the keyed backends go; created when needed.
     * @param incrementalSettings whether checkpoints are incremental.
     */
    public RocksDbStateBackend(final Path localDirectory, final IncrementalCheckpointSettings incrementalSettings)
    {
        this(localDirectory, incrementalSettings, NO_BLOOM_FILTER);
    }

    /**
     * @param localDirectory        where the working directories of the keyed backends go; created when needed.
     * @param incrementalSettings   whether checkpoints are incremental.
     * @param bloomFilterBitsPerKey bits per key of a bloom filter of whole keys in every SST file, from
     *                              {@value #MIN_BLOOM_FILTER_BITS_PER_KEY} to {@value #MAX_BLOOM_FILTER_BITS_PER_KEY}
     *                              (10: about 1% false positives), or {@link #NO_BLOOM_FILTER}.
     * @throws IllegalArgumentException if an argument is null or the bits per key are out of range.
     */
    public RocksDbStateBackend(
        final Path localDirectory,
        final IncrementalCheckpointSettings incrementalSettings,
        final double bloomFilterBitsPerKey)
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
        this.bloomFilterBitsPerKey = checkBloomFilterBitsPerKey("bloomFilterBitsPerKey", bloomFilterBitsPerKey);
    }

    /**
     * Checks a bloom filter's bits per key.
     *
     * @param name  what the value is called where it came from, for the message.
     * @param value the bits per key.
     * @return {@code value}, if it is {@link #NO_BLOOM_FILTER} or from {@value #MIN_BLOOM_FILTER_BITS_PER_KEY} to
     * {@value #MAX_BLOOM_FILTER_BITS_PER_KEY}.
     * @throws IllegalArgumentException naming the value otherwise.
     */
    public static double checkBloomFilterBitsPerKey(final String name, final double value)
    {
        if (!isBloomFilterBitsPerKey(value))
        {
            throw new IllegalArgumentException(name + "=" + value + "; " + BLOOM_FILTER_BITS_PER_KEY_EXPECTED);
        }
        return value;
    }

    /**
     * @return true if {@code value} is {@link #NO_BLOOM_FILTER} or from {@value #MIN_BLOOM_FILTER_BITS_PER_KEY} to
     * {@value #MAX_BLOOM_FILTER_BITS_PER_KEY} (false for NaN).
     */
    static boolean isBloomFilterBitsPerKey(final double value)
    {
        return value == NO_BLOOM_FILTER ||
            (value >= MIN_BLOOM_FILTER_BITS_PER_KEY && value <= MAX_BLOOM_FILTER_BITS_PER_KEY);
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

    /** @return the bits per key of the whole-key bloom filter of each SST file, or {@link #NO_BLOOM_FILTER}. */
    public double getBloomFilterBitsPerKey()
    {
        return bloomFilterBitsPerKey;
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
        return new RocksDbKeyedStateBackend<>(parameters, localDirectory, incrementalSettings, bloomFilterBitsPerKey);
    }

    @Override
    public String toString()
    {
        return "RocksDbStateBackend{localDirectory=" + localDirectory + ", " + incrementalSettings +
            ", bloomFilterBitsPerKey=" + bloomFilterBitsPerKey + "}";
    }
}

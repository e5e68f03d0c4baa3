package io.cairn.rocksdb;

import java.util.ArrayList;
import java.util.List;

import io.cairn.codec.Codec;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.StringAppendOperator;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * The native option objects of one RocksDB instance, made from its {@link MemoryBudget}, and freed together.
 *
 * <ul>
 *     <li>the block cache (LRU, 5/6 of the budget, a high-priority pool for index and filter blocks) and the
 *     WriteBufferManager charged to it (1/3 of the budget);</li>
 *     <li>column families: LZ4 for every level, 4 KiB blocks (a point read searches and caches less than in larger
 *     blocks), index and filter blocks in the cache, the memtable size of the budget with RocksDB's default arena
 *     blocks, and the list merge operator ({@code StringAppendOperator} with an empty delimiter: see
 *     {@link ListValueLayout}). Leveled compaction with fixed level sizes ({@code level_compaction_dynamic_level_bytes}
 *     off, as Flink's RocksDB backend has it; RocksDB 11's default is on), and no bloom filter in SST files unless
 *     the backend is configured with one ({@link RocksDbStateBackend#getBloomFilterBitsPerKey()}), as in Flink:
 *     measured, with both an incremental checkpoint after a 1% update of 1,000,000 keys took a fifth to a third
 *     longer (benchmarks/RESULTS.md); a filter pays off when reads often look for keys that are not there in state
 *     much larger than memory. No bloom filter in the memtable: measured, it made reads of lists a quarter faster
 *     but writes a quarter slower and restores twice as slow;</li>
 *     <li>for map state, if keys have a fixed length: a prefix extractor of the key group and the key, and a bloom
 *     filter of those prefixes ({@value #PREFIX_BLOOM_BITS_PER_KEY} bits each) in every SST file, so a read of one
 *     key's map (a get, or the seek that starts an iteration) skips the files that hold nothing of that key. A file
 *     holds one filter entry per key it has a map of, not one per map entry. Not for other state, which has one
 *     entry per key: there the filter would be as large as one of whole keys, and make every uploaded SST file
 *     larger (measured on incremental checkpoints: benchmarks/RESULTS.md). Iterators that cross keys read in total
 *     order ({@link #totalOrderReadOptions()});</li>
 *     <li>the database: no write-ahead log (writes say so; the working directory is never recovered, state comes
 *     back from snapshots), no preallocation, no statistics dumps, warnings only in the info log;</li>
 *     <li>the write and read options every operation reuses.</li>
 * </ul>
 */
final class RocksDbOptions implements AutoCloseable
{
    private static final int BLOCK_SIZE = 4 << 10;
    private static final int MAX_BACKGROUND_JOBS = 2;
    private static final long MAX_INFO_LOG_SIZE = 1 << 20;
    /** Bits per prefix of the bloom filter of key prefixes: about 1% false positives. */
    static final int PREFIX_BLOOM_BITS_PER_KEY = 10;

    private final List<AutoCloseable> created = new ArrayList<>();
    private final LRUCache cache;
    private final ColumnFamilyOptions columnFamilyOptions;
    private final ColumnFamilyOptions mapColumnFamilyOptions;
    private final DBOptions dbOptions;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;
    private final ReadOptions keyReadOptions;
    private final ReadOptions totalOrderReadOptions;

    /**
     * @param budget                the instance's memory budget.
     * @param bloomFilterBitsPerKey bits per key of the whole-key bloom filter of each SST file, or
     *                              {@link RocksDbStateBackend#NO_BLOOM_FILTER}; checked by
     *                              {@link RocksDbStateBackend#checkBloomFilterBitsPerKey}.
     * @param keyPrefixLength       the bytes of the key group and the key if keys have a fixed length
     *                              ({@link #keyPrefixLength}): map state's column families filter on that prefix; or
     *                              0 for no prefix extractor and filter.
     */
    RocksDbOptions(final MemoryBudget budget, final double bloomFilterBitsPerKey, final int keyPrefixLength)
    {
        try
        {
            cache = add(new LRUCache(
                budget.cacheCapacity(), budget.cacheShardBits(), false, MemoryBudget.HIGH_PRIORITY_POOL_RATIO));
            final WriteBufferManager writeBufferManager =
                add(new WriteBufferManager(budget.writeBufferManagerCapacity(), cache));
            // An empty delimiter makes the operator concatenate: list elements carry their own length prefix.
            final StringAppendOperator listAppend = add(new StringAppendOperator(""));
            final BloomFilter wholeKeyFilter = bloomFilterBitsPerKey == RocksDbStateBackend.NO_BLOOM_FILTER ? null :
                add(new BloomFilter(bloomFilterBitsPerKey));
            columnFamilyOptions = add(columnFamilyOptions(budget, listAppend, wholeKeyFilter, true, 0));
            if (keyPrefixLength > 0)
            {
                // One filter per file: of key prefixes, and of whole keys too if configured.
                mapColumnFamilyOptions = add(columnFamilyOptions(budget, listAppend,
                    wholeKeyFilter != null ? wholeKeyFilter : add(new BloomFilter(PREFIX_BLOOM_BITS_PER_KEY)),
                    wholeKeyFilter != null, keyPrefixLength));
            }
            else
            {
                mapColumnFamilyOptions = columnFamilyOptions;
            }
            dbOptions = add(new DBOptions()
                .setCreateIfMissing(true)
                .setWriteBufferManager(writeBufferManager)
                .setMaxBackgroundJobs(MAX_BACKGROUND_JOBS)
                .setAvoidFlushDuringShutdown(true)
                .setAllowFAllocate(false)
                .setManifestPreallocationSize(64 << 10)
                .setSkipStatsUpdateOnDbOpen(true)
                .setStatsDumpPeriodSec(0)
                .setStatsPersistPeriodSec(0)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setMaxLogFileSize(MAX_INFO_LOG_SIZE)
                .setKeepLogFileNum(2));
            writeOptions = add(new WriteOptions().setDisableWAL(true));
            readOptions = add(new ReadOptions());
            keyReadOptions = add(new ReadOptions().setPrefixSameAsStart(true));
            totalOrderReadOptions = add(new ReadOptions().setTotalOrderSeek(true));
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @param keyFixedLength the fixed length of the backend's keys, or {@link Codec#VARIABLE_LENGTH}.
     * @return the length of the key prefix (key group and key) that SST files filter on, or 0 if keys have no fixed
     * length: the key component of a variable-length key is length-prefixed, so no fixed count of bytes is one
     * key's.
     */
    static int keyPrefixLength(final int keyFixedLength)
    {
        return keyFixedLength == Codec.VARIABLE_LENGTH ? 0 :
            KeyLayout.KEY_GROUP_PREFIX_LENGTH + keyFixedLength;
    }

    /**
     * @param filter          the bloom filter of every SST file, or null for none.
     * @param wholeKeys       whether the filter holds whole keys (else only the prefixes of the extractor).
     * @param keyPrefixLength the length of the prefix extractor, or 0 for none; with one, the filter holds key
     *                        prefixes too.
     */
    private ColumnFamilyOptions columnFamilyOptions(
        final MemoryBudget budget,
        final StringAppendOperator listAppend,
        final BloomFilter filter,
        final boolean wholeKeys,
        final int keyPrefixLength)
    {
        final BlockBasedTableConfig table = new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setBlockSize(BLOCK_SIZE)
            .setCacheIndexAndFilterBlocks(true)
            .setCacheIndexAndFilterBlocksWithHighPriority(true)
            .setPinL0FilterAndIndexBlocksInCache(true);
        if (filter != null)
        {
            table.setFilterPolicy(filter).setWholeKeyFiltering(wholeKeys);
        }
        final ColumnFamilyOptions options = new ColumnFamilyOptions()
            .setTableFormatConfig(table)
            .setMergeOperator(listAppend)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
            .setWriteBufferSize(budget.writeBufferSize())
            .setLevelCompactionDynamicLevelBytes(false);
        if (keyPrefixLength > 0)
        {
            options.useFixedLengthPrefixExtractor(keyPrefixLength);
        }
        return options;
    }

    private <T extends AutoCloseable> T add(final T object)
    {
        created.add(object);
        return object;
    }

    /** @return the block cache, which the memtables are charged to. */
    LRUCache cache()
    {
        return cache;
    }

    /**
     * @param mapState whether the column family holds map state, whose iterations and reads a filter of key
     *                 prefixes serves best, or other state.
     * @return the options of the column family.
     */
    ColumnFamilyOptions columnFamilyOptions(final boolean mapState)
    {
        return mapState ? mapColumnFamilyOptions : columnFamilyOptions;
    }

    /** @return the database's options. */
    DBOptions dbOptions()
    {
        return dbOptions;
    }

    /** @return the options of every write: no write-ahead log. */
    WriteOptions writeOptions()
    {
        return writeOptions;
    }

    /** @return the options of every point read of live data. */
    ReadOptions readOptions()
    {
        return readOptions;
    }

    /**
     * @return the options of iterators over the live entries of one key's map: seeks may skip files by the prefix
     * filter, and the iterator ends where the entries of the seek key's key group and key do (without a prefix
     * extractor, it runs on like any other).
     */
    ReadOptions keyReadOptions()
    {
        return keyReadOptions;
    }

    /**
     * @return the options of iterators over the live entries of many keys: every file is read, whatever the
     * prefix filter says of the seek key.
     */
    ReadOptions totalOrderReadOptions()
    {
        return totalOrderReadOptions;
    }

    /** Frees every option object, in the reverse order of creation. Idempotent. */
    @Override
    public void close()
    {
        for (int i = created.size() - 1; i >= 0; i--)
        {
            try
            {
                created.get(i).close();
            }
            catch (final Exception ignored)
            {
                // Option objects do not fail to close; nothing to report.
            }
        }
        created.clear();
    }
}

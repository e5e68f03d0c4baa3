package io.cairn.rocksdb;

import java.util.ArrayList;
import java.util.List;

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

    private final List<AutoCloseable> created = new ArrayList<>();
    private final LRUCache cache;
    private final ColumnFamilyOptions columnFamilyOptions;
    private final DBOptions dbOptions;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;

    /**
     * @param budget                the instance's memory budget.
     * @param bloomFilterBitsPerKey bits per key of the bloom filter of each SST file, or
     *                              {@link RocksDbStateBackend#NO_BLOOM_FILTER}; checked by
     *                              {@link RocksDbStateBackend#checkBloomFilterBitsPerKey}.
     */
    RocksDbOptions(final MemoryBudget budget, final double bloomFilterBitsPerKey)
    {
        try
        {
            cache = add(new LRUCache(
                budget.cacheCapacity(), budget.cacheShardBits(), false, MemoryBudget.HIGH_PRIORITY_POOL_RATIO));
            final WriteBufferManager writeBufferManager =
                add(new WriteBufferManager(budget.writeBufferManagerCapacity(), cache));
            // An empty delimiter makes the operator concatenate: list elements carry their own length prefix.
            final StringAppendOperator listAppend = add(new StringAppendOperator(""));
            final BlockBasedTableConfig table = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setBlockSize(BLOCK_SIZE)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinL0FilterAndIndexBlocksInCache(true);
            if (bloomFilterBitsPerKey != RocksDbStateBackend.NO_BLOOM_FILTER)
            {
                table.setFilterPolicy(add(new BloomFilter(bloomFilterBitsPerKey)));
            }
            columnFamilyOptions = add(new ColumnFamilyOptions()
                .setTableFormatConfig(table)
                .setMergeOperator(listAppend)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setBottommostCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(budget.writeBufferSize())
                .setLevelCompactionDynamicLevelBytes(false));
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
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
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

    /** @return the options of every column family. */
    ColumnFamilyOptions columnFamilyOptions()
    {
        return columnFamilyOptions;
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

    /** @return the options of every read of live data. */
    ReadOptions readOptions()
    {
        return readOptions;
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

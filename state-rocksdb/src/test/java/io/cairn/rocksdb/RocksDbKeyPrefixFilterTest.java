package io.cairn.rocksdb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rocksdb.TableProperties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SST files' bloom filters: of key prefixes (key group and key) for map state when keys have a fixed length, of
 * whole keys when configured, none otherwise; and reads that find every entry whichever file holds it, whether they
 * stay within one key (map iteration, {@code isEmpty}, {@code clear}) or cross keys (key scans, snapshots,
 * restores).
 */
class RocksDbKeyPrefixFilterTest
{
    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", LongCodec.INSTANCE);
    private static final MapStateDescriptor<Long, String> MAP =
        new MapStateDescriptor<>("map", LongCodec.INSTANCE, StringCodec.INSTANCE);
    /** The prefix extractor of long keys: 2 bytes of key group and 8 of key. */
    private static final String LONG_KEY_PREFIX_EXTRACTOR = "rocksdb.FixedPrefix.10";
    private static final int KEYS = 300;
    /** SST files written per column family: fewer than RocksDB's level-0 compaction trigger (4), so they stay. */
    private static final int FILES = 3;

    private final List<RocksDbKeyedStateBackend<?>> backends = new ArrayList<>();

    @AfterEach
    void closeBackends()
    {
        backends.forEach(RocksDbKeyedStateBackend::close);
    }

    @Test
    void shouldFilterMapStateOnKeyPrefixesOnlyIfKeysHaveAFixedLength() throws Exception
    {
        final RocksDbKeyedStateBackend<Long> longKeys = open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        fillCounts(longKeys, List.of(1L, 2L, 3L));
        final MapState<Long, String> map = mapState(longKeys);
        longKeys.setCurrentKey(1L);
        map.put(5L, "five");
        assertPrefixFiltered(flush(longKeys, MAP.getName()));
        assertNotFiltered(flush(longKeys, COUNT.getName()));

        // A restored map state keeps its filter: the column family is reopened on the map options.
        final KeyedStateHandle checkpoint = Snapshots.take(
            longKeys, 1, new MemoryCheckpointStreamFactory("prefix-filter"), CheckpointOptions.forCheckpoint());
        final RocksDbKeyedStateBackend<Long> restored = open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        restored.restore(List.of(checkpoint));
        restored.setCurrentKey(2L);
        mapState(restored).put(6L, "six");
        assertPrefixFiltered(flush(restored, MAP.getName()));

        final RocksDbKeyedStateBackend<String> stringKeys =
            open(StringCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        stringKeys.setCurrentKey("a");
        stringKeys.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, MAP).put(5L, "five");
        assertNotFiltered(flush(stringKeys, MAP.getName()));
    }

    @Test
    void shouldFilterOnWholeKeysTooWhenConfigured()
    {
        final RocksDbKeyedStateBackend<Long> prefixOnly = open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        final RocksDbKeyedStateBackend<Long> wholeKeys = open(LongCodec.INSTANCE, 10);
        final RocksDbKeyedStateBackend<String> wholeStringKeys = open(StringCodec.INSTANCE, 10);
        final List<Long> keys = new ArrayList<>();
        for (long key = 0; key < KEYS; key++)
        {
            keys.add(key);
        }
        for (final RocksDbKeyedStateBackend<Long> backend : List.of(prefixOnly, wholeKeys))
        {
            final MapState<Long, String> map = mapState(backend);
            for (final long key : keys)
            {
                backend.setCurrentKey(key);
                for (long entry = 0; entry < 20; entry++)
                {
                    map.put(entry, "v");
                }
            }
        }
        fillCounts(wholeStringKeys, List.of("a", "bb", "ccc"));

        final long prefixFilter = filterBytes(flush(prefixOnly, MAP.getName()));
        final long wholeKeyFilter = filterBytes(flush(wholeKeys, MAP.getName()));
        // 20 map entries per key: a filter of whole keys has 20 times the entries of a filter of their prefixes.
        assertTrue(wholeKeyFilter > 5 * prefixFilter,
            "whole-key filter of " + wholeKeyFilter + " bytes, prefix filter of " + prefixFilter);
        for (final TableProperties file : flush(wholeStringKeys, COUNT.getName()))
        {
            assertTrue(isBloom(file), file.getFilterPolicyName());
            assertTrue(file.getFilterSize() > 0, "filter of " + file.getFilterSize() + " bytes");
        }
        for (final RocksDbKeyedStateBackend<Long> backend : List.of(prefixOnly, wholeKeys))
        {
            final MapState<Long, String> map = mapState(backend);
            for (long key = 0; key < KEYS + 10; key++)
            {
                backend.setCurrentKey(key);
                for (long entry = 0; entry < 25; entry++)
                {
                    final boolean present = key < KEYS && entry < 20;
                    assertEquals(present ? "v" : null, map.get(entry), "key " + key + ", entry " + entry);
                    assertEquals(present, map.contains(entry), "key " + key + ", entry " + entry);
                }
            }
        }
    }

    @Test
    void shouldFindEveryEntryOfAKeyWhateverFileHoldsIt() throws Exception
    {
        final RocksDbKeyedStateBackend<Long> backend = open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        final Map<Long, Map<Long, String>> model = fillAcrossFiles(backend);
        assertEquals(FILES, flush(backend, MAP.getName()).size(), "SST files");
        writeRound(backend, model, FILES); // and one more round, left in the memtable

        assertMaps(backend, model);
        final MapState<Long, String> map = mapState(backend);
        backend.setCurrentKey(7L);
        map.clear();
        model.remove(7L);
        assertTrue(map.isEmpty(), "key 7 after clear()");
        backend.setCurrentKey(8L);
        assertFalse(map.isEmpty(), "key 8 after clearing key 7");
        assertMaps(backend, model);
        backend.setCurrentKey(KEYS + 1L);
        assertTrue(map.isEmpty(), "a key that never had state");
        assertFalse(map.iterator().hasNext(), "a key that never had state");
    }

    @Test
    void shouldIterateAMapOfManyBatchesSpreadOverFiles()
    {
        final RocksDbKeyedStateBackend<Long> backend = open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        final MapState<Long, String> map = mapState(backend);
        final Map<Long, String> expected = new HashMap<>();
        final int entries = 3 * MapEntryIterator.BATCH + 7;
        for (int round = 0; round <= FILES; round++)
        {
            for (long entry = round; entry < entries; entry += FILES + 1)
            {
                backend.setCurrentKey(-1L);
                map.put(entry, "e" + entry);
                expected.put(entry, "e" + entry);
                backend.setCurrentKey(entry); // neighbours in other key groups
                map.put(entry, "n");
            }
            if (round < FILES)
            {
                flush(backend, MAP.getName());
            }
        }

        backend.setCurrentKey(-1L);
        final Map<Long, String> actual = new HashMap<>();
        for (final Map.Entry<Long, String> entry : map.entries())
        {
            actual.put(entry.getKey(), entry.getValue());
        }
        assertEquals(entries, actual.size());
        assertEquals(expected, actual);
    }

    @Test
    void shouldScanSnapshotAndRestoreEveryKeyWhateverFileHoldsIt() throws Exception
    {
        final RocksDbKeyedStateBackend<Long> backend = open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
        final Map<Long, Map<Long, String>> model = fillAcrossFiles(backend);
        writeRound(backend, model, FILES);

        final Set<Long> scanned = backend.getKeys(MAP.getName(), VoidNamespace.INSTANCE)
            .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(model.keySet()), scanned);

        final MemoryCheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("prefix-filter");
        final KeyedStateHandle savepoint =
            Snapshots.take(backend, 1, streams, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
        final KeyedStateHandle checkpoint = Snapshots.take(backend, 2, streams, CheckpointOptions.forCheckpoint());
        for (final KeyedStateHandle handle : List.of(savepoint, checkpoint))
        {
            final RocksDbKeyedStateBackend<Long> restored =
                open(LongCodec.INSTANCE, RocksDbStateBackend.NO_BLOOM_FILTER);
            restored.restore(List.of(handle));
            assertMaps(restored, model);
        }
    }

    /** Writes {@value #FILES} rounds of one map entry per key, each round flushed into its own SST file. */
    private Map<Long, Map<Long, String>> fillAcrossFiles(final RocksDbKeyedStateBackend<Long> backend)
    {
        final Map<Long, Map<Long, String>> model = new HashMap<>();
        for (int round = 0; round < FILES; round++)
        {
            writeRound(backend, model, round);
            flush(backend, MAP.getName());
        }
        return model;
    }

    /** Puts map entry {@code round} of every key; keys divisible by 3 get it only in even rounds. */
    private static void writeRound(
        final RocksDbKeyedStateBackend<Long> backend, final Map<Long, Map<Long, String>> model, final int round)
    {
        final MapState<Long, String> map = mapState(backend);
        for (long key = 0; key < KEYS; key++)
        {
            if (key % 3 == 0 && round % 2 == 1)
            {
                continue;
            }
            backend.setCurrentKey(key);
            final String value = key + "@" + round;
            map.put((long)round, value);
            model.computeIfAbsent(key, (k) -> new HashMap<>()).put((long)round, value);
        }
    }

    private static void assertMaps(
        final RocksDbKeyedStateBackend<Long> backend, final Map<Long, Map<Long, String>> model)
    {
        final MapState<Long, String> map = mapState(backend);
        for (long key = 0; key < KEYS; key++)
        {
            backend.setCurrentKey(key);
            final Map<Long, String> actual = new HashMap<>();
            for (final Map.Entry<Long, String> entry : map.entries())
            {
                actual.put(entry.getKey(), entry.getValue());
            }
            final Map<Long, String> expected = model.getOrDefault(key, Map.of());
            assertEquals(expected, actual, "map of key " + key);
            assertEquals(expected.isEmpty(), map.isEmpty(), "isEmpty() of key " + key);
            for (final Map.Entry<Long, String> entry : expected.entrySet())
            {
                assertEquals(entry.getValue(), map.get(entry.getKey()), "get(" + entry.getKey() + ") of key " + key);
            }
        }
    }

    private static MapState<Long, String> mapState(final RocksDbKeyedStateBackend<Long> backend)
    {
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, MAP);
    }

    private static <K> void fillCounts(final RocksDbKeyedStateBackend<K> backend, final List<K> keys)
    {
        final ValueState<Long> count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        long value = 0;
        for (final K key : keys)
        {
            backend.setCurrentKey(key);
            count.update(++value);
        }
    }

    private static List<TableProperties> flush(final RocksDbKeyedStateBackend<?> backend, final String state)
    {
        final List<TableProperties> files =
            new ArrayList<>(backend.instance().flushAndListSstFiles(backend.column(state).handleOrNull()).values());
        assertFalse(files.isEmpty(), "no SST file after a flush");
        return files;
    }

    private static void assertPrefixFiltered(final List<TableProperties> files)
    {
        for (final TableProperties file : files)
        {
            assertEquals(LONG_KEY_PREFIX_EXTRACTOR, file.getPrefixExtractorName());
            assertTrue(isBloom(file), file.getFilterPolicyName());
            assertTrue(file.getFilterSize() > 0, "filter of " + file.getFilterSize() + " bytes");
        }
    }

    private static void assertNotFiltered(final List<TableProperties> files)
    {
        for (final TableProperties file : files)
        {
            assertFalse(LONG_KEY_PREFIX_EXTRACTOR.equals(file.getPrefixExtractorName()), file.getPrefixExtractorName());
            assertTrue(file.getFilterPolicyName() == null || file.getFilterPolicyName().isEmpty(),
                file.getFilterPolicyName());
            assertEquals(0, file.getFilterSize());
        }
    }

    private static long filterBytes(final List<TableProperties> files)
    {
        return files.stream().mapToLong(TableProperties::getFilterSize).sum();
    }

    private static boolean isBloom(final TableProperties file)
    {
        return file.getFilterPolicyName() != null &&
            file.getFilterPolicyName().toLowerCase(Locale.ROOT).contains("bloom");
    }

    private <K> RocksDbKeyedStateBackend<K> open(final Codec<K> keyCodec, final double bloomFilterBitsPerKey)
    {
        final RocksDbKeyedStateBackend<K> backend = new RocksDbKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(keyCodec).numberOfKeyGroups(128).build(),
            TestDirectories.localDirectory(), IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS,
            bloomFilterBitsPerKey);
        backends.add(backend);
        return backend;
    }
}

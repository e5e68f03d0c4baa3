package io.cairn.rocksdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RocksDB backend is selected by name through the loader; its working directory, whether its checkpoints are
 * incremental and the bloom filters of its SST files are configurable.
 */
class RocksDbStateBackendFactoryTest
{
    @Test
    void shouldBeSelectedByNameWithWorkingDirectoriesUnderTheSystemTemporaryDirectoryByDefault()
    {
        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "RocksDB "));

        final RocksDbStateBackend rocksDb = assertInstanceOf(RocksDbStateBackend.class, backend);
        assertEquals("rocksdb", rocksDb.getName());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), rocksDb.getLocalDirectory());
        try (KeyedStateBackend<Long> keyed = rocksDb.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build()))
        {
            final Path directory = ((RocksDbKeyedStateBackend<Long>)keyed).getWorkingDirectory();
            assertEquals(rocksDb.getLocalDirectory(), directory.getParent());
            assertTrue(directory.getFileName().toString().startsWith(RocksDbInstance.DIRECTORY_PREFIX), "" + directory);
            writeAndRead(keyed);
        }
    }

    @Test
    void shouldCreateWorkingDirectoriesUnderTheConfiguredDirectoryAndRemoveThem(@TempDir final Path parent)
    {
        final Path configured = parent.resolve("not-yet-there");
        final StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(Map.of(
            StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb",
            RocksDbStateBackendFactory.LOCAL_DIRECTORY, configured.toString()));

        final RocksDbKeyedStateBackend<Long> first = (RocksDbKeyedStateBackend<Long>)backend.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build());
        final RocksDbKeyedStateBackend<Long> second = (RocksDbKeyedStateBackend<Long>)backend.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build());

        assertEquals(configured, first.getWorkingDirectory().getParent());
        assertEquals(configured, second.getWorkingDirectory().getParent());
        assertFalse(first.getWorkingDirectory().equals(second.getWorkingDirectory()),
            "two live backends share " + first.getWorkingDirectory());
        writeAndRead(first);
        writeAndRead(second);
        first.close();
        assertFalse(Files.exists(first.getWorkingDirectory()), "left behind: " + first.getWorkingDirectory());
        assertTrue(Files.isDirectory(second.getWorkingDirectory()));
        second.close();
        second.close();
        assertFalse(Files.exists(second.getWorkingDirectory()), "left behind: " + second.getWorkingDirectory());
    }

    @Test
    void shouldTakeIncrementalCheckpointsUnlessConfiguredOff()
    {
        final RocksDbStateBackend byDefault = (RocksDbStateBackend)StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb"));
        final RocksDbStateBackend off = (RocksDbStateBackend)StateBackendLoader.loadStateBackendFromConfig(Map.of(
            StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb", IncrementalCheckpointSettings.INCREMENTAL, "false"));

        assertTrue(byDefault.getIncrementalSettings().isEnabled());
        assertTrue(new RocksDbStateBackend().getIncrementalSettings().isEnabled());
        assertFalse(off.getIncrementalSettings().isEnabled());
        try (KeyedStateBackend<Long> keyed = off.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build()))
        {
            assertFalse(((RocksDbKeyedStateBackend<Long>)keyed).getIncrementalSettings().isEnabled());
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateBackendLoader.loadStateBackendFromConfig(Map.of(
                StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb", IncrementalCheckpointSettings.INCREMENTAL, "yes")));
        assertTrue(ex.getMessage().contains(IncrementalCheckpointSettings.INCREMENTAL + "=yes"), ex.getMessage());
    }

    @Test
    void shouldBuildSstFilesWithoutBloomFiltersUnlessConfigured()
    {
        final RocksDbStateBackend byDefault = (RocksDbStateBackend)StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb"));
        final RocksDbStateBackend configured = (RocksDbStateBackend)StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb",
                RocksDbStateBackendFactory.BLOOM_FILTER_BITS_PER_KEY, " 12.5"));
        final RocksDbStateBackend off = (RocksDbStateBackend)StateBackendLoader.loadStateBackendFromConfig(
            Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb",
                RocksDbStateBackendFactory.BLOOM_FILTER_BITS_PER_KEY, "0"));

        assertEquals(RocksDbStateBackend.NO_BLOOM_FILTER, byDefault.getBloomFilterBitsPerKey());
        assertEquals(RocksDbStateBackend.NO_BLOOM_FILTER, new RocksDbStateBackend().getBloomFilterBitsPerKey());
        assertEquals(12.5, configured.getBloomFilterBitsPerKey());
        assertEquals(RocksDbStateBackend.NO_BLOOM_FILTER, off.getBloomFilterBitsPerKey());
        try (KeyedStateBackend<Long> keyed = configured.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build()))
        {
            writeAndRead(keyed);
        }
    }

    @Test
    void shouldRejectBloomFilterBitsPerKeyOutOfRangeNamingTheValue()
    {
        for (final String bad : List.of("ten", "", "-1", "0.5", "100.5", "NaN", "Infinity"))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> StateBackendLoader.loadStateBackendFromConfig(Map.of(StateBackendLoader.STATE_BACKEND_TYPE,
                    "rocksdb", RocksDbStateBackendFactory.BLOOM_FILTER_BITS_PER_KEY, bad)), bad);

            assertTrue(ex.getMessage().startsWith(RocksDbStateBackendFactory.BLOOM_FILTER_BITS_PER_KEY + "=" + bad +
                "; expected 0 (no bloom filter) or bits per key from 1 to 100"), ex.getMessage());
        }
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new RocksDbStateBackend(RocksDbStateBackend.defaultLocalDirectory(),
                IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS, 0.25));
        assertTrue(ex.getMessage().startsWith("bloomFilterBitsPerKey=0.25; expected"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RocksDbKeyedStateBackend<>(
            KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build(),
            RocksDbStateBackend.defaultLocalDirectory(), IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS, -3));
    }

    @Test
    void shouldRejectABlankWorkingDirectoryNamingTheOption()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> StateBackendLoader.loadStateBackendFromConfig(Map.of(
                StateBackendLoader.STATE_BACKEND_TYPE, "rocksdb", RocksDbStateBackendFactory.LOCAL_DIRECTORY, " ")));

        assertTrue(ex.getMessage().contains(RocksDbStateBackendFactory.LOCAL_DIRECTORY), ex.getMessage());
    }

    @Test
    void shouldFailToCreateABackendWhereNoDirectoryCanBeMadeNamingIt(@TempDir final Path parent) throws Exception
    {
        final Path file = Files.writeString(parent.resolve("a-file"), "not a directory");
        final RocksDbStateBackend backend = new RocksDbStateBackend(file.resolve("below"));

        final RocksDbAccessException ex = assertThrows(RocksDbAccessException.class,
            () -> backend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build()));

        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
    }

    private static void writeAndRead(final KeyedStateBackend<Long> backend)
    {
        final ValueState<Long> state = backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, new ValueStateDescriptor<>("v", LongCodec.INSTANCE));
        backend.setCurrentKey(42L);
        state.update(7L);
        assertEquals(7L, state.value());
    }
}

package io.cairn.rocksdb;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.PerfLevel;
import org.rocksdb.RocksDB;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * RocksDB's perf counters are off on every thread that reads or writes state through the backend, and on a
 * snapshot's thread: nothing reads them, and counting costs a few percent of every access ({@link RocksDbInstance}).
 * A thread's perf level is RocksDB's thread-local state, read here through a database of the test's own.
 */
class RocksDbPerfCountersTest
{
    @TempDir
    Path probeDirectory;

    @Test
    void shouldTurnPerfCountersOffOnEveryThreadThatReadsOrWritesState() throws Exception
    {
        try (RocksDB probe = RocksDB.open(probeDirectory.toString());
            KeyedStateBackend<Long> backend =
                new RocksDbStateBackend(TestDirectories.localDirectory(), IncrementalCheckpointSettings.FULL)
                    .createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE).build()))
        {
            final ValueState<Long> state = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceCodec.INSTANCE, new ValueStateDescriptor<>("value", LongCodec.INSTANCE));
            final ExecutorService writer = Executors.newSingleThreadExecutor();
            final ExecutorService reader = Executors.newSingleThreadExecutor();
            final ExecutorService snapshotter = Executors.newSingleThreadExecutor();
            try
            {
                assertPerfCountersTurnedOff(probe, writer, () ->
                {
                    backend.setCurrentKey(7L);
                    state.update(42L);
                    return null;
                });
                assertPerfCountersTurnedOff(probe, reader, () ->
                {
                    backend.setCurrentKey(7L);
                    assertEquals(42L, state.value());
                    return null;
                });
                // Back on a thread the backend has served before, but after another one: its level is set again.
                assertPerfCountersTurnedOff(probe, writer, () ->
                {
                    backend.setCurrentKey(8L);
                    state.update(43L);
                    return null;
                });
                // A whole snapshot's iterators run on the thread of its asynchronous part.
                final RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot = backend.snapshot(
                    1, 1, new MemoryCheckpointStreamFactory("perf-counters"), CheckpointOptions.forCheckpoint());
                assertPerfCountersTurnedOff(probe, snapshotter, () ->
                {
                    snapshot.run();
                    assertNotNull(snapshot.get().getJobManagerOwnedSnapshot());
                    return null;
                });
            }
            finally
            {
                writer.shutdownNow();
                reader.shutdownNow();
                snapshotter.shutdownNow();
            }
        }
    }

    /**
     * Runs {@code access} on {@code thread} after setting that thread's perf level to count, and asserts that the
     * level is off after it.
     */
    private static void assertPerfCountersTurnedOff(
        final RocksDB probe, final ExecutorService thread, final Callable<Void> access) throws Exception
    {
        final PerfLevel after = thread.submit(() ->
        {
            probe.setPerfLevel(PerfLevel.ENABLE_COUNT);
            assertNotEquals(PerfLevel.DISABLE, probe.getPerfLevel());
            access.call();
            return probe.getPerfLevel();
        }).get();
        assertEquals(PerfLevel.DISABLE, after);
    }
}

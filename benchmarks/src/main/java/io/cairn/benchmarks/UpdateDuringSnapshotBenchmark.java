package io.cairn.benchmarks;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.LongValueState;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.cairn.benchmarks.StateBenchmarkData.advance;

/**
 * What copy-on-write snapshots cost the processing thread: {@link LongValueState#updateLong} of existing keys
 * ({@code keys} of them, 1,000,000 by default, in shuffled order) while no snapshot is taken ({@code idle}) and
 * while snapshots are being written nearly all the time ({@code snapshotting}).
 *
 * <p>In {@code snapshotting} mode a writer thread runs the asynchronous part of one snapshot after another. The
 * backend belongs to one thread, so the benchmark thread takes each synchronous part itself: every
 * {@value #CHECK_INTERVAL} operations it looks whether the previous write finished (one volatile read) and, if it
 * did, takes the next snapshot and hands it to the writer. Updates made meanwhile copy each shard and record the
 * live snapshot may read before changing it; the snapshot's memory is given back once the write is done. Both
 * modes run the same code; in {@code idle} mode the check is skipped. The score to look at is the ratio
 * {@code snapshotting / idle}. On a machine with fewer free cores than two, the writer also takes CPU time from
 * the benchmark thread, which the ratio then includes.
 *
 * <p>Snapshots are checkpoints, written to a {@link MemoryCheckpointStreamFactory}; each is confirmed complete
 * ({@link KeyedStateBackend#notifyCheckpointComplete}) once written, before the next starts, so the next is
 * incremental against it, and the writer drops each result once the next snapshot starts. The auxiliary counter
 * {@code snapshots} is the number of snapshots taken per iteration: the faster a snapshot, the more of them. On
 * RocksDB each one flushes the memtable into a small SST file, so at this rate the score mostly measures the
 * compactions those files cause.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class UpdateDuringSnapshotBenchmark
{
    /** Operations between two looks at the writer; a power of two. */
    public static final int CHECK_INTERVAL = 4096;

    /**
     * Overwrites the value of an existing key; every {@value #CHECK_INTERVAL} operations, in {@code snapshotting}
     * mode, starts the next snapshot if the writer is idle.
     *
     * @param fixture  the backend, the inputs and the writer.
     * @param counters the snapshots taken in this iteration.
     * @throws Exception if a snapshot failed.
     */
    @Benchmark
    public void update(final Fixture fixture, final SnapshotCounters counters) throws Exception
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        fixture.state.updateLong(fixture.nextValue());
        if ((++fixture.operations & (CHECK_INTERVAL - 1)) == 0 && fixture.snapshotting)
        {
            fixture.snapshotIfWriterIdle(counters);
        }
    }

    /**
     * The backend under test, filled with one value per key, the cursors through the inputs, and the writer
     * thread. Not final: JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Fixture
    {
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both
         * of Cairn's by default. On RocksDB the synchronous part of each checkpoint flushes the memtable.
         */
        @Param({ "offheap", "rocksdb" })
        public String backend;

        /** The number of keys, each with one value. */
        @Param("1000000")
        public int keys;

        /** {@code idle}: no snapshots; {@code snapshotting}: one snapshot being written after another. */
        @Param({ "idle", "snapshotting" })
        public String mode;

        KeyedStateBackend<Long> keyedBackend;
        LongValueState state;
        boolean snapshotting;
        long operations;
        private long[] accessKeys;
        private long[] values;
        private int keyCursor;
        private int valueCursor;
        private ExecutorService writer;
        private final MemoryCheckpointStreamFactory streamFactory = new MemoryCheckpointStreamFactory("update");
        private RunnableFuture<SnapshotResult<KeyedStateHandle>> inFlight;
        private long checkpointId;

        /** Opens and fills the backend and, in {@code snapshotting} mode, starts the writer thread. */
        @Setup(Level.Trial)
        public void setUp()
        {
            if (!"idle".equals(mode) && !"snapshotting".equals(mode))
            {
                throw new IllegalArgumentException("mode=" + mode + "; expected idle or snapshotting");
            }
            snapshotting = "snapshotting".equals(mode);
            final SnapshotWorkload workload = SnapshotWorkload.create(keys);
            accessKeys = workload.accessKeys();
            // Different values from those written at setup, so every update changes the stored value.
            values = workload.values().clone();
            for (int i = 0; i < values.length; i++)
            {
                values[i] = ~values[i];
            }
            keyedBackend = workload.openFilled(backend);
            state = SnapshotWorkload.valueState(keyedBackend);
            if (snapshotting)
            {
                writer = Executors.newSingleThreadExecutor((task) ->
                {
                    final Thread thread = new Thread(task, "cairn-snapshot-writer");
                    thread.setDaemon(true);
                    return thread;
                });
            }
        }

        /**
         * Waits for the last snapshot, stops the writer and frees the backend's memory.
         *
         * @throws Exception if the last snapshot failed or the writer does not stop.
         */
        @TearDown(Level.Trial)
        public void tearDown() throws Exception
        {
            try
            {
                if (inFlight != null)
                {
                    inFlight.get();
                    inFlight = null;
                }
                if (writer != null)
                {
                    writer.shutdown();
                    if (!writer.awaitTermination(1, TimeUnit.MINUTES))
                    {
                        throw new IllegalStateException("the snapshot writer did not stop within a minute");
                    }
                }
            }
            finally
            {
                keyedBackend.close();
            }
        }

        long nextAccessKey()
        {
            final int k = keyCursor;
            keyCursor = advance(k, accessKeys.length);
            return accessKeys[k];
        }

        long nextValue()
        {
            final int v = valueCursor;
            valueCursor = advance(v, values.length);
            return values[v];
        }

        void snapshotIfWriterIdle(final SnapshotCounters counters) throws Exception
        {
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> previous = inFlight;
            if (previous != null)
            {
                if (!previous.isDone())
                {
                    return;
                }
                previous.get(); // throws if the write failed
                // As a coordinator would once every subtask acknowledged it: the next checkpoint is incremental
                // against this one (RocksDB references the SST files already uploaded instead of uploading all).
                keyedBackend.notifyCheckpointComplete(checkpointId);
            }
            final long id = ++checkpointId;
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> next =
                keyedBackend.snapshot(id, id, streamFactory, CheckpointOptions.forCheckpoint());
            inFlight = next;
            writer.execute(next);
            counters.snapshots++;
        }
    }

    /**
     * The number of snapshots taken in an iteration (zero in {@code idle} mode). Not final: JMH generates
     * subclasses of it.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SnapshotCounters
    {
        /** Snapshots taken since the iteration started. */
        public long snapshots;

        /** Starts the count of an iteration. */
        @Setup(Level.Iteration)
        public void reset()
        {
            snapshots = 0;
        }
    }
}

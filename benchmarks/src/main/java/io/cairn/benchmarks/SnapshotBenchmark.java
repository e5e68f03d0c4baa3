package io.cairn.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
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

/**
 * Snapshot and restore of keyed state: {@code keys} {@code Long} keys (1,000,000 by default), each with one
 * {@code long} value, in a backend owning 128 key groups ({@link SnapshotWorkload}).
 *
 * <ul>
 *     <li>{@link #syncPart}: the synchronous part alone, what the processing thread pays when a checkpoint is
 *     triggered: {@code snapshot(...)} captures the copy-on-write view; the future is then cancelled, which
 *     releases the view without writing it. The design's target is below 1 ms with a million keys.</li>
 *     <li>{@link #fullSnapshot}: the synchronous part, then the write of the whole stream (LZ4 blocks, CRC32C,
 *     key-group index) into a {@link MemoryCheckpointStreamFactory}, on the benchmark thread.</li>
 *     <li>{@link #restore}: loading that snapshot into a fresh, empty backend (opened before and closed after each
 *     invocation, outside the timed region).</li>
 * </ul>
 * Throughput in MB/s is the stream's size divided by the time of {@link #fullSnapshot} or {@link #restore}. The
 * size depends only on the keys, which are the same in every fork; the trial setup of {@link #restore} and the
 * trial teardown of {@link #fullSnapshot} print it ({@code SnapshotBenchmark: keys=..., streamBytes=...}) to the
 * benchmark's output. The memory stream factory grows a {@code ByteArrayOutputStream} and copies it once at the
 * end; that copy is part of {@link #fullSnapshot}, as writing to a file would be.
 *
 * <p>The same state and operations run on Apache Flink's heap backend ({@code -p backend=flink-hashmap}, from the
 * peers' jar; {@code run.sh} does it), through Flink's own path: its {@code snapshot(...)} and asynchronous part
 * into Flink's in-memory stream factory (which also grows an array and copies it once), and a restore that builds
 * a new Flink backend from the handle. Flink's heap snapshots are not compressed by default; Cairn's always are
 * (LZ4), so the stream sizes differ: each backend prints its own.
 */
@BenchmarkMode(Mode.AverageTime)
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SnapshotBenchmark
{
    /**
     * Captures the copy-on-write view of every key and releases it again.
     *
     * @param filled the backend.
     * @return whether the cancel released the view (always true).
     * @throws Exception if the view cannot be captured.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean syncPart(final Filled filled) throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = filled.snapshot();
        return future.cancel(false);
    }

    /**
     * Takes a snapshot and writes all of it to memory.
     *
     * @param filled the backend.
     * @return the size of the stream written, in bytes.
     * @throws Exception if the snapshot cannot be taken or written.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long fullSnapshot(final Filled filled) throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = filled.snapshot();
        future.run();
        final long streamBytes = future.get().getStateSize();
        filled.streamBytes = streamBytes;
        return streamBytes;
    }

    /**
     * Restores the snapshot into an empty backend.
     *
     * @param restoring the snapshot and the empty backend.
     * @return the restored backend.
     * @throws IOException if the snapshot cannot be read.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public KeyedStateBackend<Long> restore(final Restoring restoring) throws IOException
    {
        restoring.target.restore(restoring.handles);
        return restoring.target;
    }

    /**
     * A backend holding the workload, and what a snapshot of it needs. Not final: JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Filled
    {
        /** The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}. */
        @Param("offheap")
        public String backend;

        /** The number of keys, each with one value. */
        @Param("1000000")
        public int keys;

        KeyedStateBackend<Long> keyedBackend;
        long streamBytes;
        private final MemoryCheckpointStreamFactory streamFactory = new MemoryCheckpointStreamFactory("snapshot");
        private long checkpointId;

        /** Opens and fills the backend. */
        @Setup(Level.Trial)
        public void setUp()
        {
            keyedBackend = SnapshotWorkload.create(keys).openFilled(backend);
        }

        /** Reports the size of the last stream written, if any, and frees the backend's memory. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (streamBytes > 0)
            {
                System.out.println("SnapshotBenchmark: keys=" + keys + ", streamBytes=" + streamBytes +
                    ", backendMemoryBytes=" + BenchmarkBackends.memoryUsage(keyedBackend));
            }
            keyedBackend.close();
        }

        RunnableFuture<SnapshotResult<KeyedStateHandle>> snapshot() throws Exception
        {
            final long id = ++checkpointId;
            return keyedBackend.snapshot(id, id, streamFactory, CheckpointOptions.forCheckpoint());
        }
    }

    /**
     * A snapshot of the workload, and before each invocation a fresh, empty backend to restore it into. Not final:
     * JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Restoring
    {
        /** The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}. */
        @Param("offheap")
        public String backend;

        /** The number of keys, each with one value. */
        @Param("1000000")
        public int keys;

        List<KeyedStateHandle> handles;
        KeyedStateBackend<Long> target;

        /**
         * Fills a backend, snapshots it to memory and closes it; restores the snapshot once and checks a value.
         *
         * @throws Exception if the snapshot or the check fails.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            final SnapshotWorkload workload = SnapshotWorkload.create(keys);
            final SnapshotResult<KeyedStateHandle> result;
            try (KeyedStateBackend<Long> source = workload.openFilled(backend))
            {
                final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = source.snapshot(
                    1, 1, new MemoryCheckpointStreamFactory("restore"), CheckpointOptions.forCheckpoint());
                future.run();
                result = future.get();
            }
            handles = List.of(result.getJobManagerOwnedSnapshot());
            try (KeyedStateBackend<Long> check = BenchmarkBackends.openLongKeyed(backend))
            {
                check.restore(handles);
                workload.checkValue(check, 0);
                workload.checkValue(check, keys - 1);
                System.out.println("SnapshotBenchmark: keys=" + keys + ", streamBytes=" + result.getStateSize() +
                    ", restoredMemoryBytes=" + BenchmarkBackends.memoryUsage(check));
            }
        }

        /** Opens the empty backend the next invocation restores into. */
        @Setup(Level.Invocation)
        public void openTarget()
        {
            target = BenchmarkBackends.openLongKeyed(backend);
        }

        /** Frees the restored backend. */
        @TearDown(Level.Invocation)
        public void closeTarget()
        {
            target.close();
        }
    }
}

package io.cairn.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SharedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.LongValueState;
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
 *     <li>{@link #fullSnapshot}: a whole snapshot, taken with savepoint options (whole and self-contained on
 *     every backend, however its checkpoints are configured): the synchronous part, then the write of the whole
 *     stream (LZ4 blocks, CRC32C, key-group index) into a {@link MemoryCheckpointStreamFactory}, on the benchmark
 *     thread.</li>
 *     <li>{@link #incrementalCheckpoint}: a checkpoint after a small update ({@link Changed#updatePercent} percent
 *     of the keys, written before each invocation, outside the timed region), on a backend whose earlier
 *     checkpoints were all confirmed. Both Cairn backends take incremental checkpoints by default: the off-heap
 *     one writes a delta of the changed key groups (and re-bases every few checkpoints), RocksDB flushes its
 *     memtable and writes only the SST files no confirmed checkpoint holds yet.</li>
 *     <li>{@link #restore}: loading a snapshot into a fresh, empty backend (opened before and closed after each
 *     invocation, outside the timed region), from a whole snapshot ({@code from=savepoint}) or from a checkpoint
 *     ({@code from=checkpoint}: for RocksDB its SST files, which a restore puts in place instead of writing every
 *     key again).</li>
 * </ul>
 * Throughput in MB/s is the stream's size divided by the time of {@link #fullSnapshot} or {@link #restore}. The
 * size depends only on the keys, which are the same in every fork; the trial setup of {@link #restore} and the
 * trial teardown of {@link #fullSnapshot} print it ({@code SnapshotBenchmark: [from=...,] keys=...,
 * streamBytes=...}) to the benchmark's output; the teardown of {@link #incrementalCheckpoint} prints the mean
 * bytes each checkpoint wrote itself ({@code meanCheckpointedBytes}; n/a on a peer). The memory stream factory grows
 * a {@code ByteArrayOutputStream} and copies it once at the end; that copy is part of {@link #fullSnapshot}, as
 * writing to a file would be.
 *
 * <p>By default the suite runs on both of Cairn's backends ({@code offheap} and {@code rocksdb}). The same state
 * and operations run on Apache Flink's heap backend ({@code -p backend=flink-hashmap}) and its RocksDB backend,
 * with incremental checkpoints ({@code -p backend=flink-rocksdb}), from the peers' jar ({@code run.sh} does it;
 * {@link #incrementalCheckpoint} only on {@code flink-rocksdb}, since a heap checkpoint is always whole), through
 * Flink's own path: its {@code snapshot(...)} (a canonical savepoint for savepoint options) and asynchronous part
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
    /** Seconds of each measurement iteration of {@link #incrementalCheckpoint}: see there why not 1. */
    static final int INCREMENTAL_ITERATION_SECONDS = 6;

    /** The options of a whole snapshot: a savepoint is self-contained on every backend. */
    static final CheckpointOptions WHOLE = new CheckpointOptions(CheckpointType.SAVEPOINT, null);

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
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = filled.wholeSnapshot();
        future.run();
        final long streamBytes = future.get().getStateSize();
        filled.streamBytes = streamBytes;
        return streamBytes;
    }

    /**
     * Takes a checkpoint of the backend after a small update, writes it to memory and confirms it.
     *
     * <p>Measured in iterations of {@value #INCREMENTAL_ITERATION_SECONDS} s. On RocksDB (Cairn's backend and
     * Flink's alike) every checkpoint flushes a small memtable into a new level-0 file, and the level-0 files pile
     * up while the compaction that merges them into level 1 rewrites level 1; when they reach RocksDB's slowdown
     * trigger (20 files), the next checkpoint's flush waits for that compaction, 0.2 to 0.6 s, against 10 to 30 ms
     * otherwise. That happens every 5 to 14 checkpoints here: an iteration of 1 s held a handful of checkpoints, its
     * mean depended on how many of those waits fell in it, and the iterations of one fork measured 30 to 474 ms.
     *
     * @param changed the backend, with {@link Changed#updatePercent} percent of its keys updated.
     * @return the size of the checkpoint's state, in bytes (what it refers to, shared files included).
     * @throws Exception if the checkpoint cannot be taken or written.
     */
    @Benchmark
    @Measurement(iterations = 5, time = INCREMENTAL_ITERATION_SECONDS)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long incrementalCheckpoint(final Changed changed) throws Exception
    {
        return changed.checkpoint();
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
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both of
         * Cairn's by default.
         */
        @Param({ "offheap", "rocksdb" })
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

        RunnableFuture<SnapshotResult<KeyedStateHandle>> wholeSnapshot() throws Exception
        {
            final long id = ++checkpointId;
            return keyedBackend.snapshot(id, id, streamFactory, WHOLE);
        }
    }

    /**
     * A snapshot of the workload, and before each invocation a fresh, empty backend to restore it into. Not final:
     * JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Restoring
    {
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both of
         * Cairn's by default.
         */
        @Param({ "offheap", "rocksdb" })
        public String backend;

        /** The number of keys, each with one value. */
        @Param("1000000")
        public int keys;

        /** savepoint: restore a whole snapshot; checkpoint: restore the backend's first checkpoint. */
        @Param({ "savepoint", "checkpoint" })
        public String from;

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
                    1, 1, new MemoryCheckpointStreamFactory("restore"), options(from));
                future.run();
                result = future.get();
            }
            handles = List.of(result.getJobManagerOwnedSnapshot());
            try (KeyedStateBackend<Long> check = BenchmarkBackends.openLongKeyed(backend))
            {
                check.restore(handles);
                workload.checkValue(check, 0);
                workload.checkValue(check, keys - 1);
                System.out.println("SnapshotBenchmark: from=" + from + ", keys=" + keys +
                    ", streamBytes=" + result.getStateSize() +
                    ", restoredMemoryBytes=" + BenchmarkBackends.memoryUsage(check));
            }
        }

        private static CheckpointOptions options(final String from)
        {
            switch (from)
            {
                case "savepoint":
                    return WHOLE;
                case "checkpoint":
                    return CheckpointOptions.forCheckpoint();
                default:
                    throw new IllegalArgumentException("from=" + from + "; expected savepoint or checkpoint");
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

    /**
     * A backend holding the workload whose checkpoints are all confirmed, and before each invocation a small update:
     * the next {@link #updatePercent} percent of the keys, in shuffled order, get new values. Not final: JMH
     * generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Changed
    {
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both of
         * Cairn's by default.
         */
        @Param({ "offheap", "rocksdb" })
        public String backend;

        /** The number of keys, each with one value. */
        @Param("1000000")
        public int keys;

        /** The percentage of the keys updated before each checkpoint (at least one key). */
        @Param("1")
        public int updatePercent;

        private final MemoryCheckpointStreamFactory streamFactory = new MemoryCheckpointStreamFactory("incremental");
        private KeyedStateBackend<Long> keyedBackend;
        private LongValueState state;
        private long[] accessKeys;
        private int updates;
        private int position;
        private long checkpointId;
        private long stateBytes;
        private long checkpointedBytes;
        private long checkpoints;

        /**
         * Opens and fills the backend, and takes and confirms its first checkpoint, the base of the ones measured.
         *
         * @throws Exception if the checkpoint fails.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            if (updatePercent < 1 || updatePercent > 100)
            {
                throw new IllegalArgumentException("updatePercent=" + updatePercent + "; expected 1 to 100");
            }
            final SnapshotWorkload workload = SnapshotWorkload.create(keys);
            keyedBackend = workload.openFilled(backend);
            state = SnapshotWorkload.valueState(keyedBackend);
            accessKeys = workload.accessKeys();
            updates = Math.max(1, (int)((long)keys * updatePercent / 100));
            checkpoint();
            checkpoints = 0;
            checkpointedBytes = 0;
        }

        /** Updates the next keys, outside the timed region. */
        @Setup(Level.Invocation)
        public void update()
        {
            for (int i = 0; i < updates; i++)
            {
                keyedBackend.setCurrentKey(accessKeys[position]);
                state.updateLong(checkpointId + position);
                position = position + 1 == accessKeys.length ? 0 : position + 1;
            }
        }

        /** Reports the bytes of the checkpoints measured, and frees the backend's memory. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (checkpoints > 0)
            {
                System.out.println("SnapshotBenchmark: incremental, keys=" + keys + ", updatePercent=" +
                    updatePercent + ", checkpoints=" + checkpoints + ", lastStateBytes=" + stateBytes +
                    ", meanCheckpointedBytes=" + (checkpointedBytes < 0 ? "n/a" : checkpointedBytes / checkpoints));
            }
            keyedBackend.close();
        }

        long checkpoint() throws Exception
        {
            final long id = ++checkpointId;
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                keyedBackend.snapshot(id, id, streamFactory, CheckpointOptions.forCheckpoint());
            future.run();
            final SnapshotResult<KeyedStateHandle> result = future.get();
            keyedBackend.notifyCheckpointComplete(id);
            stateBytes = result.getStateSize();
            final KeyedStateHandle handle = result.getJobManagerOwnedSnapshot();
            // What this checkpoint wrote itself: an incremental handle tells, a whole one wrote all it holds; a
            // peer's handle is neither, and its bytes are n/a (-1) from then on.
            final long written;
            if (handle instanceof SharedStateHandle)
            {
                written = ((SharedStateHandle)handle).getCheckpointedSize();
            }
            else
            {
                written = handle instanceof KeyGroupsStateHandle ? stateBytes : -1;
            }
            checkpointedBytes = written < 0 || checkpointedBytes < 0 ? -1 : checkpointedBytes + written;
            checkpoints++;
            return stateBytes;
        }
    }
}

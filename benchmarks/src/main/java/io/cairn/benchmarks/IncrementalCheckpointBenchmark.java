package io.cairn.benchmarks;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
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
 * Incremental checkpoints against whole ones, on the same state in the same run: {@code keys} {@code Long} keys
 * (1,000,000 by default) with 100-byte values in the off-heap backend, and before each checkpoint
 * {@code updatePercent} percent of the keys (1 by default), drawn uniformly, given new values (outside the timed
 * region).
 *
 * <ul>
 *     <li>{@link #checkpoint}: one checkpoint, both parts, written on the benchmark thread to a stream that counts
 *     its bytes and keeps none, then completed. {@code mode=full} writes every checkpoint whole;
 *     {@code mode=incremental} uses the default chain bound and re-base threshold (so every fifth checkpoint
 *     re-bases each key group: the figure is the average over deltas and re-bases); {@code mode=delta} raises the
 *     bound so that (nearly) every checkpoint is a delta: the cost of one incremental checkpoint.</li>
 *     <li>{@link #syncPart}: the synchronous part alone (the capture, then a cancel that releases it).</li>
 *     <li>{@link #restore}: restoring into an empty backend either a chain of a base and 4 deltas
 *     ({@code restore=chain}) or a whole snapshot of the same state ({@code restore=full}).</li>
 * </ul>
 * Bytes per checkpoint are printed by the trial teardown ({@code IncrementalCheckpointBenchmark: mode=...,
 * checkpoints=..., meanBytes=..., medianBytes=..., maxBytes=...}), since JMH times, and does not count bytes: the
 * median is a typical checkpoint (a delta, in the incremental modes), the mean includes the re-bases.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class IncrementalCheckpointBenchmark
{
    static final int VALUE_LENGTH = 100;
    static final int CHAIN_DELTAS = 4;
    private static final ValueStateDescriptor<byte[]> VALUE =
        new ValueStateDescriptor<>("value", ByteArrayCodec.INSTANCE);

    /**
     * Takes, writes and completes one checkpoint.
     *
     * @param state the backend, updated before each invocation.
     * @return the bytes written.
     * @throws Exception if the checkpoint fails.
     */
    @Benchmark
    public long checkpoint(final Checkpointing state) throws Exception
    {
        final long before = state.streams.bytes();
        final long id = ++state.checkpointId;
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
            state.backend.snapshot(id, id, state.streams, CheckpointOptions.forCheckpoint());
        future.run();
        future.get();
        state.backend.notifyCheckpointComplete(id);
        final long written = state.streams.bytes() - before;
        state.record(written);
        return written;
    }

    /**
     * Captures a checkpoint's view and releases it again.
     *
     * @param state the backend.
     * @return whether the cancel released the view.
     * @throws Exception if the capture fails.
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public boolean syncPart(final Checkpointing state) throws Exception
    {
        final long id = ++state.checkpointId;
        return state.backend.snapshot(id, id, state.streams, CheckpointOptions.forCheckpoint()).cancel(false);
    }

    /**
     * Restores the chain or the whole snapshot into an empty backend.
     *
     * @param state the handles and the empty backend.
     * @return the restored backend.
     * @throws IOException if the state cannot be read.
     */
    @Benchmark
    public KeyedStateBackend<Long> restore(final Restoring state) throws IOException
    {
        state.target.restore(state.handles);
        return state.target;
    }

    /**
     * The write path with change tracking on and off: one update of a random key, or one delete and re-insert of
     * a random key (a deletion is what tracking logs). With {@code tracking=on} the backend is incremental and a
     * checkpoint is taken and completed before every (short) iteration, as a job checkpoints every few seconds, so
     * deletions are logged and the logs purged, never dropped; with {@code tracking=off} checkpoints are whole and
     * nothing is logged.
     *
     * @param state the backend and the keys.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    public void trackedUpdate(final Tracking state)
    {
        final int i = state.next();
        state.backend.setCurrentKey(state.workload.keys[i]);
        state.value.update(state.workload.values[i & (state.workload.values.length - 1)]);
    }

    /**
     * Deletes a random key and writes it again.
     *
     * @param state the backend and the keys.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = 20, time = 200, timeUnit = TimeUnit.MILLISECONDS)
    public void trackedDeleteAndInsert(final Tracking state)
    {
        final int i = state.next();
        state.backend.setCurrentKey(state.workload.keys[i]);
        state.value.clear();
        state.value.update(state.workload.values[i & (state.workload.values.length - 1)]);
    }

    /**
     * The keys, computed once per trial. Checkpointed values are random bytes drawn for each write (as
     * incompressible as real payloads often are); the write-path benchmarks take theirs from a precomputed pool.
     */
    static final class Workload
    {
        final long[] keys;
        final byte[][] values = new byte[256][];
        private final byte[] drawn = new byte[VALUE_LENGTH];
        private final SplittableRandom random = new SplittableRandom(StateBenchmarkData.SEED);

        Workload(final int keyCount)
        {
            keys = new long[keyCount];
            for (int i = 0; i < keyCount; i++)
            {
                keys[i] = random.nextLong();
            }
            for (int i = 0; i < values.length; i++)
            {
                values[i] = new byte[VALUE_LENGTH];
                for (int b = 0; b < VALUE_LENGTH; b++)
                {
                    values[i][b] = (byte)random.nextInt();
                }
            }
        }

        KeyedStateBackend<Long> open(final IncrementalCheckpointSettings settings)
        {
            return StateBackendLoader.loadStateBackendFromConfig(Map.of(
                StateBackendLoader.STATE_BACKEND_TYPE, "offheap",
                IncrementalCheckpointSettings.INCREMENTAL, String.valueOf(settings.isEnabled()),
                IncrementalCheckpointSettings.MAX_DELTA_CHAIN_LENGTH, String.valueOf(settings.maxDeltaChainLength()),
                IncrementalCheckpointSettings.REBASE_THRESHOLD, String.valueOf(settings.rebaseThreshold())))
                .createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                    .numberOfKeyGroups(BenchmarkBackends.NUMBER_OF_KEY_GROUPS)
                    .keyGroupRange(KeyGroupRange.of(0, BenchmarkBackends.NUMBER_OF_KEY_GROUPS - 1))
                    .memoryBudgetBytes(4L << 30).build());
        }

        void fill(final KeyedStateBackend<Long> backend)
        {
            final ValueState<byte[]> state = state(backend);
            for (int i = 0; i < keys.length; i++)
            {
                backend.setCurrentKey(keys[i]);
                state.update(draw());
            }
        }

        /** Gives {@code percent} percent of the keys, drawn uniformly, new values. */
        void update(final KeyedStateBackend<Long> backend, final int percent)
        {
            final ValueState<byte[]> state = state(backend);
            for (int i = 0, n = (int)((long)keys.length * percent / 100); i < n; i++)
            {
                backend.setCurrentKey(keys[random.nextInt(keys.length)]);
                state.update(draw());
            }
        }

        /** @return fresh random bytes, in a buffer the next call reuses (the backend copies what it is given). */
        private byte[] draw()
        {
            for (int i = 0; i < VALUE_LENGTH; i += Long.BYTES)
            {
                final long bits = random.nextLong();
                for (int b = 0; b < Long.BYTES && i + b < VALUE_LENGTH; b++)
                {
                    drawn[i + b] = (byte)(bits >>> (b * Byte.SIZE));
                }
            }
            return drawn;
        }

        static ValueState<byte[]> state(final KeyedStateBackend<Long> backend)
        {
            return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, VALUE);
        }
    }

    /** A filled backend whose first checkpoint completed; keys are updated before each invocation. */
    @State(Scope.Thread)
    public static class Checkpointing
    {
        /** full, incremental (default bounds) or delta (a bound no run reaches). */
        @Param({ "full", "incremental", "delta" })
        public String mode;

        /** The number of keys. */
        @Param("1000000")
        public int keys;

        /** The percentage of keys updated before each checkpoint. */
        @Param("1")
        public int updatePercent;

        KeyedStateBackend<Long> backend;
        final CountingStreamFactory streams = new CountingStreamFactory();
        long checkpointId;
        private final long[] written = new long[1 << 16];
        private int checkpoints;
        private Workload workload;
        private long bytesAfterFirst;

        /**
         * Fills the backend and completes its first checkpoint.
         *
         * @throws Exception if the checkpoint fails.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            workload = new Workload(keys);
            backend = workload.open(settings(mode));
            workload.fill(backend);
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                backend.snapshot(++checkpointId, 0, streams, CheckpointOptions.forCheckpoint());
            future.run();
            future.get();
            backend.notifyCheckpointComplete(checkpointId);
            bytesAfterFirst = streams.bytes();
        }

        /** Changes {@code updatePercent} percent of the keys. */
        @Setup(Level.Invocation)
        public void update()
        {
            workload.update(backend, updatePercent);
        }

        /** Reports the bytes per checkpoint and frees the backend. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            if (checkpoints > 0)
            {
                final long[] sorted = Arrays.copyOf(written, Math.min(checkpoints, written.length));
                Arrays.sort(sorted);
                System.out.println("IncrementalCheckpointBenchmark: mode=" + mode + ", keys=" + keys +
                    ", updatePercent=" + updatePercent + ", firstCheckpointBytes=" + bytesAfterFirst +
                    ", checkpoints=" + checkpoints +
                    ", meanBytes=" + (streams.bytes() - bytesAfterFirst) / checkpoints +
                    ", medianBytes=" + sorted[sorted.length / 2] + ", maxBytes=" + sorted[sorted.length - 1]);
            }
            backend.close();
        }

        void record(final long bytes)
        {
            written[checkpoints++ & (written.length - 1)] = bytes;
        }

        static IncrementalCheckpointSettings settings(final String mode)
        {
            switch (mode)
            {
                case "full":
                    return IncrementalCheckpointSettings.FULL;
                case "incremental":
                    return IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS;
                case "delta":
                    return IncrementalCheckpointSettings.of(true, IncrementalCheckpointSettings.MAX_CHAIN_LENGTH_LIMIT,
                        IncrementalCheckpointSettings.MAX_REBASE_THRESHOLD);
                default:
                    throw new IllegalArgumentException("mode=" + mode + "; expected full, incremental or delta");
            }
        }
    }

    /** A filled backend with change tracking on or off, and precomputed random key indexes. */
    @State(Scope.Thread)
    public static class Tracking
    {
        /** on: incremental checkpoints (deletions are logged); off: whole checkpoints (nothing is). */
        @Param({ "on", "off" })
        public String tracking;

        /** The number of keys. */
        @Param("1000000")
        public int keys;

        KeyedStateBackend<Long> backend;
        ValueState<byte[]> value;
        Workload workload;
        private final int[] indexes = new int[1 << 16];
        private final CountingStreamFactory streams = new CountingStreamFactory();
        private long checkpointId;
        private int position;

        /** Fills the backend. */
        @Setup(Level.Trial)
        public void setUp()
        {
            workload = new Workload(keys);
            backend = workload.open("on".equals(tracking) ?
                IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS : IncrementalCheckpointSettings.FULL);
            workload.fill(backend);
            value = Workload.state(backend);
            final SplittableRandom random = new SplittableRandom(StateBenchmarkData.SEED);
            for (int i = 0; i < indexes.length; i++)
            {
                indexes[i] = random.nextInt(keys);
            }
        }

        /**
         * Takes and completes a checkpoint, outside the measurement: the deletion logs are purged as they are after
         * every checkpoint of a job.
         *
         * @throws Exception if the checkpoint fails.
         */
        @Setup(Level.Iteration)
        public void checkpoint() throws Exception
        {
            final long id = ++checkpointId;
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                backend.snapshot(id, id, streams, CheckpointOptions.forCheckpoint());
            future.run();
            future.get();
            backend.notifyCheckpointComplete(id);
        }

        /** Frees the backend. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            backend.close();
        }

        int next()
        {
            return indexes[position++ & (indexes.length - 1)];
        }
    }

    /** A chain of a base and {@value #CHAIN_DELTAS} deltas, or a whole snapshot of the same state. */
    @State(Scope.Thread)
    public static class Restoring
    {
        /** chain or full. */
        @Param({ "chain", "full" })
        public String restore;

        /** The number of keys. */
        @Param("1000000")
        public int keys;

        /** The percentage of keys each delta updates. */
        @Param("1")
        public int updatePercent;

        List<KeyedStateHandle> handles;
        KeyedStateBackend<Long> target;
        private Workload workload;

        /**
         * Writes the base, the deltas and a whole snapshot of the final state to memory.
         *
         * @throws Exception if a checkpoint fails.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            workload = new Workload(keys);
            final MemoryCheckpointStreamFactory memory = new MemoryCheckpointStreamFactory("restore");
            try (KeyedStateBackend<Long> source =
                workload.open(IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS))
            {
                workload.fill(source);
                KeyedStateHandle chain = null;
                for (long id = 1; id <= CHAIN_DELTAS + 1; id++)
                {
                    if (id > 1)
                    {
                        workload.update(source, updatePercent);
                    }
                    chain = take(source, id, memory, CheckpointOptions.forCheckpoint());
                    source.notifyCheckpointComplete(id);
                }
                final KeyedStateHandle full =
                    take(source, CHAIN_DELTAS + 2, memory, new CheckpointOptions(CheckpointType.SAVEPOINT, null));
                handles = List.of("chain".equals(restore) ? chain : full);
                System.out.println("IncrementalCheckpointBenchmark: restore=" + restore + ", keys=" + keys +
                    ", bytes=" + handles.get(0).getStateSize());
            }
        }

        /** Opens the empty backend to restore into. */
        @Setup(Level.Invocation)
        public void open()
        {
            target = workload.open(IncrementalCheckpointSettings.INCREMENTAL_DEFAULTS);
        }

        /** Closes the restored backend. */
        @TearDown(Level.Invocation)
        public void close()
        {
            target.close();
        }

        private static KeyedStateHandle take(
            final KeyedStateBackend<Long> backend,
            final long id,
            final CheckpointStreamFactory streams,
            final CheckpointOptions options) throws Exception
        {
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(id, id, streams, options);
            future.run();
            return future.get().getJobManagerOwnedSnapshot();
        }
    }

    /** Streams that count their bytes and keep none: a checkpoint's cost without a disk's. */
    static final class CountingStreamFactory implements CheckpointStreamFactory
    {
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong streams = new AtomicLong();

        long bytes()
        {
            return bytes.get();
        }

        @Override
        public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
        {
            final String name = "counted-" + streams.incrementAndGet();
            return new CheckpointStateOutputStream()
            {
                private long written;

                @Override
                public void write(final int b)
                {
                    written++;
                }

                @Override
                public void write(final byte[] b, final int off, final int len)
                {
                    written += len;
                }

                @Override
                public long getPos()
                {
                    return written;
                }

                @Override
                public StreamStateHandle closeAndGetHandle()
                {
                    bytes.addAndGet(written);
                    return new ByteStreamStateHandle(name, new byte[0]);
                }

                @Override
                public void close()
                {
                }
            };
        }
    }
}

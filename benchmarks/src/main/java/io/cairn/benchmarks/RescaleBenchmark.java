package io.cairn.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
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
 * The rescale case of Apache Flink's state benchmarks ({@code RescalingBenchmarkBase} and its executors in
 * flink-benchmarks): {@code keys} keys (1,250,000 by default) of {@value #KEY_LENGTH} random bytes, each with one
 * {@value #VALUE_LENGTH}-byte random value in a {@code ValueState<byte[]>} ({@link ByteArrayCodec}), max
 * parallelism {@value #MAX_PARALLELISM}. The benchmark is the restore of subtask 0 after a change of parallelism:
 *
 * <ul>
 *     <li>{@code 1to2} (Flink's {@code RESCALE_OUT}): one old subtask owned every key group; subtask 0 of 2 (key
 *     groups 0 to 63) restores from that single handle, reading only its half through the stream's key-group
 *     index;</li>
 *     <li>{@code 2to1} (Flink's {@code RESCALE_IN}): two old subtasks owned 0 to 63 and 64 to 127; subtask 0 of 1
 *     restores from both handles.</li>
 * </ul>
 * As in Flink's, the old state is written once per trial, and each invocation restores into a fresh, empty backend
 * opened before it and closed after it, outside the timed region. Flink's version reads the old state from files;
 * here the streams are in memory ({@link MemoryCheckpointStreamFactory}), so the figure is the backend's restore
 * path (reading the index, checking CRCs, decompressing, inserting) without file I/O. Like Flink's keys, the first
 * four bytes of a key are its number (big-endian), so keys are distinct; the rest is random.
 *
 * <p>The trial setup prints the streams' sizes ({@code RescaleBenchmark: ...}); after the first invocation, outside
 * the timed region, the benchmark checks that exactly the keys of the new subtask's key groups arrived. MB/s is the
 * bytes of the key groups read divided by the time. The forks' heap is capped at {@value #MAX_HEAP}: the streams
 * (about 290 MB in all) live on it.
 *
 * <p>The same state and restores run on Apache Flink's heap and RocksDB backends ({@code -p
 * backend=flink-hashmap,flink-rocksdb}, from the peers' jar; {@code run.sh} does it), as Flink's own executors for
 * them do, but with the old state in memory here too: the old subtasks' snapshots are Flink's checkpoints (its
 * in-memory stream factory; incremental ones, SST files, on its RocksDB backend, as on Cairn's), and the new
 * subtask's backend is built by Flink from the old handles cut to its key groups ({@code getIntersection}, as
 * Flink's {@code StateAssignmentOperation} cuts them). Keys are placed in the key group Cairn computes
 * ({@code setCurrentKeyAndKeyGroup}), so both backends hold the same keys in the same key groups.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {
    BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS, RescaleBenchmark.MAX_HEAP })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RescaleBenchmark
{
    /** The length of every key, as in Flink's benchmark. */
    public static final int KEY_LENGTH = 96;

    /** The length of every value, as in Flink's benchmark. */
    public static final int VALUE_LENGTH = 128;

    /** The max parallelism (number of key groups), as in Flink's benchmark. */
    public static final int MAX_PARALLELISM = 128;

    /** The heap of the forked JVMs. */
    public static final String MAX_HEAP = "-Xmx3g";

    /** The memory budget of every backend: well above the largest state here (about 400 MB). */
    public static final long MEMORY_BUDGET_BYTES = 2L << 30;

    private static final ValueStateDescriptor<byte[]> DESCRIPTOR =
        new ValueStateDescriptor<>("value", ByteArrayCodec.INSTANCE);

    /**
     * Restores subtask 0 at the new parallelism from the old subtasks' handles.
     *
     * @param rescale the old handles and the empty backend of the new subtask.
     * @return the restored backend.
     * @throws IOException if a stream cannot be read.
     */
    @Benchmark
    public KeyedStateBackend<byte[]> restore(final Rescale rescale) throws IOException
    {
        rescale.target.restore(rescale.oldHandles);
        return rescale.target;
    }

    /**
     * The old subtasks' snapshots, and before each invocation the new subtask's empty backend. Not final: JMH
     * generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Rescale
    {
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both
         * of Cairn's by default. RocksDB's old state is its incremental checkpoints (SST files): a restore opens the
         * old database that covers the most key groups and copies the owned key groups of the others.
         */
        @Param({ "offheap", "rocksdb" })
        public String backend;

        /** The change of parallelism: {@code 1to2} (scale up) or {@code 2to1} (scale down). */
        @Param({ "1to2", "2to1" })
        public String rescale;

        /** The number of keys. */
        @Param("1250000")
        public int keys;

        List<KeyedStateHandle> oldHandles;
        KeyedStateBackend<byte[]> target;
        private StateBackend stateBackend;
        private KeyGroupRange targetRange;
        private long expectedRestoredKeys;
        private boolean checked;

        /**
         * Writes the keys into the old subtasks' backends, snapshots them to memory and closes them.
         *
         * @throws Exception if a snapshot fails.
         */
        @Setup(Level.Trial)
        public void setUp() throws Exception
        {
            final int oldParallelism;
            final int newParallelism;
            if ("1to2".equals(rescale))
            {
                oldParallelism = 1;
                newParallelism = 2;
            }
            else if ("2to1".equals(rescale))
            {
                oldParallelism = 2;
                newParallelism = 1;
            }
            else
            {
                throw new IllegalArgumentException("rescale=" + rescale + "; expected 1to2 or 2to1");
            }
            stateBackend = StateBackendLoader.loadStateBackendFromConfig(
                Map.of(StateBackendLoader.STATE_BACKEND_TYPE, backend));
            targetRange = KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                MAX_PARALLELISM, newParallelism, 0);

            final List<KeyedStateBackend<byte[]>> old = new ArrayList<>(oldParallelism);
            final List<KeyedStateHandle> handles = new ArrayList<>(oldParallelism);
            final StringBuilder sizes = new StringBuilder();
            try
            {
                for (int i = 0; i < oldParallelism; i++)
                {
                    old.add(open(KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                        MAX_PARALLELISM, oldParallelism, i)));
                }
                expectedRestoredKeys = fill(old, oldParallelism);
                final MemoryCheckpointStreamFactory streamFactory = new MemoryCheckpointStreamFactory("rescale");
                for (final KeyedStateBackend<byte[]> subtask : old)
                {
                    final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
                        subtask.snapshot(1, 1, streamFactory, CheckpointOptions.forCheckpoint());
                    future.run();
                    final SnapshotResult<KeyedStateHandle> result = future.get();
                    handles.add(result.getJobManagerOwnedSnapshot());
                    sizes.append(sizes.length() == 0 ? "" : ", ").append(result.getStateSize());
                }
            }
            finally
            {
                for (final KeyedStateBackend<byte[]> subtask : old)
                {
                    subtask.close();
                }
            }
            oldHandles = List.copyOf(handles);
            System.out.println("RescaleBenchmark: rescale=" + rescale + ", keys=" + keys + ", oldStreamBytes=[" +
                sizes + "], new subtask 0 owns " + targetRange + " and " + expectedRestoredKeys + " of the keys");
        }

        /** Opens the new subtask's empty backend for the next invocation. */
        @Setup(Level.Invocation)
        public void openTarget()
        {
            target = open(targetRange);
        }

        /** Checks the first restore (exactly the keys of the new subtask's key groups arrived); frees the backend. */
        @TearDown(Level.Invocation)
        public void closeTarget()
        {
            try
            {
                if (!checked)
                {
                    checkRestoredKeys();
                    checked = true;
                }
            }
            finally
            {
                target.close();
            }
        }

        private void checkRestoredKeys()
        {
            // Restored states are listed once a state object for them exists.
            target.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, DESCRIPTOR);
            final long restored = target.getKeys(DESCRIPTOR.getName(), VoidNamespace.INSTANCE).count();
            if (restored != expectedRestoredKeys)
            {
                throw new IllegalStateException("rescale=" + rescale + " restored " + restored + " keys into " +
                    targetRange + "; expected " + expectedRestoredKeys);
            }
            System.out.println("RescaleBenchmark: rescale=" + rescale + ", restored " + restored + " keys into " +
                targetRange + ", restoredMemoryBytes=" + BenchmarkBackends.memoryUsage(target));
        }

        private KeyedStateBackend<byte[]> open(final KeyGroupRange range)
        {
            return stateBackend.createKeyedStateBackend(KeyedStateBackendParameters.builder(ByteArrayCodec.INSTANCE)
                .numberOfKeyGroups(MAX_PARALLELISM)
                .keyGroupRange(range)
                .memoryBudgetBytes(MEMORY_BUDGET_BYTES)
                .build());
        }

        /**
         * Writes every key into the old subtask that owns its key group.
         *
         * @return how many of the keys fall into the new subtask's key groups.
         */
        private long fill(final List<KeyedStateBackend<byte[]>> old, final int oldParallelism)
        {
            final List<ValueState<byte[]>> states = new ArrayList<>(old.size());
            for (final KeyedStateBackend<byte[]> subtask : old)
            {
                states.add(
                    subtask.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, DESCRIPTOR));
            }
            // New arrays for every key: a heap backend (Flink's) keeps the objects it is given, where Cairn's
            // backends copy their bytes.
            final SplittableRandom random = new SplittableRandom(StateBenchmarkData.SEED);
            long inTarget = 0;
            for (int k = 0; k < keys; k++)
            {
                final byte[] key = new byte[KEY_LENGTH];
                final byte[] value = new byte[VALUE_LENGTH];
                random.nextBytes(key);
                key[0] = (byte)(k >>> 24);
                key[1] = (byte)(k >>> 16);
                key[2] = (byte)(k >>> 8);
                key[3] = (byte)k;
                random.nextBytes(value);
                final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(
                    ByteArrayCodec.INSTANCE.hashCode(key), MAX_PARALLELISM);
                final int owner =
                    KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, oldParallelism, keyGroup);
                old.get(owner).setCurrentKeyAndKeyGroup(key, keyGroup);
                states.get(owner).update(value);
                if (targetRange.contains(keyGroup))
                {
                    inTarget++;
                }
            }
            return inTarget;
        }
    }
}

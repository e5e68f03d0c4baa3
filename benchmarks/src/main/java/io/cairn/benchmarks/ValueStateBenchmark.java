package io.cairn.benchmarks;

import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import static io.cairn.benchmarks.StateBenchmarkData.BATCH_KEYS;
import static io.cairn.benchmarks.StateBenchmarkData.WRITE_ITERATION_SECONDS;
import static io.cairn.benchmarks.StateBenchmarkData.advance;

/**
 * {@link ValueState} of {@code Long} values under {@code Long} keys: read, overwrite, and add new keys.
 *
 * <p>The operations are those of Apache Flink's {@code ValueStateBenchmark}; what differs is how inputs reach them.
 * Every input is computed at {@code Level.Trial} into primitive arrays ({@link StateBenchmarkData}); an operation
 * takes the next key and value through an index cursor and calls {@code setCurrentKey} itself. The only boxing
 * per operation is what the API's generic signature forces on any caller holding a primitive: the key passed to
 * {@code setCurrentKey} and the value passed to {@code update}, each a {@code Long} of 24 bytes (64-bit JVM,
 * compressed pointers) unless the JIT removes it.
 *
 * <p>{@link #valueGet} returns {@code long}, not {@code Long}: a program reading a counter unboxes it, and then the
 * JIT may remove the box the backend decoded. Returning the box would make it escape into JMH's blackhole and
 * charge every backend an allocation no real caller keeps. What a backend cannot avoid allocating still shows in
 * {@code gc.alloc.rate.norm}.
 *
 * <p>{@code keys} keys hold a value when a benchmark starts ({@value StateBenchmarkData#DEFAULT_KEY_COUNT} by
 * default, the number of Flink's suite; {@code -p keys=N} for another, a multiple of {@value
 * StateBenchmarkData#BATCH_KEYS}).
 *
 * <p>{@link #valueAdd} adds keys that really are new: as many new keys as there are setup keys, in passes. One
 * invocation adds the next {@value StateBenchmarkData#BATCH_KEYS} of them, reported per key
 * ({@code @OperationsPerInvocation}); before the first batch of each pass, outside the timed region,
 * {@link NewKeysAbsent} removes them all again. (An add benchmark that draws from a fixed set of new keys, as
 * Flink's does, measures updates after the first pass.) JMH's GC profiler counts the whole iteration, so what the
 * backend allocates while removing the keys is included in that benchmark's {@code gc.alloc.rate.norm}, spread
 * over the pass; the removal itself uses keys boxed at trial setup.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ValueStateBenchmark
{
    /**
     * Reads the value of an existing key.
     *
     * @param fixture the backend and the inputs.
     * @return the value, unboxed as a caller would.
     */
    @Benchmark
    public long valueGet(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        return fixture.state.value();
    }

    /**
     * Overwrites the value of an existing key.
     *
     * @param fixture the backend and the inputs.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    public void valueUpdate(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        fixture.state.update(fixture.nextValue());
    }

    /**
     * Writes the first value of the next batch of new keys; the score is per key.
     *
     * @param absent the backend, whose new keys hold no state when a pass starts, and the batch.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    @OperationsPerInvocation(BATCH_KEYS)
    public void valueAdd(final NewKeysAbsent absent)
    {
        final Fixture fixture = absent.fixture;
        final KeyedStateBackend<Long> keyedBackend = fixture.keyedBackend;
        final ValueState<Long> state = fixture.state;
        final long[] keys = fixture.newKeys;
        final int end = absent.first + BATCH_KEYS;
        for (int i = absent.first; i < end; i++)
        {
            keyedBackend.setCurrentKey(keys[i]);
            state.update(fixture.nextValue());
        }
    }

    /**
     * The backend under test, filled with one value per setup key, and the cursors through the inputs.
     * Not final: JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class Fixture
    {
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both of
         * Cairn's by default, the off-heap one and RocksDB.
         */
        @Param({ "offheap", "rocksdb" })
        public String backend;

        /** The keys that hold a value when the benchmark starts; as many new keys are added in passes. */
        @Param(StateBenchmarkData.DEFAULT_KEY_COUNT)
        public int keys;

        KeyedStateBackend<Long> keyedBackend;
        ValueState<Long> state;
        long[] newKeys;
        private Long[] newKeysBoxed;
        private long[] accessKeys;
        private long[] randomValues;
        private int keyCursor;
        private int valueCursor;

        /** Opens the backend and writes a value under every setup key. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final StateBenchmarkData data = StateBenchmarkData.create(keys);
            accessKeys = data.accessKeys();
            newKeys = data.newKeys();
            newKeysBoxed = StateBenchmarkData.boxed(newKeys);
            randomValues = data.randomValues();

            keyedBackend = BenchmarkBackends.openLongKeyed(backend);
            state = keyedBackend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                new ValueStateDescriptor<>("value", LongCodec.INSTANCE));

            final long[] setupKeys = data.setupKeys();
            for (int i = 0; i < setupKeys.length; i++)
            {
                keyedBackend.setCurrentKey(setupKeys[i]);
                state.update(randomValues[i]);
            }
            final int last = setupKeys.length - 1;
            keyedBackend.setCurrentKey(setupKeys[last]);
            final Long readBack = state.value();
            if (readBack == null || readBack != randomValues[last])
            {
                throw new IllegalStateException("backend=" + backend + " read back " + readBack + " for key " +
                    setupKeys[last] + "; expected " + randomValues[last]);
            }
        }

        /** Frees the backend's memory. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            keyedBackend.close();
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
            valueCursor = advance(v, randomValues.length);
            return randomValues[v];
        }

        void removeNewKeys()
        {
            final Long[] keys = newKeysBoxed;
            for (int i = 0; i < keys.length; i++)
            {
                keyedBackend.setCurrentKey(keys[i]);
                state.clear();
            }
        }
    }

    /**
     * The batch of new keys the next invocation of {@link #valueAdd} adds; before each pass, outside the timed
     * region, it removes all the new keys. It reaches the {@link Fixture} through its own setup rather than the
     * benchmark's arguments: JMH would make a second fixture for a state named in both places. Not final: JMH
     * generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class NewKeysAbsent
    {
        Fixture fixture;
        int first;
        private int next;

        /**
         * @param fixture the fixture of this benchmark.
         */
        @Setup(Level.Trial)
        public void bind(final Fixture fixture)
        {
            this.fixture = fixture;
        }

        /** Chooses the next batch; removes the new keys if it starts a pass. */
        @Setup(Level.Invocation)
        public void nextBatch()
        {
            first = next;
            if (first == 0)
            {
                fixture.removeNewKeys();
            }
            next = StateBenchmarkData.nextBatch(first, fixture.newKeys.length);
        }
    }
}

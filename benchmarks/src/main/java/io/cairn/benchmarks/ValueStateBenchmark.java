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

import static io.cairn.benchmarks.StateBenchmarkData.NEW_KEY_COUNT;
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
 * <p>{@link #valueAdd} adds keys that really are new. One invocation is a pass over all {@value
 * StateBenchmarkData#NEW_KEY_COUNT} new keys, reported per key ({@code @OperationsPerInvocation}); before each
 * pass, outside the timed region, {@link NewKeysAbsent} removes them again. (An add benchmark that draws from a
 * fixed set of new keys, as Flink's does, measures updates after the first pass.) JMH's GC profiler counts the
 * whole iteration, so what the backend allocates while removing the keys is included in that benchmark's
 * {@code gc.alloc.rate.norm}; the removal itself uses keys boxed at trial setup.
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
    public void valueUpdate(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        fixture.state.update(fixture.nextValue());
    }

    /**
     * Writes the first value of every new key, in one pass; the score is per key.
     *
     * @param absent the backend, whose new keys hold no state when the pass starts.
     */
    @Benchmark
    @OperationsPerInvocation(NEW_KEY_COUNT)
    public void valueAdd(final NewKeysAbsent absent)
    {
        final Fixture fixture = absent.fixture;
        final KeyedStateBackend<Long> keyedBackend = fixture.keyedBackend;
        final ValueState<Long> state = fixture.state;
        final long[] keys = fixture.newKeys;
        for (int i = 0; i < keys.length; i++)
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
        /** The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}. */
        @Param("offheap")
        public String backend;

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
            final StateBenchmarkData data = StateBenchmarkData.create();
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
     * Removes the new keys before each pass of {@link #valueAdd}, outside the timed region. It reaches the
     * {@link Fixture} through its own setup rather than the benchmark's arguments: JMH would make a second fixture
     * for a state named in both places. Not final: JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class NewKeysAbsent
    {
        Fixture fixture;

        /**
         * @param fixture the fixture of this benchmark.
         */
        @Setup(Level.Trial)
        public void bind(final Fixture fixture)
        {
            this.fixture = fixture;
        }

        /** Removes the new keys. */
        @Setup(Level.Invocation)
        public void removeNewKeys()
        {
            fixture.removeNewKeys();
        }
    }
}

package io.cairn.benchmarks;

import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.LongKeyedBackend;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.LongLongMapState;
import io.cairn.state.LongLongMapStateDescriptor;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
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

import static io.cairn.benchmarks.StateBenchmarkData.MAP_ENTRIES_PER_KEY;
import static io.cairn.benchmarks.StateBenchmarkData.WRITE_ITERATION_SECONDS;
import static io.cairn.benchmarks.StateBenchmarkData.advance;

/**
 * The allocation-free paths of Cairn's backends: {@link LongValueState} and {@link LongLongMapState}, whose
 * primitive accessors take and return {@code long}, on the workload of {@link ValueStateBenchmark} and
 * {@link MapStateBenchmark} ({@code keys} keys in shuffled order, {@value StateBenchmarkData#DEFAULT_KEY_COUNT} by
 * default, 10 map entries per key, inputs in primitive arrays).
 * The key is set through {@link LongKeyedBackend#setCurrentKey(long)}, so no operation needs a box at all;
 * {@code gc.alloc.rate.norm} shows what is left. Cairn only: no peer offers these accessors.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PrimitiveStateBenchmark
{
    /**
     * Reads a {@code long} value of an existing key.
     *
     * @param fixture the backend and the inputs.
     * @return the value.
     */
    @Benchmark
    public long valueGetLong(final Fixture fixture)
    {
        fixture.longKeys.setCurrentKey(fixture.nextAccessKey());
        return fixture.value.getLong(-1);
    }

    /**
     * Overwrites the {@code long} value of an existing key.
     *
     * @param fixture the backend and the inputs.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    public void valueUpdateLong(final Fixture fixture)
    {
        fixture.longKeys.setCurrentKey(fixture.nextAccessKey());
        fixture.value.updateLong(fixture.nextValue());
    }

    /**
     * Reads one entry of an existing key's map.
     *
     * @param fixture the backend and the inputs.
     * @return the entry's value.
     */
    @Benchmark
    public long mapGetLong(final Fixture fixture)
    {
        fixture.longKeys.setCurrentKey(fixture.nextAccessKey());
        return fixture.map.getLong(fixture.nextMapKey(), -1);
    }

    /**
     * Overwrites one entry of an existing key's map.
     *
     * @param fixture the backend and the inputs.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    public void mapUpdateLong(final Fixture fixture)
    {
        fixture.longKeys.setCurrentKey(fixture.nextAccessKey());
        fixture.map.putLong(fixture.nextMapKey(), fixture.nextValue());
    }

    /** The backend with a value and a 10-entry map per setup key. Not final: JMH subclasses it. */
    @State(Scope.Thread)
    public static class Fixture
    {
        /**
         * The name of the backend under test, as registered with {@link io.cairn.backend.StateBackendLoader}: both
         * of Cairn's, which both offer {@link LongKeyedBackend}.
         */
        @Param({ "offheap", "rocksdb" })
        public String backend;

        /** The keys that have a value and a map when the benchmark starts. */
        @Param(StateBenchmarkData.DEFAULT_KEY_COUNT)
        public int keys;

        KeyedStateBackend<Long> keyedBackend;
        LongKeyedBackend longKeys;
        LongValueState value;
        LongLongMapState map;
        private long[] accessKeys;
        private long[] randomValues;
        private long[] mapKeys;
        private int keyCursor;
        private int valueCursor;
        private int mapKeyCursor;

        /** Opens the backend and fills it. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final StateBenchmarkData data = StateBenchmarkData.create(keys);
            accessKeys = data.accessKeys();
            randomValues = data.randomValues();
            mapKeys = data.mapKeys();
            keyedBackend = BenchmarkBackends.openLongKeyed(backend);
            longKeys = (LongKeyedBackend)keyedBackend;
            value = keyedBackend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, new LongValueStateDescriptor("value"));
            map = keyedBackend.getPartitionedState(
                VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, new LongLongMapStateDescriptor("map"));
            final long[] setupKeys = data.setupKeys();
            for (int i = 0; i < setupKeys.length; i++)
            {
                keyedBackend.setCurrentKey(setupKeys[i]);
                value.updateLong(randomValues[i]);
                for (int e = 0; e < MAP_ENTRIES_PER_KEY; e++)
                {
                    map.putLong(mapKeys[e], randomValues[(i + e) % randomValues.length]);
                }
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

        long nextMapKey()
        {
            final int m = mapKeyCursor;
            mapKeyCursor = advance(m, MAP_ENTRIES_PER_KEY);
            return mapKeys[m];
        }
    }
}

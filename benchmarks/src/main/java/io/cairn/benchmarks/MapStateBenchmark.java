package io.cairn.benchmarks;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
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
import org.openjdk.jmh.infra.Blackhole;

import static io.cairn.benchmarks.StateBenchmarkData.BATCH_KEYS;
import static io.cairn.benchmarks.StateBenchmarkData.MAP_ENTRIES_PER_KEY;
import static io.cairn.benchmarks.StateBenchmarkData.WRITE_ITERATION_SECONDS;
import static io.cairn.benchmarks.StateBenchmarkData.advance;

/**
 * {@link MapState} of {@code Long} to {@code Long} under {@code Long} keys, {@value
 * StateBenchmarkData#MAP_ENTRIES_PER_KEY} entries per key: point reads and writes, iteration, adds and removes.
 *
 * <p>The operations are those of Apache Flink's {@code MapStateBenchmark}, fed as {@link ValueStateBenchmark}
 * explains: primitive inputs made at trial setup, an index cursor, {@code setCurrentKey} in every operation, and
 * no boxing but the API's own: the key, the map key and, for writes, the map value, each a {@code Long} of 24
 * bytes (64-bit JVM, compressed pointers) unless the JIT removes it. Reads return the value unboxed to
 * {@code long}, as a caller would use it. {@link #mapContains} asks for a map key that is there.
 *
 * <p>{@code keys} keys have a map when a benchmark starts ({@value StateBenchmarkData#DEFAULT_KEY_COUNT} by
 * default, as in Flink's suite). {@link #mapAdd} (the first entry of a new key, of as many new keys) and
 * {@link #mapRemove} (one entry of each existing key) change what they measure if repeated, so they go through
 * the keys in passes: each invocation handles the next {@value StateBenchmarkData#BATCH_KEYS} keys, reported per
 * key, and a reset before each pass, outside the timed region, undoes the previous one. JMH's GC profiler counts
 * the whole iteration, so what the backend allocates in the reset is included in those two benchmarks'
 * {@code gc.alloc.rate.norm}, spread over the pass.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MapStateBenchmark
{
    /**
     * Reads one entry of an existing key.
     *
     * @param fixture the backend and the inputs.
     * @return the entry's value, unboxed.
     */
    @Benchmark
    public long mapGet(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        return fixture.state.get(fixture.nextMapKey());
    }

    /**
     * Overwrites one entry of an existing key.
     *
     * @param fixture the backend and the inputs.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    public void mapUpdate(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        fixture.state.put(fixture.nextMapKey(), fixture.nextValue());
    }

    /**
     * Asks whether an existing key's map has one of its map keys.
     *
     * @param fixture the backend and the inputs.
     * @return the answer (always true).
     */
    @Benchmark
    public boolean mapContains(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        return fixture.state.contains(fixture.nextMapKey());
    }

    /**
     * Iterates all entries of an existing key; the score is per entry.
     *
     * @param fixture   the backend and the inputs.
     * @param blackhole takes each map key and value, unboxed.
     */
    @Benchmark
    @OperationsPerInvocation(MAP_ENTRIES_PER_KEY)
    public void mapIterator(final Fixture fixture, final Blackhole blackhole)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        final Iterator<Map.Entry<Long, Long>> iterator = fixture.state.iterator();
        while (iterator.hasNext())
        {
            final Map.Entry<Long, Long> entry = iterator.next();
            blackhole.consume(entry.getKey().longValue());
            blackhole.consume(entry.getValue().longValue());
        }
    }

    /**
     * Puts the first entry of the next batch of new keys; the score is per key.
     *
     * @param absent the backend, whose new keys hold no state when a pass starts, and the batch.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    @OperationsPerInvocation(BATCH_KEYS)
    public void mapAdd(final NewKeysAbsent absent)
    {
        final Fixture fixture = absent.fixture;
        final KeyedStateBackend<Long> keyedBackend = fixture.keyedBackend;
        final MapState<Long, Long> state = fixture.state;
        final long[] keys = fixture.newKeys;
        final int end = absent.first + BATCH_KEYS;
        for (int i = absent.first; i < end; i++)
        {
            keyedBackend.setCurrentKey(keys[i]);
            state.put(fixture.nextMapKey(), fixture.nextValue());
        }
    }

    /**
     * Removes one existing entry of each key of the next batch of setup keys; the score is per key.
     *
     * @param present the backend, with all its entries in place when a pass starts, and the batch.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    @OperationsPerInvocation(BATCH_KEYS)
    public void mapRemove(final EntriesPresent present)
    {
        final Fixture fixture = present.fixture;
        final KeyedStateBackend<Long> keyedBackend = fixture.keyedBackend;
        final MapState<Long, Long> state = fixture.state;
        final long[] keys = fixture.accessKeys;
        final long[] mapKeys = fixture.mapKeys;
        final int end = present.first + BATCH_KEYS;
        for (int i = present.first; i < end; i++)
        {
            keyedBackend.setCurrentKey(keys[i]);
            state.remove(mapKeys[i % MAP_ENTRIES_PER_KEY]);
        }
    }

    /**
     * The backend under test, with {@value StateBenchmarkData#MAP_ENTRIES_PER_KEY} entries under every setup key,
     * and the cursors through the inputs. Not final: JMH generates subclasses of it.
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

        /** The keys that have a map when the benchmark starts; {@link #mapAdd} adds as many new keys. */
        @Param(StateBenchmarkData.DEFAULT_KEY_COUNT)
        public int keys;

        KeyedStateBackend<Long> keyedBackend;
        MapState<Long, Long> state;
        long[] accessKeys;
        long[] newKeys;
        long[] mapKeys;
        private Long[] accessKeysBoxed;
        private Long[] newKeysBoxed;
        private Long[] mapKeysBoxed;
        private long[] randomValues;
        private int keyCursor;
        private int mapKeyCursor;
        private int valueCursor;

        /** Opens the backend and fills every setup key's map. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final StateBenchmarkData data = StateBenchmarkData.create(keys);
            accessKeys = data.accessKeys();
            newKeys = data.newKeys();
            mapKeys = data.mapKeys();
            accessKeysBoxed = StateBenchmarkData.boxed(accessKeys);
            newKeysBoxed = StateBenchmarkData.boxed(newKeys);
            mapKeysBoxed = StateBenchmarkData.boxed(mapKeys);
            randomValues = data.randomValues();

            keyedBackend = BenchmarkBackends.openLongKeyed(backend);
            state = keyedBackend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                new MapStateDescriptor<>("map", LongCodec.INSTANCE, LongCodec.INSTANCE));

            final long[] setupKeys = data.setupKeys();
            for (int i = 0; i < setupKeys.length; i++)
            {
                keyedBackend.setCurrentKey(setupKeys[i]);
                for (int j = 0; j < MAP_ENTRIES_PER_KEY; j++)
                {
                    state.put(mapKeys[j], nextValue());
                }
            }
            keyedBackend.setCurrentKey(setupKeys[0]);
            for (int j = 0; j < MAP_ENTRIES_PER_KEY; j++)
            {
                if (state.get(mapKeys[j]) == null)
                {
                    throw new IllegalStateException("backend=" + backend + " lost map key " + mapKeys[j] +
                        " of key " + setupKeys[0]);
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

        long nextMapKey()
        {
            final int m = mapKeyCursor;
            mapKeyCursor = advance(m, mapKeys.length);
            return mapKeys[m];
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

        void restoreRemovedEntries()
        {
            final Long[] keys = accessKeysBoxed;
            final Long[] mapKeys = mapKeysBoxed;
            final Long value = randomValues[0];
            for (int i = 0; i < keys.length; i++)
            {
                keyedBackend.setCurrentKey(keys[i]);
                state.put(mapKeys[i % MAP_ENTRIES_PER_KEY], value);
            }
        }
    }

    /**
     * The batch of new keys the next invocation of {@link #mapAdd} adds; before each pass, outside the timed region,
     * it removes all the new keys. It reaches the {@link Fixture} through its own setup rather than the benchmark's
     * arguments: JMH would make a second fixture for a state named in both places. Not final: JMH generates
     * subclasses of it.
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

    /**
     * The batch of keys the next invocation of {@link #mapRemove} removes an entry of; before each pass, outside
     * the timed region, it puts back the entries the previous pass removed (with a value of its own: only their
     * presence matters). Not final: JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class EntriesPresent
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

        /** Chooses the next batch; puts the removed entries back if it starts a pass. */
        @Setup(Level.Invocation)
        public void nextBatch()
        {
            first = next;
            if (first == 0)
            {
                fixture.restoreRemovedEntries();
            }
            next = StateBenchmarkData.nextBatch(first, fixture.accessKeys.length);
        }
    }
}

package io.cairn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
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
import static io.cairn.benchmarks.StateBenchmarkData.LIST_ELEMENTS_PER_KEY;
import static io.cairn.benchmarks.StateBenchmarkData.WRITE_ITERATION_SECONDS;
import static io.cairn.benchmarks.StateBenchmarkData.advance;

/**
 * {@link ListState} of {@code Long} elements under {@code Long} keys, {@value
 * StateBenchmarkData#LIST_ELEMENTS_PER_KEY} elements per key: read, iterate, replace, append, and add new keys.
 *
 * <p>The operations are those of Apache Flink's {@code ListStateBenchmark}, fed as {@link ValueStateBenchmark}
 * explains: primitive inputs made at trial setup, an index cursor, {@code setCurrentKey} in every operation.
 * {@code update} takes a {@code List<Long>}; building one per operation would measure the harness (Flink's suite
 * spends a quarter of its time there), so {@link #listUpdate} cycles through {@value #LIST_POOL_SIZE} lists
 * built at trial setup. {@link #listGet} returns the list the backend built, which is what a caller gets;
 * {@link #listGetAndIterate} also reads every element, unboxed.
 *
 * <p>{@code keys} keys have a list when a benchmark starts ({@value StateBenchmarkData#DEFAULT_KEY_COUNT} by
 * default, as in Flink's suite). {@link #listAdd} (the first element of a new key, of as many new keys) and
 * {@link #listAppend} (one more element on an existing list) change what they measure if repeated, so they go
 * through the keys in passes: each invocation handles the next {@value StateBenchmarkData#BATCH_KEYS} keys,
 * reported per key, and a reset before each pass, outside the timed region, undoes the previous one. JMH's GC
 * profiler counts the whole iteration, so what the backend allocates in the reset is included in those two
 * benchmarks' {@code gc.alloc.rate.norm}, spread over the pass.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ListStateBenchmark
{
    /** The number of prebuilt lists that list writes cycle through. */
    public static final int LIST_POOL_SIZE = 1024;

    /**
     * Reads the list of an existing key.
     *
     * @param fixture the backend and the inputs.
     * @return the list.
     */
    @Benchmark
    public List<Long> listGet(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        return fixture.state.get();
    }

    /**
     * Reads the list of an existing key and every element in it.
     *
     * @param fixture   the backend and the inputs.
     * @param blackhole takes each element, unboxed.
     */
    @Benchmark
    public void listGetAndIterate(final Fixture fixture, final Blackhole blackhole)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        for (final Long element : fixture.state.get())
        {
            blackhole.consume(element.longValue());
        }
    }

    /**
     * Replaces the list of an existing key with another of the same length.
     *
     * @param fixture the backend and the inputs.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    public void listUpdate(final Fixture fixture)
    {
        fixture.keyedBackend.setCurrentKey(fixture.nextAccessKey());
        fixture.state.update(fixture.nextList());
    }

    /**
     * Adds the first element of the next batch of new keys; the score is per key.
     *
     * @param absent the backend, whose new keys hold no state when a pass starts, and the batch.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    @OperationsPerInvocation(BATCH_KEYS)
    public void listAdd(final NewKeysAbsent absent)
    {
        final Fixture fixture = absent.fixture;
        final KeyedStateBackend<Long> keyedBackend = fixture.keyedBackend;
        final ListState<Long> state = fixture.state;
        final long[] keys = fixture.newKeys;
        final int end = absent.first + BATCH_KEYS;
        for (int i = absent.first; i < end; i++)
        {
            keyedBackend.setCurrentKey(keys[i]);
            state.add(fixture.nextValue());
        }
    }

    /**
     * Appends one element to the list of each key of the next batch of setup keys; the score is per key.
     *
     * @param restored the backend, every list of which has its setup length when a pass starts, and the batch.
     */
    @Benchmark
    @Measurement(iterations = 5, time = WRITE_ITERATION_SECONDS)
    @OperationsPerInvocation(BATCH_KEYS)
    public void listAppend(final ListsRestored restored)
    {
        final Fixture fixture = restored.fixture;
        final KeyedStateBackend<Long> keyedBackend = fixture.keyedBackend;
        final ListState<Long> state = fixture.state;
        final long[] keys = fixture.accessKeys;
        final int end = restored.first + BATCH_KEYS;
        for (int i = restored.first; i < end; i++)
        {
            keyedBackend.setCurrentKey(keys[i]);
            state.add(fixture.nextValue());
        }
    }

    /**
     * The backend under test, with a list of {@value StateBenchmarkData#LIST_ELEMENTS_PER_KEY} elements under
     * every setup key, and the cursors through the inputs. Not final: JMH generates subclasses of it.
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

        /** The keys that have a list when the benchmark starts; {@link #listAdd} adds as many new keys. */
        @Param(StateBenchmarkData.DEFAULT_KEY_COUNT)
        public int keys;

        KeyedStateBackend<Long> keyedBackend;
        ListState<Long> state;
        long[] accessKeys;
        long[] newKeys;
        private Long[] setupKeysBoxed;
        private Long[] newKeysBoxed;
        private List<List<Long>> lists;
        private long[] randomValues;
        private int keyCursor;
        private int listCursor;
        private int valueCursor;

        /** Opens the backend and writes every setup key's list. */
        @Setup(Level.Trial)
        public void setUp()
        {
            final StateBenchmarkData data = StateBenchmarkData.create(keys);
            accessKeys = data.accessKeys();
            newKeys = data.newKeys();
            setupKeysBoxed = StateBenchmarkData.boxed(data.setupKeys());
            newKeysBoxed = StateBenchmarkData.boxed(newKeys);
            randomValues = data.randomValues();
            lists = new ArrayList<>(LIST_POOL_SIZE);
            for (int i = 0; i < LIST_POOL_SIZE; i++)
            {
                final Long[] elements = new Long[LIST_ELEMENTS_PER_KEY];
                for (int j = 0; j < LIST_ELEMENTS_PER_KEY; j++)
                {
                    elements[j] = randomValues[i * LIST_ELEMENTS_PER_KEY + j];
                }
                lists.add(List.of(elements));
            }

            keyedBackend = BenchmarkBackends.openLongKeyed(backend);
            state = keyedBackend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                new ListStateDescriptor<>("list", LongCodec.INSTANCE));
            restoreLists();

            keyedBackend.setCurrentKey(setupKeysBoxed[1]);
            final List<Long> readBack = state.get();
            if (!readBack.equals(lists.get(1)))
            {
                throw new IllegalStateException("backend=" + backend + " read back " + readBack + " for key " +
                    setupKeysBoxed[1] + "; expected " + lists.get(1));
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

        List<Long> nextList()
        {
            final int l = listCursor;
            listCursor = advance(l, LIST_POOL_SIZE);
            return lists.get(l);
        }

        long nextValue()
        {
            final int v = valueCursor;
            valueCursor = advance(v, randomValues.length);
            return randomValues[v];
        }

        void restoreLists()
        {
            final Long[] keys = setupKeysBoxed;
            for (int i = 0; i < keys.length; i++)
            {
                keyedBackend.setCurrentKey(keys[i]);
                state.update(lists.get(i % LIST_POOL_SIZE));
            }
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
     * The batch of new keys the next invocation of {@link #listAdd} adds; before each pass, outside the timed
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

    /**
     * The batch of keys the next invocation of {@link #listAppend} appends to; before each pass, outside the timed
     * region, it gives every setup key its setup list back. Not final: JMH generates subclasses of it.
     */
    @State(Scope.Thread)
    public static class ListsRestored
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

        /** Chooses the next batch; restores the lists if it starts a pass. */
        @Setup(Level.Invocation)
        public void nextBatch()
        {
            first = next;
            if (first == 0)
            {
                fixture.restoreLists();
            }
            next = StateBenchmarkData.nextBatch(first, fixture.accessKeys.length);
        }
    }
}

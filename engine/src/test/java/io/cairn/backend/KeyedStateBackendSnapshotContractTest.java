package io.cairn.backend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The snapshot and restore contract of {@link KeyedStateBackend}: what a snapshot holds, its isolation from later
 * writes, cancellation, restore at another parallelism, and refusal of bad or damaged snapshots. Every backend's
 * test extends this class and implements {@link #createBackend}.
 */
public abstract class KeyedStateBackendSnapshotContractTest
{
    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", LongCodec.INSTANCE);
    private static final ValueStateDescriptor<String> NAME = new ValueStateDescriptor<>("name", StringCodec.INSTANCE);
    private static final ListStateDescriptor<String> EVENTS = new ListStateDescriptor<>("events", StringCodec.INSTANCE);
    private static final MapStateDescriptor<String, Long> TOTALS =
        new MapStateDescriptor<>("totals", StringCodec.INSTANCE, LongCodec.INSTANCE);
    private static final ReducingStateDescriptor<Long> SUM =
        new ReducingStateDescriptor<>("sum", Long::sum, LongCodec.INSTANCE);

    private final List<KeyedStateBackend<?>> backends = new ArrayList<>();

    /**
     * @param parameters the backend's parameters.
     * @param <K>        the key type.
     * @return a new, empty backend of the kind under test.
     */
    protected abstract <K> KeyedStateBackend<K> createBackend(KeyedStateBackendParameters<K> parameters);

    @AfterEach
    void closeBackends()
    {
        backends.forEach(KeyedStateBackend::close);
    }

    @Test
    public void shouldRestoreEveryKindOfStateAndNamespace() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        final Map<String, Object> expected = fill(backend, 300, "");
        final KeyedStateHandle handle = snapshotNow(backend, 1);

        final KeyedStateBackend<String> restored = open(KeyGroupRange.of(0, 127), 128);
        restored.restore(List.of(handle));
        assertEquals(expected, dump(restored, 300));
    }

    @Test
    public void shouldNotSeeWritesMadeAfterTheSnapshot() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        final Map<String, Object> atSnapshot = fill(backend, 200, "");
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
            backend.snapshot(1, 1L, new MemoryCheckpointStreamFactory("t"), CheckpointOptions.forCheckpoint());
        final Map<String, Object> afterwards = fill(backend, 260, "later-");
        for (int k = 0; k < 200; k += 3)
        {
            backend.setCurrentKey("key-" + k);
            state(backend, COUNT).clear();
            state(backend, EVENTS).update(List.of("replaced"));
            state(backend, TOTALS).clear();
        }

        future.run();
        final KeyedStateBackend<String> restored = open(KeyGroupRange.of(0, 127), 128);
        restored.restore(List.of(future.get().getJobManagerOwnedSnapshot()));
        assertEquals(atSnapshot, dump(restored, 260));
        assertTrue(!afterwards.equals(atSnapshot));
    }

    @Test
    public void shouldKeepSeveralSnapshotsInFlightEachAtItsMoment() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        final MemoryCheckpointStreamFactory streams = new MemoryCheckpointStreamFactory("t");
        final Map<String, Object> first = fill(backend, 100, "a");
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> one =
            backend.snapshot(1, 1L, streams, CheckpointOptions.forCheckpoint());
        final Map<String, Object> second = fill(backend, 150, "b");
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> two =
            backend.snapshot(2, 2L, streams, CheckpointOptions.forCheckpoint());
        fill(backend, 180, "c");

        two.run();
        one.run();
        final KeyedStateBackend<String> restoredOne = open(KeyGroupRange.of(0, 127), 128);
        restoredOne.restore(List.of(one.get().getJobManagerOwnedSnapshot()));
        assertEquals(first, dump(restoredOne, 180));
        final KeyedStateBackend<String> restoredTwo = open(KeyGroupRange.of(0, 127), 128);
        restoredTwo.restore(List.of(two.get().getJobManagerOwnedSnapshot()));
        assertEquals(second, dump(restoredTwo, 180));
    }

    @Test
    public void shouldLeaveNoStreamBehindWhenCancelled() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        fill(backend, 50, "");
        final CountingStreamFactory streams = new CountingStreamFactory();
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
            backend.snapshot(1, 1L, streams, CheckpointOptions.forCheckpoint());
        assertTrue(future.cancel(true));
        future.run();
        assertThrows(CancellationException.class, future::get);
        assertEquals(0, streams.completed.get());
        assertEquals(streams.created.get(), streams.discarded.get());

        final RunnableFuture<SnapshotResult<KeyedStateHandle>> next =
            backend.snapshot(2, 2L, streams, CheckpointOptions.forCheckpoint());
        next.run();
        assertNotNull(next.get().getJobManagerOwnedSnapshot());
        assertTrue(streams.completed.get() > 0, "the next snapshot wrote its streams");
        assertEquals(streams.created.get(), streams.completed.get() + streams.discarded.get());
    }

    @Test
    public void shouldSnapshotNothingForAnEmptyBackend() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future =
            backend.snapshot(1, 1L, new MemoryCheckpointStreamFactory("t"), CheckpointOptions.forCheckpoint());
        future.run();
        assertNull(future.get().getJobManagerOwnedSnapshot());
    }

    @Test
    public void shouldRescaleToAnyParallelismReadingOnlyOwnedKeyGroups() throws Exception
    {
        for (final int maxParallelism : new int[] { 128, 37 })
        {
            for (final int[] change : new int[][] { { 1, 3 }, { 3, 2 }, { 2, 5 }, { 4, 1 } })
            {
                final int oldParallelism = change[0];
                final int newParallelism = change[1];
                final Map<String, Object> expected = new TreeMap<>();
                final List<KeyedStateHandle> handles = new ArrayList<>();
                for (int i = 0; i < oldParallelism; i++)
                {
                    final KeyedStateBackend<String> writer = open(
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, oldParallelism, i),
                        maxParallelism);
                    expected.putAll(fillOwned(writer, 400));
                    handles.add(snapshotNow(writer, 7));
                }
                final Map<String, Object> union = new TreeMap<>();
                for (int i = 0; i < newParallelism; i++)
                {
                    final KeyGroupRange range =
                        KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, newParallelism, i);
                    final KeyedStateBackend<String> reader = open(range, maxParallelism);
                    reader.restore(handles);
                    final Map<String, Object> part = dump(reader, 400);
                    for (final String entry : part.keySet())
                    {
                        final String key = entry.substring(entry.indexOf('|') + 1, entry.lastIndexOf('|'));
                        assertTrue(range.contains(
                            KeyGroupRangeAssignment.assignToKeyGroup(key.hashCode(), maxParallelism)),
                            "key " + key + " restored outside its key group, range " + range);
                        assertNull(union.put(entry, part.get(entry)), "restored twice: " + entry);
                    }
                }
                assertEquals(expected, union, "maxParallelism=" + maxParallelism + " " + oldParallelism + "->" +
                    newParallelism);
            }
        }
    }

    @Test
    public void shouldRefuseASnapshotOfAnotherMaxParallelismNamingBoth() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        fill(backend, 20, "");
        final KeyedStateHandle handle = snapshotNow(backend, 1);
        final KeyedStateBackend<String> other = open(KeyGroupRange.of(0, 255), 256);
        final IncompatibleStateException ex =
            assertThrows(IncompatibleStateException.class, () -> other.restore(List.of(handle)));
        assertTrue(ex.getMessage().contains("128") && ex.getMessage().contains("256"), ex.getMessage());
        other.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        assertEquals(0, other.getKeys(COUNT.getName(), VoidNamespace.INSTANCE).count());
    }

    @Test
    public void shouldRefuseARestoredStateAskedForWithAnotherCodec() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        fill(backend, 20, "");
        final KeyedStateHandle handle = snapshotNow(backend, 1);
        final KeyedStateBackend<String> restored = open(KeyGroupRange.of(0, 127), 128);
        restored.restore(List.of(handle));
        final IncompatibleStateException ex = assertThrows(IncompatibleStateException.class, () ->
            restored.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE,
                new ValueStateDescriptor<>(COUNT.getName(), StringCodec.INSTANCE)));
        assertTrue(ex.getMessage().contains(COUNT.getName()), ex.getMessage());
        restored.setCurrentKey("key-1");
        assertEquals(1L, state(restored, COUNT).value());
    }

    @Test
    public void shouldDetectEverySingleByteFlipAndTruncationAndStayEmpty() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        fill(backend, 6, "");
        final KeyedStateHandle handle = snapshotNow(backend, 1);
        assumeFalse(handle instanceof IncrementalSstStateHandle,
            "a RocksDB backend's incremental checkpoint is RocksDB's files, not a stream: its tests damage them");
        final byte[] good = ((ByteStreamStateHandle)onlyStream(handle)).getData();
        for (int offset = 0; offset < good.length; offset++)
        {
            final byte[] bad = good.clone();
            bad[offset] ^= (byte)(1 << (offset % 8));
            expectCorruption(bad, "flip at " + offset);
        }
        for (int length = 0; length < good.length; length++)
        {
            expectCorruption(Arrays.copyOf(good, length), "truncation to " + length);
        }
        final KeyedStateBackend<String> target = open(KeyGroupRange.of(0, 127), 128);
        target.restore(List.of(handle));
        target.setCurrentKey("key-2");
        assertEquals(2L, state(target, COUNT).value());
    }

    @Test
    public void shouldRefuseRestoreIntoABackendThatHasState() throws Exception
    {
        final KeyedStateBackend<String> backend = open(KeyGroupRange.of(0, 127), 128);
        fill(backend, 5, "");
        final KeyedStateHandle handle = snapshotNow(backend, 1);
        assertThrows(IllegalStateException.class, () -> backend.restore(List.of(handle)));
    }

    private void expectCorruption(final byte[] bytes, final String what) throws IOException
    {
        final KeyedStateBackend<String> target = open(KeyGroupRange.of(0, 127), 128);
        final KeyGroupsStateHandle damaged =
            new KeyGroupsStateHandle(KeyGroupRange.of(0, 127), new ByteStreamStateHandle("damaged.bin", bytes));
        try
        {
            target.restore(List.of(damaged));
            fail(what + " was not detected");
        }
        catch (final CorruptedStateException ex)
        {
            assertTrue(ex.getMessage().contains("damaged.bin"), what + ": " + ex.getMessage());
        }
        target.setCurrentKey("key-2");
        assertNull(state(target, COUNT).value(), what + " left state behind");
        state(target, COUNT).update(5L);
        assertEquals(5L, state(target, COUNT).value(), what + " left the backend unusable");
        backends.remove(target);
        target.close();
    }

    /** @return the one stream a first snapshot writes, whole or as the bases of an incremental checkpoint. */
    private static StreamStateHandle onlyStream(final KeyedStateHandle handle)
    {
        if (handle instanceof IncrementalKeyGroupsStateHandle)
        {
            final List<StreamStateHandle> streams = ((IncrementalKeyGroupsStateHandle)handle).getStreams();
            assertEquals(1, streams.size(), "streams of a first incremental checkpoint");
            return streams.get(0);
        }
        return ((KeyGroupsStateHandle)handle).getDelegate();
    }

    private KeyedStateBackend<String> open(final KeyGroupRange range, final int maxParallelism)
    {
        final KeyedStateBackend<String> backend = createBackend(
            KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
                .numberOfKeyGroups(maxParallelism).keyGroupRange(range).memoryBudgetBytes(64L << 20).build());
        backends.add(backend);
        return backend;
    }

    private static KeyedStateHandle snapshotNow(final KeyedStateBackend<?> backend, final long checkpointId)
        throws Exception
    {
        final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = backend.snapshot(
            checkpointId, checkpointId, new MemoryCheckpointStreamFactory("cp-" + checkpointId),
            CheckpointOptions.forCheckpoint());
        future.run();
        return future.get().getJobManagerOwnedSnapshot();
    }

    private static <S extends io.cairn.state.State> S state(
        final KeyedStateBackend<String> backend, final io.cairn.state.StateDescriptor<S> descriptor)
    {
        if (descriptor == TOTALS)
        {
            return backend.getPartitionedState(7L, LongCodec.INSTANCE, descriptor);
        }
        if (descriptor == EVENTS)
        {
            return backend.getPartitionedState("window", StringCodec.INSTANCE, descriptor);
        }
        return backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, descriptor);
    }

    /** Writes state for keys 0..n-1 and returns what {@link #dump} should read back. */
    private static Map<String, Object> fill(final KeyedStateBackend<String> backend, final int n, final String tag)
    {
        for (int k = 0; k < n; k++)
        {
            write(backend, "key-" + k, k, tag);
        }
        return dump(backend, n);
    }

    /** Like {@link #fill}, for the keys of 0..n-1 the backend owns. */
    private static Map<String, Object> fillOwned(final KeyedStateBackend<String> backend, final int n)
    {
        for (int k = 0; k < n; k++)
        {
            final String key = "key-" + k;
            final int keyGroup =
                KeyGroupRangeAssignment.assignToKeyGroup(key.hashCode(), backend.getNumberOfKeyGroups());
            if (backend.getKeyGroupRange().contains(keyGroup))
            {
                write(backend, key, k, "");
            }
        }
        return dump(backend, n);
    }

    private static void write(final KeyedStateBackend<String> backend, final String key, final int k, final String tag)
    {
        backend.setCurrentKey(key);
        final ValueState<Long> count = state(backend, COUNT);
        count.update((long)k);
        if (k % 2 == 0)
        {
            state(backend, NAME).update(tag + "name-" + k + "-".repeat(k % 40));
        }
        final ListState<String> events = state(backend, EVENTS);
        events.add(tag + "e" + k);
        if (k % 3 == 0)
        {
            events.addAll(List.of(tag + "x", tag + "y"));
        }
        final MapState<String, Long> totals = state(backend, TOTALS);
        totals.put(tag + "t" + (k % 5), (long)k);
        totals.put("shared", (long)-k);
        final ReducingState<Long> sum = state(backend, SUM);
        sum.add((long)k);
        sum.add(1L);
    }

    /** Reads all state of keys 0..n-1 that the backend owns into comparable form: "state|key|detail" to value. */
    private static Map<String, Object> dump(final KeyedStateBackend<String> backend, final int n)
    {
        final Map<String, Object> all = new TreeMap<>();
        for (int k = 0; k < n; k++)
        {
            final String key = "key-" + k;
            final int keyGroup =
                KeyGroupRangeAssignment.assignToKeyGroup(key.hashCode(), backend.getNumberOfKeyGroups());
            if (!backend.getKeyGroupRange().contains(keyGroup))
            {
                continue;
            }
            backend.setCurrentKey(key);
            putIfPresent(all, "count|" + key + "|", state(backend, COUNT).value());
            putIfPresent(all, "name|" + key + "|", state(backend, NAME).value());
            final List<String> events = state(backend, EVENTS).get();
            if (!events.isEmpty())
            {
                all.put("events|" + key + "|", events);
            }
            final Map<String, Long> totals = new HashMap<>();
            state(backend, TOTALS).entries().forEach(e -> totals.put(e.getKey(), e.getValue()));
            if (!totals.isEmpty())
            {
                all.put("totals|" + key + "|", new TreeMap<>(totals));
            }
            putIfPresent(all, "sum|" + key + "|", state(backend, SUM).get());
        }
        return all;
    }

    private static void putIfPresent(final Map<String, Object> all, final String name, final Object value)
    {
        if (value != null)
        {
            all.put(name, value);
        }
    }

    /** Counts the streams a snapshot creates, completes and abandons. */
    private static final class CountingStreamFactory implements CheckpointStreamFactory
    {
        private final MemoryCheckpointStreamFactory delegate = new MemoryCheckpointStreamFactory("counted");
        private final AtomicInteger created = new AtomicInteger();
        private final AtomicInteger completed = new AtomicInteger();
        private final AtomicInteger discarded = new AtomicInteger();

        @Override
        public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
            throws IOException
        {
            created.incrementAndGet();
            final CheckpointStateOutputStream out = delegate.createCheckpointStateOutputStream(scope);
            return new CheckpointStateOutputStream()
            {
                private boolean done;

                @Override
                public void write(final int b) throws IOException
                {
                    out.write(b);
                }

                @Override
                public void write(final byte[] b, final int off, final int len) throws IOException
                {
                    out.write(b, off, len);
                }

                @Override
                public long getPos() throws IOException
                {
                    return out.getPos();
                }

                @Override
                public StreamStateHandle closeAndGetHandle() throws IOException
                {
                    done = true;
                    completed.incrementAndGet();
                    return out.closeAndGetHandle();
                }

                @Override
                public void close() throws IOException
                {
                    if (!done)
                    {
                        done = true;
                        discarded.incrementAndGet();
                    }
                    out.close();
                }
            };
        }
    }
}

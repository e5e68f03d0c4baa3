package io.cairn.operator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.format.StateStreamReader;
import io.cairn.format.StreamFormat;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.StateType;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;

import static io.cairn.operator.OperatorStateTesting.OFFSETS;
import static io.cairn.operator.OperatorStateTesting.RULES;
import static io.cairn.operator.OperatorStateTesting.WORDS;
import static io.cairn.operator.OperatorStateTesting.listOf;
import static io.cairn.operator.OperatorStateTesting.restored;
import static io.cairn.operator.OperatorStateTesting.run;
import static io.cairn.operator.OperatorStateTesting.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Snapshots of {@link DefaultOperatorStateBackend}: content, isolation, concurrency, cancellation, restore. */
class OperatorSnapshotTest
{
    private static final ListStateDescriptor<StringBuilder> BUILDERS =
        new ListStateDescriptor<>("builders", new StringBuilderCodec());

    private final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();

    @Test
    void shouldReturnAnEmptyResultAndWriteNothingForABackendWithNoState() throws Exception
    {
        final CountingStreamFactory factory = new CountingStreamFactory();
        final RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
            backend.snapshot(1, 1, factory, CheckpointOptions.forCheckpoint());
        future.run();
        assertSame(SnapshotResult.empty(), future.get());
        assertEquals(0, factory.created());
    }

    @Test
    void shouldRoundTripEveryKindOfStateThroughMemoryStreams() throws Exception
    {
        fill(backend);
        final OperatorStateHandle handle = snapshot(backend);
        assertEquals(Map.of(
            "offsets", OperatorStatePartitionInfo.whole(OperatorStateMode.SPLIT_DISTRIBUTE, 3),
            "words", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 2),
            "rules", OperatorStatePartitionInfo.whole(OperatorStateMode.BROADCAST, 2)),
            handle.getStateNameToPartitionInfo());

        final DefaultOperatorStateBackend restored = restored(List.of(handle));
        assertEquals(List.of("offsets", "words"), new ArrayList<>(restored.getRegisteredStateNames()));
        assertEquals(List.of("rules"), new ArrayList<>(restored.getRegisteredBroadcastStateNames()));
        assertEquals(List.of(7, 8, 9), restored.getListState(OFFSETS).get());
        assertEquals(List.of("x", "\u00e9t\u00e9"), restored.getUnionListState(WORDS).get());
        assertEquals(List.of("b=2", "a=1"), entriesOf(restored.getBroadcastState(RULES)));
    }

    @Test
    void shouldWriteTheOperatorStreamLayout() throws Exception
    {
        fill(backend);
        final OperatorStateHandle handle = snapshot(backend);
        try (StateStreamReader reader = StateStreamReader.open(handle.getDelegate()))
        {
            assertEquals(StreamFormat.KIND_OPERATOR, reader.meta().kind());
            assertEquals(0, reader.meta().numberOfKeyGroups());
            assertEquals(3, reader.meta().states().size());
            assertEquals(StateType.LIST, reader.meta().states().get(0).type());
            assertEquals(StateType.MAP, reader.meta().states().get(2).type());
            assertEquals(OperatorStateMode.SPLIT_DISTRIBUTE.code(), reader.meta().mode(0));
            assertEquals(OperatorStateMode.UNION.code(), reader.meta().mode(1));
            assertEquals(OperatorStateMode.BROADCAST.code(), reader.meta().mode(2));
            final List<Integer> partitionOfEntries = new ArrayList<>();
            for (final int partition : reader.partitions())
            {
                reader.readPartition(partition, entry ->
                {
                    assertEquals(0, entry.keyLength());
                    assertEquals(0, entry.namespaceLength());
                    partitionOfEntries.add(entry.stateIndex());
                });
            }
            assertEquals(List.of(0, 0, 0, 1, 1, 2, 2), partitionOfEntries);
        }
    }

    @Test
    void shouldKeepEmptyStatesRegisteredAcrossARestore() throws Exception
    {
        backend.getListState(OFFSETS);
        backend.getBroadcastState(RULES);
        final DefaultOperatorStateBackend restored = restored(List.of(snapshot(backend)));
        assertEquals(List.of("offsets"), new ArrayList<>(restored.getRegisteredStateNames()));
        assertEquals(List.of("rules"), new ArrayList<>(restored.getRegisteredBroadcastStateNames()));
        assertEquals(List.of(), restored.getListState(OFFSETS).get());
        assertTrue(restored.getBroadcastState(RULES).isEmpty());
        assertThrows(IncompatibleStateException.class, () -> restored.getUnionListState(OFFSETS));
    }

    @Test
    void shouldNotShowWritesMadeAfterTheSnapshotReturned() throws Exception
    {
        fill(backend);
        final RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
            backend.snapshot(1, 1, new MemoryCheckpointStreamFactory("t"), CheckpointOptions.forCheckpoint());
        backend.getListState(OFFSETS).update(List.of(100));
        backend.getUnionListState(WORDS).clear();
        backend.getBroadcastState(RULES).put("a", 99L);
        backend.getBroadcastState(RULES).put("c", 3L);
        backend.getListState(new ListStateDescriptor<>("later", LongCodec.INSTANCE)).add(1L);

        final DefaultOperatorStateBackend restored = restored(listOf(run(future)));
        assertEquals(List.of("offsets", "words"), new ArrayList<>(restored.getRegisteredStateNames()));
        assertEquals(List.of(7, 8, 9), restored.getListState(OFFSETS).get());
        assertEquals(List.of("x", "\u00e9t\u00e9"), restored.getUnionListState(WORDS).get());
        assertEquals(List.of("b=2", "a=1"), entriesOf(restored.getBroadcastState(RULES)));
    }

    @Test
    void shouldNotShowChangesToMutableElementsMadeAfterTheSnapshotReturned() throws Exception
    {
        final StringBuilder element = new StringBuilder("before");
        backend.getListState(BUILDERS).add(element);
        final RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
            backend.snapshot(1, 1, new MemoryCheckpointStreamFactory("t"), CheckpointOptions.forCheckpoint());
        element.setLength(0);
        element.append("after");

        final DefaultOperatorStateBackend restored = restored(listOf(run(future)));
        assertEquals("before", restored.getListState(BUILDERS).get().get(0).toString());
    }

    @Test
    void shouldKeepSeveralSnapshotsInFlightAndRunThemOnOtherThreads() throws Exception
    {
        final ListState<Integer> offsets = backend.getListState(OFFSETS);
        final List<RunnableFuture<SnapshotResult<OperatorStateHandle>>> futures = new ArrayList<>();
        final List<List<Integer>> expected = new ArrayList<>();
        for (int checkpoint = 0; checkpoint < 5; checkpoint++)
        {
            offsets.add(checkpoint);
            expected.add(offsets.get());
            futures.add(backend.snapshot(checkpoint, checkpoint, new MemoryCheckpointStreamFactory("t"),
                CheckpointOptions.forCheckpoint()));
        }
        backend.close();
        final ExecutorService executor = Executors.newFixedThreadPool(3);
        try
        {
            final List<Future<?>> runs = new ArrayList<>();
            for (int i = futures.size() - 1; i >= 0; i--)
            {
                runs.add(executor.submit(futures.get(i)));
            }
            for (final Future<?> run : runs)
            {
                run.get();
            }
        }
        finally
        {
            executor.shutdown();
        }
        for (int checkpoint = 0; checkpoint < futures.size(); checkpoint++)
        {
            final OperatorStateHandle handle = futures.get(checkpoint).get().getJobManagerOwnedSnapshot();
            assertEquals(expected.get(checkpoint), restored(List.of(handle)).getListState(OFFSETS).get(),
                "checkpoint " + checkpoint);
        }
    }

    @Test
    void shouldCreateNoStreamWhenCancelledBeforeRunning() throws Exception
    {
        fill(backend);
        final CountingStreamFactory factory = new CountingStreamFactory();
        final RunnableFuture<SnapshotResult<OperatorStateHandle>> future =
            backend.snapshot(1, 1, factory, CheckpointOptions.forCheckpoint());
        assertTrue(future.cancel(false));
        future.run();
        assertTrue(future.isCancelled());
        assertThrows(CancellationException.class, future::get);
        assertEquals(0, factory.created());
    }

    @Test
    void shouldDeleteThePartialStreamWhenCancelledWhileWriting() throws Exception
    {
        fill(backend);
        final CountingStreamFactory factory = new CountingStreamFactory();
        final AtomicReference<RunnableFuture<SnapshotResult<OperatorStateHandle>>> running = new AtomicReference<>();
        factory.onFirstWrite(() -> running.get().cancel(false));
        running.set(backend.snapshot(1, 1, factory, CheckpointOptions.forCheckpoint()));
        running.get().run();
        assertTrue(running.get().isCancelled());
        assertEquals(1, factory.created());
        assertEquals(0, factory.completed());
        assertEquals(1, factory.abandoned());
        assertEquals(0, factory.open());
    }

    @Test
    void shouldCompleteAndCloseEveryStreamItWrites() throws Exception
    {
        fill(backend);
        final CountingStreamFactory factory = new CountingStreamFactory();
        snapshot(backend, factory);
        snapshot(backend, factory);
        assertEquals(2, factory.created());
        assertEquals(2, factory.completed());
        assertEquals(0, factory.open());
    }

    @Test
    void shouldSnapshotRestoredStateThatNoDescriptorClaimed() throws Exception
    {
        fill(backend);
        final DefaultOperatorStateBackend restored = restored(List.of(snapshot(backend)));
        restored.getListState(OFFSETS).add(10);
        final DefaultOperatorStateBackend again = restored(List.of(snapshot(restored)));
        assertEquals(List.of(7, 8, 9, 10), again.getListState(OFFSETS).get());
        assertEquals(List.of("x", "\u00e9t\u00e9"), again.getUnionListState(WORDS).get());
        assertEquals(List.of("b=2", "a=1"), entriesOf(again.getBroadcastState(RULES)));
    }

    @Test
    void shouldRejectClaimingRestoredStateWithAnotherCodecOrModeAndStillAllowTheRightOne() throws Exception
    {
        fill(backend);
        final DefaultOperatorStateBackend restored = restored(List.of(snapshot(backend)));
        final IncompatibleStateException codec = assertThrows(IncompatibleStateException.class,
            () -> restored.getListState(new ListStateDescriptor<>("offsets", LongCodec.INSTANCE)));
        assertTrue(codec.getMessage().contains("was restored"), codec.getMessage());
        assertThrows(IncompatibleStateException.class, () -> restored.getUnionListState(OFFSETS));
        assertThrows(IncompatibleStateException.class, () -> restored.getListState(WORDS));
        assertThrows(IncompatibleStateException.class, () -> restored.getBroadcastState(
            new MapStateDescriptor<>("rules", LongCodec.INSTANCE, LongCodec.INSTANCE)));
        assertEquals(List.of(7, 8, 9), restored.getListState(OFFSETS).get());
        assertEquals(List.of("b=2", "a=1"), entriesOf(restored.getBroadcastState(RULES)));
    }

    @Test
    void shouldRoundTripStateLargerThanOneBlock() throws Exception
    {
        final ListState<String> words = backend.getUnionListState(WORDS);
        final BroadcastState<String, Long> rules = backend.getBroadcastState(RULES);
        final List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40_000; i++)
        {
            expected.add("word-" + i);
            rules.put("rule-" + i, (long)i);
        }
        words.update(expected);
        final DefaultOperatorStateBackend restored = restored(List.of(snapshot(backend)));
        assertEquals(expected, restored.getUnionListState(WORDS).get());
        final BroadcastState<String, Long> restoredRules = restored.getBroadcastState(RULES);
        assertEquals(39_999L, restoredRules.get("rule-39999"));
        assertNull(restoredRules.get("rule-40000"));
    }

    static void fill(final DefaultOperatorStateBackend backend)
    {
        backend.getListState(OFFSETS).addAll(List.of(7, 8, 9));
        backend.getUnionListState(WORDS).addAll(List.of("x", "\u00e9t\u00e9"));
        backend.getBroadcastState(RULES).put("b", 2L);
        backend.getBroadcastState(RULES).put("a", 1L);
    }

    static List<String> entriesOf(final BroadcastState<String, Long> state)
    {
        final List<String> entries = new ArrayList<>();
        state.entries().forEach(entry -> entries.add(entry.getKey() + "=" + entry.getValue()));
        return entries;
    }

    /** A codec of a mutable type, to show that a snapshot copies elements, not references. */
    private static final class StringBuilderCodec implements Codec<StringBuilder>
    {
        @Override
        public int fixedLength()
        {
            return VARIABLE_LENGTH;
        }

        @Override
        public int encodedLength(final StringBuilder value)
        {
            return value.toString().getBytes(StandardCharsets.UTF_8).length;
        }

        @Override
        public int encode(final StringBuilder value, final MutableDirectBuffer buffer, final int offset)
        {
            final byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
            buffer.putBytes(offset, bytes);
            return bytes.length;
        }

        @Override
        public StringBuilder decode(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            return new StringBuilder(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public String codecId()
        {
            return "test.string-builder";
        }
    }
}

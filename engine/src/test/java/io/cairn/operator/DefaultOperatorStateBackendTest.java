package io.cairn.operator;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static io.cairn.operator.OperatorStateTesting.OFFSETS;
import static io.cairn.operator.OperatorStateTesting.RULES;
import static io.cairn.operator.OperatorStateTesting.WORDS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state objects of {@link DefaultOperatorStateBackend}, registration rules and the backend's life cycle. */
class DefaultOperatorStateBackendTest
{
    private final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();

    @Test
    void shouldAddGetUpdateAndClearSplitListState()
    {
        final ListState<Integer> offsets = backend.getListState(OFFSETS);
        assertEquals(List.of(), offsets.get());
        offsets.add(3);
        offsets.add(1);
        offsets.addAll(List.of(4, 1, 5));
        assertEquals(List.of(3, 1, 4, 1, 5), offsets.get());
        offsets.update(List.of(9, 2));
        assertEquals(List.of(9, 2), offsets.get());
        offsets.update(List.of());
        assertEquals(List.of(), offsets.get());
        offsets.add(6);
        offsets.clear();
        assertEquals(List.of(), offsets.get());
    }

    @Test
    void shouldReturnCopiesFromGet()
    {
        final ListState<Integer> offsets = backend.getListState(OFFSETS);
        offsets.add(1);
        final List<Integer> before = offsets.get();
        offsets.add(2);
        assertEquals(List.of(1), before);
        assertThrows(UnsupportedOperationException.class, () -> before.add(3));
    }

    @Test
    void shouldRejectNullElementsAndChangeNothing()
    {
        final ListState<String> words = backend.getUnionListState(WORDS);
        words.add("a");
        final List<String> withNull = new ArrayList<>();
        withNull.add("b");
        withNull.add(null);
        assertMessageContains("value=null", () -> words.add(null));
        assertMessageContains("values[1]=null", () -> words.addAll(withNull));
        assertMessageContains("values[1]=null", () -> words.update(withNull));
        assertMessageContains("values=null", () -> words.addAll(null));
        assertMessageContains("values=null", () -> words.update(null));
        assertEquals(List.of("a"), words.get());
    }

    @Test
    void shouldReturnOneStateObjectPerName()
    {
        assertSame(backend.getListState(OFFSETS), backend.getListState(OFFSETS));
        assertSame(backend.getUnionListState(WORDS), backend.getUnionListState(WORDS));
        assertSame(backend.getBroadcastState(RULES), backend.getBroadcastState(RULES));
        assertSame(backend.getListState(OFFSETS),
            backend.getListState(new ListStateDescriptor<>("offsets", IntCodec.INSTANCE)));
    }

    @Test
    void shouldPutGetRemoveAndIterateBroadcastState()
    {
        final BroadcastState<String, Long> rules = backend.getBroadcastState(RULES);
        assertTrue(rules.isEmpty());
        rules.put("b", 2L);
        rules.put("a", 1L);
        rules.putAll(Map.of("c", 3L));
        rules.put("b", 20L);
        assertFalse(rules.isEmpty());
        assertEquals(20L, rules.get("b"));
        assertNull(rules.get("z"));
        assertTrue(rules.contains("a"));
        assertFalse(rules.contains("z"));
        assertEquals(List.of("b=20", "a=1", "c=3"), entriesOf(rules));
        rules.remove("a");
        rules.remove("z");
        assertEquals(List.of("b=20", "c=3"), entriesOf(rules));
        rules.clear();
        assertTrue(rules.isEmpty());
    }

    @Test
    void shouldRemoveThroughTheIteratorAndHandOutReadOnlyEntries()
    {
        final BroadcastState<String, Long> rules = backend.getBroadcastState(RULES);
        rules.put("a", 1L);
        rules.put("b", 2L);
        final Iterator<Map.Entry<String, Long>> iterator = rules.iterator();
        final Map.Entry<String, Long> first = iterator.next();
        assertThrows(UnsupportedOperationException.class, () -> first.setValue(5L));
        iterator.remove();
        assertEquals(List.of("b=2"), entriesOf(rules));
        final Iterator<Map.Entry<String, Long>> changed = rules.iterator();
        rules.put("c", 3L);
        assertThrows(ConcurrentModificationException.class, changed::next);
    }

    @Test
    void shouldRejectNullKeysAndValuesInBroadcastStateAndChangeNothing()
    {
        final BroadcastState<String, Long> rules = backend.getBroadcastState(RULES);
        rules.put("a", 1L);
        final Map<String, Long> withNull = new LinkedHashMap<>();
        withNull.put("b", 2L);
        withNull.put("c", null);
        assertMessageContains("key=null", () -> rules.put(null, 1L));
        assertMessageContains("value=null", () -> rules.put("x", null));
        assertMessageContains("key=null", () -> rules.get(null));
        assertMessageContains("key=null", () -> rules.contains(null));
        assertMessageContains("key=null", () -> rules.remove(null));
        assertMessageContains("map entry c=null", () -> rules.putAll(withNull));
        assertMessageContains("map=null", () -> rules.putAll(null));
        assertEquals(List.of("a=1"), entriesOf(rules));
    }

    @Test
    void shouldListRegisteredNamesByKind()
    {
        backend.getUnionListState(WORDS);
        backend.getBroadcastState(RULES);
        backend.getListState(OFFSETS);
        assertEquals(List.of("words", "offsets"), new ArrayList<>(backend.getRegisteredStateNames()));
        assertEquals(Set.of("rules"), backend.getRegisteredBroadcastStateNames());
        assertThrows(UnsupportedOperationException.class, () -> backend.getRegisteredStateNames().add("x"));
    }

    @Test
    void shouldRejectANameAskedForWithAnotherModeOrCodec()
    {
        backend.getListState(OFFSETS);
        backend.getBroadcastState(RULES);
        final IncompatibleStateException union =
            assertThrows(IncompatibleStateException.class, () -> backend.getUnionListState(OFFSETS));
        assertTrue(union.getMessage().contains("mode=UNION") && union.getMessage().contains("SPLIT_DISTRIBUTE"),
            union.getMessage());
        assertThrows(IncompatibleStateException.class,
            () -> backend.getListState(new ListStateDescriptor<>("offsets", LongCodec.INSTANCE)));
        assertThrows(IncompatibleStateException.class,
            () -> backend.getBroadcastState(new MapStateDescriptor<>("offsets", IntCodec.INSTANCE, IntCodec.INSTANCE)));
        assertThrows(IncompatibleStateException.class,
            () -> backend.getListState(new ListStateDescriptor<>("rules", StringCodec.INSTANCE)));
        assertThrows(IncompatibleStateException.class,
            () -> backend.getBroadcastState(new MapStateDescriptor<>("rules", StringCodec.INSTANCE,
                StringCodec.INSTANCE)));
        assertEquals(Set.of("offsets"), backend.getRegisteredStateNames());
        assertEquals(Set.of("rules"), backend.getRegisteredBroadcastStateNames());
    }

    @Test
    void shouldRejectNullDescriptorsAndSnapshotArguments()
    {
        assertMessageContains("descriptor=null", () -> backend.getListState(null));
        assertMessageContains("descriptor=null", () -> backend.getUnionListState(null));
        assertMessageContains("descriptor=null", () -> backend.getBroadcastState(null));
        assertMessageContains("streamFactory=null",
            () -> backend.snapshot(1, 1, null, CheckpointOptions.forCheckpoint()));
        assertMessageContains("options=null",
            () -> backend.snapshot(1, 1, new MemoryCheckpointStreamFactory("t"), null));
        assertMessageContains("handles=null", () -> backend.restore(null));
    }

    @Test
    void shouldRefuseUseAfterCloseAndCloseIdempotently()
    {
        final ListState<Integer> offsets = backend.getListState(OFFSETS);
        final BroadcastState<String, Long> rules = backend.getBroadcastState(RULES);
        backend.close();
        assertDoesNotThrow(backend::close);
        assertDoesNotThrow(backend::dispose);
        assertThrows(IllegalStateException.class, () -> backend.getListState(OFFSETS));
        assertThrows(IllegalStateException.class, () -> backend.getUnionListState(WORDS));
        assertThrows(IllegalStateException.class, () -> backend.getBroadcastState(RULES));
        assertThrows(IllegalStateException.class, backend::getRegisteredStateNames);
        assertThrows(IllegalStateException.class, backend::getRegisteredBroadcastStateNames);
        assertThrows(IllegalStateException.class,
            () -> backend.snapshot(1, 1, new MemoryCheckpointStreamFactory("t"), CheckpointOptions.forCheckpoint()));
        assertThrows(IllegalStateException.class, () -> backend.restore(List.of()));
        assertThrows(IllegalStateException.class, () -> offsets.add(1));
        assertThrows(IllegalStateException.class, offsets::get);
        assertThrows(IllegalStateException.class, () -> rules.put("a", 1L));
        assertThrows(IllegalStateException.class, rules::iterator);
    }

    @Test
    void shouldRefuseRestoreIntoABackendThatHoldsState()
    {
        backend.getListState(OFFSETS);
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> backend.restore(List.of()));
        assertTrue(ex.getMessage().startsWith("registered states=[offsets]; expected"), ex.getMessage());
    }

    private static List<String> entriesOf(final BroadcastState<String, Long> state)
    {
        final List<String> entries = new ArrayList<>();
        for (final Map.Entry<String, Long> entry : state.entries())
        {
            entries.add(entry.getKey() + "=" + entry.getValue());
        }
        return entries;
    }

    static void assertMessageContains(
        final String expected, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(ex.getMessage().contains(expected), () -> "expected \"" + expected + "\" in: " + ex.getMessage());
    }
}

package io.cairn.operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.Test;

import static io.cairn.operator.DefaultOperatorStateBackendTest.assertMessageContains;
import static io.cairn.operator.OperatorSnapshotTest.entriesOf;
import static io.cairn.operator.OperatorStateTesting.OFFSETS;
import static io.cairn.operator.OperatorStateTesting.RULES;
import static io.cairn.operator.OperatorStateTesting.WORDS;
import static io.cairn.operator.OperatorStateTesting.listOf;
import static io.cairn.operator.OperatorStateTesting.restored;
import static io.cairn.operator.OperatorStateTesting.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link OperatorStateRedistributor} on examples worked out by hand. */
class OperatorStateRedistributorTest
{
    @Test
    void shouldDealTenElementsOverThreeSubtasksAsFourThreeThree() throws Exception
    {
        final List<List<OperatorStateHandle>> old = oldSplit(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
        assertEquals(List.of(List.of(0, 1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9)), splitAfter(old, 3));
    }

    @Test
    void shouldMergeThreeSubtasksIntoOneInSubtaskOrder() throws Exception
    {
        final List<List<OperatorStateHandle>> old = oldSplit(List.of(0, 1), List.of(2, 3, 4), List.of(5));
        assertEquals(List.of(List.of(0, 1, 2, 3, 4, 5)), splitAfter(old, 1));
        assertEquals(3, OperatorStateRedistributor.redistribute(old, 1).get(0).size());
    }

    @Test
    void shouldSplitOneSubtaskIntoThree() throws Exception
    {
        final List<List<OperatorStateHandle>> old = oldSplit(List.of(0, 1, 2, 3, 4, 5, 6));
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4), List.of(5, 6)), splitAfter(old, 3));
    }

    @Test
    void shouldCutRunsAlongTheOldStreams() throws Exception
    {
        final List<List<OperatorStateHandle>> old =
            oldSplit(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8));
        final List<List<OperatorStateHandle>> handles = OperatorStateRedistributor.redistribute(old, 2);
        assertEquals(List.of(
            Map.of("offsets", OperatorStatePartitionInfo.split(3, 0, 3)),
            Map.of("offsets", OperatorStatePartitionInfo.split(3, 0, 2))), infosOf(handles.get(0)));
        assertEquals(List.of(
            Map.of("offsets", OperatorStatePartitionInfo.split(3, 2, 3)),
            Map.of("offsets", OperatorStatePartitionInfo.split(3, 0, 3))), infosOf(handles.get(1)));
        assertSame(old.get(0).get(0), handles.get(0).get(0), "a handle taken whole is handed on as it is");
        assertEquals(List.of(List.of(0, 1, 2, 3, 4), List.of(5, 6, 7, 8)), splitAfter(old, 2));
    }

    @Test
    void shouldRebalanceAtTheSameParallelism() throws Exception
    {
        final List<List<OperatorStateHandle>> old = oldSplit(List.of(0, 1, 2, 3, 4), List.of(), List.of(5));
        assertEquals(List.of(List.of(0, 1), List.of(2, 3), List.of(4, 5)), splitAfter(old, 3));
    }

    @Test
    void shouldRegisterASplitStateEvenOnSubtasksThatGetNoElement() throws Exception
    {
        final List<List<OperatorStateHandle>> old = oldSplit(List.of(0), List.of(1));
        final List<List<OperatorStateHandle>> handles = OperatorStateRedistributor.redistribute(old, 4);
        assertEquals(List.of(List.of(0), List.of(1), List.of(), List.of()), splitOf(handles));
        for (final List<OperatorStateHandle> subtask : handles)
        {
            assertEquals(List.of("offsets"), new ArrayList<>(restored(subtask).getRegisteredStateNames()));
        }
        final List<List<OperatorStateHandle>> empty = oldSplit(List.of(), List.of());
        assertEquals(List.of(List.of(), List.of(), List.of()), splitAfter(empty, 3));
    }

    @Test
    void shouldGiveEveryNewSubtaskAllUnionElements() throws Exception
    {
        final DefaultOperatorStateBackend first = new DefaultOperatorStateBackend();
        first.getUnionListState(WORDS).add("a");
        final DefaultOperatorStateBackend second = new DefaultOperatorStateBackend();
        second.getUnionListState(WORDS).addAll(List.of("b", "c"));
        final List<List<OperatorStateHandle>> old = List.of(listOf(snapshot(first)), listOf(snapshot(second)));
        final List<List<OperatorStateHandle>> handles = OperatorStateRedistributor.redistribute(old, 3);
        for (final List<OperatorStateHandle> subtask : handles)
        {
            assertEquals(List.of("a", "b", "c"), restored(subtask).getUnionListState(WORDS).get());
        }
    }

    @Test
    void shouldGiveNewSubtaskIOldSubtaskIModuloOldParallelismBroadcastState() throws Exception
    {
        final List<List<OperatorStateHandle>> old = new ArrayList<>();
        for (int k = 0; k < 2; k++)
        {
            final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();
            backend.getBroadcastState(RULES).put("from", (long)k);
            backend.getBroadcastState(RULES).put("shared", 7L);
            old.add(listOf(snapshot(backend)));
        }
        final List<List<OperatorStateHandle>> handles = OperatorStateRedistributor.redistribute(old, 5);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(1, handles.get(i).size());
            assertEquals(List.of("from=" + (i % 2), "shared=7"),
                entriesOf(restored(handles.get(i)).getBroadcastState(RULES)), "new subtask " + i);
        }
    }

    @Test
    void shouldGiveNoBroadcastStateWhereTheOldSubtaskHadNone() throws Exception
    {
        final DefaultOperatorStateBackend withRules = new DefaultOperatorStateBackend();
        withRules.getBroadcastState(RULES).put("a", 1L);
        final DefaultOperatorStateBackend without = new DefaultOperatorStateBackend();
        without.getListState(OFFSETS).add(1);
        final List<List<OperatorStateHandle>> old =
            List.of(listOf(snapshot(withRules)), listOf(snapshot(without)), List.of());
        final List<List<OperatorStateHandle>> handles = OperatorStateRedistributor.redistribute(old, 3);
        assertEquals(List.of("a=1"), entriesOf(restored(handles.get(0)).getBroadcastState(RULES)));
        assertTrue(restored(handles.get(1)).getRegisteredBroadcastStateNames().isEmpty());
        assertTrue(restored(handles.get(2)).getRegisteredBroadcastStateNames().isEmpty());
    }

    @Test
    void shouldRedistributeRedistributedHandlesAsTheStateTheyStandFor() throws Exception
    {
        final List<List<OperatorStateHandle>> old =
            oldSplit(List.of(0, 1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9, 10, 11));
        final List<List<OperatorStateHandle>> once = OperatorStateRedistributor.redistribute(old, 2);
        final List<List<OperatorStateHandle>> twice = OperatorStateRedistributor.redistribute(once, 5);
        assertEquals(List.of(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7), List.of(8, 9), List.of(10, 11)),
            splitOf(twice));
    }

    @Test
    void shouldRejectBadArguments()
    {
        final List<List<OperatorStateHandle>> one = List.of(List.of());
        assertMessageContains("newParallelism=0", () -> OperatorStateRedistributor.redistribute(one, 0));
        assertMessageContains("oldHandlesBySubtask=null", () -> OperatorStateRedistributor.redistribute(null, 1));
        assertMessageContains("oldHandlesBySubtask=[]", () -> OperatorStateRedistributor.redistribute(List.of(), 1));
        assertMessageContains("oldHandlesBySubtask[1]=null",
            () -> OperatorStateRedistributor.redistribute(Arrays.asList(List.of(), null), 1));
        assertMessageContains("oldHandlesBySubtask[0][1]=null",
            () -> OperatorStateRedistributor.redistribute(List.of(Arrays.asList(handleOf("a"), null)), 1));
    }

    @Test
    void shouldRejectHandlesThatDisagreeOnAMode() throws Exception
    {
        final DefaultOperatorStateBackend split = new DefaultOperatorStateBackend();
        split.getListState(OFFSETS).add(1);
        final DefaultOperatorStateBackend union = new DefaultOperatorStateBackend();
        union.getUnionListState(OFFSETS).add(2);
        final List<List<OperatorStateHandle>> old = List.of(listOf(snapshot(split)), listOf(snapshot(union)));
        final IncompatibleStateException ex =
            assertThrows(IncompatibleStateException.class, () -> OperatorStateRedistributor.redistribute(old, 2));
        assertTrue(ex.getMessage().contains("mode=SPLIT_DISTRIBUTE") && ex.getMessage().contains("mode=UNION"),
            ex.getMessage());
    }

    private static OperatorStateHandle handleOf(final String name)
    {
        return new OperatorStateHandle(new ByteStreamStateHandle(name, new byte[1]),
            Map.of(name, OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 0)));
    }

    @SafeVarargs
    private static List<List<OperatorStateHandle>> oldSplit(final List<Integer>... elementsBySubtask)
        throws Exception
    {
        final List<List<OperatorStateHandle>> old = new ArrayList<>();
        for (final List<Integer> elements : elementsBySubtask)
        {
            final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();
            backend.getListState(OFFSETS).addAll(elements);
            old.add(listOf(snapshot(backend)));
        }
        return old;
    }

    private static List<List<Integer>> splitAfter(final List<List<OperatorStateHandle>> old, final int parallelism)
        throws Exception
    {
        return splitOf(OperatorStateRedistributor.redistribute(old, parallelism));
    }

    private static List<List<Integer>> splitOf(final List<List<OperatorStateHandle>> handles) throws Exception
    {
        final List<List<Integer>> lists = new ArrayList<>();
        for (final List<OperatorStateHandle> subtask : handles)
        {
            lists.add(restored(subtask).getListState(OFFSETS).get());
        }
        return lists;
    }

    private static List<Map<String, OperatorStatePartitionInfo>> infosOf(final List<OperatorStateHandle> handles)
    {
        final List<Map<String, OperatorStatePartitionInfo>> infos = new ArrayList<>();
        for (final OperatorStateHandle handle : handles)
        {
            infos.add(handle.getStateNameToPartitionInfo());
        }
        return infos;
    }
}

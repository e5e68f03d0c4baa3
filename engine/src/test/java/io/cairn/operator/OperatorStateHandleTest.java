package io.cairn.operator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.Test;

import static io.cairn.operator.DefaultOperatorStateBackendTest.assertMessageContains;
import static io.cairn.operator.OperatorSnapshotTest.fill;
import static io.cairn.operator.OperatorStateTesting.OFFSETS;
import static io.cairn.operator.OperatorStateTesting.restored;
import static io.cairn.operator.OperatorStateTesting.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@link OperatorStateHandle} and {@link OperatorStatePartitionInfo} as values. */
class OperatorStateHandleTest
{
    private static final ByteStreamStateHandle STREAM = new ByteStreamStateHandle("s", new byte[]{ 1, 2, 3 });

    @Test
    void shouldCopyTheMapAndHandItOutReadOnly()
    {
        final Map<String, OperatorStatePartitionInfo> infos = new LinkedHashMap<>();
        infos.put("a", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 2));
        final OperatorStateHandle handle = new OperatorStateHandle(STREAM, infos);
        infos.put("b", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 2));
        assertEquals(Map.of("a", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 2)),
            handle.getStateNameToPartitionInfo());
        assertThrows(UnsupportedOperationException.class, () -> handle.getStateNameToPartitionInfo().clear());
        assertEquals(3, handle.getStateSize());
        assertEquals(STREAM, handle.getDelegate());
    }

    @Test
    void shouldCompareByStreamAndInfos()
    {
        final OperatorStateHandle a = new OperatorStateHandle(STREAM,
            Map.of("a", OperatorStatePartitionInfo.split(5, 1, 3)));
        final OperatorStateHandle same = new OperatorStateHandle(new ByteStreamStateHandle("s", new byte[]{ 1, 2, 3 }),
            Map.of("a", OperatorStatePartitionInfo.split(5, 1, 3)));
        final OperatorStateHandle otherRange = new OperatorStateHandle(STREAM,
            Map.of("a", OperatorStatePartitionInfo.split(5, 1, 4)));
        assertEquals(a, same);
        assertEquals(a.hashCode(), same.hashCode());
        assertNotEquals(a, otherRange);
        assertNotEquals(a, new OperatorStateHandle(new ByteStreamStateHandle("t", new byte[]{ 1, 2, 3 }),
            Map.of("a", OperatorStatePartitionInfo.split(5, 1, 3))));
    }

    @Test
    void shouldSurviveJavaSerializationAndStillRestore() throws Exception
    {
        final DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();
        fill(backend);
        final OperatorStateHandle handle = snapshot(backend);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes))
        {
            out.writeObject(handle);
        }
        final Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray())))
        {
            copy = in.readObject();
        }
        assertEquals(handle, copy);
        assertEquals(List.of(7, 8, 9), restored(List.of((OperatorStateHandle)copy)).getListState(OFFSETS).get());
    }

    @Test
    void shouldRejectBadHandles()
    {
        final Map<String, OperatorStatePartitionInfo> infos =
            Map.of("a", OperatorStatePartitionInfo.whole(OperatorStateMode.BROADCAST, 1));
        assertMessageContains("delegate=null", () -> new OperatorStateHandle(null, infos));
        assertMessageContains("stateNameToPartitionInfo=null", () -> new OperatorStateHandle(STREAM, null));
        assertMessageContains("stateNameToPartitionInfo={}", () -> new OperatorStateHandle(STREAM, Map.of()));
        final Map<String, OperatorStatePartitionInfo> nullInfo = new HashMap<>();
        nullInfo.put("a", null);
        assertMessageContains("state a=null", () -> new OperatorStateHandle(STREAM, nullInfo));
        assertMessageContains("state =", () -> new OperatorStateHandle(STREAM,
            Map.of("", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 0))));
    }

    @Test
    void shouldRejectBadPartitionInfos()
    {
        assertMessageContains("from=3, to=2", () -> OperatorStatePartitionInfo.split(5, 3, 2));
        assertMessageContains("to=6", () -> OperatorStatePartitionInfo.split(5, 0, 6));
        assertMessageContains("from=-1", () -> OperatorStatePartitionInfo.split(5, -1, 2));
        assertMessageContains("elementCount=-1", () -> OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, -1));
        assertMessageContains("mode=null", () -> OperatorStatePartitionInfo.whole(null, 1));
        final OperatorStatePartitionInfo info = OperatorStatePartitionInfo.split(5, 1, 3);
        assertEquals(2, info.elementsTaken());
        assertEquals("SPLIT_DISTRIBUTE{elementCount=5, take=[1, 3)}", info.toString());
    }

    @Test
    void shouldMapModeBytesBothWays()
    {
        for (final OperatorStateMode mode : OperatorStateMode.values())
        {
            assertEquals(mode, OperatorStateMode.fromCode(mode.code()));
        }
        assertEquals(0, OperatorStateMode.SPLIT_DISTRIBUTE.code());
        assertEquals(1, OperatorStateMode.UNION.code());
        assertEquals(2, OperatorStateMode.BROADCAST.code());
        assertNull(OperatorStateMode.fromCode((byte)3));
        assertNull(OperatorStateMode.fromCode((byte)-1));
    }
}

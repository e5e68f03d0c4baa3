package io.cairn.operator;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamFormat;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.state.ListStateDescriptor;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static io.cairn.operator.OperatorSnapshotTest.entriesOf;
import static io.cairn.operator.OperatorSnapshotTest.fill;
import static io.cairn.operator.OperatorStateTesting.OFFSETS;
import static io.cairn.operator.OperatorStateTesting.RULES;
import static io.cairn.operator.OperatorStateTesting.WORDS;
import static io.cairn.operator.OperatorStateTesting.snapshot;
import static io.cairn.operator.OperatorStateTesting.withBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restore of {@link DefaultOperatorStateBackend} from damaged or mismatched streams: every problem is found before
 * anything is loaded, and the backend stays empty and usable.
 */
class OperatorRestoreTest
{
    /** Replaced by a fresh backend after each check that the failed one is still usable. */
    private DefaultOperatorStateBackend backend = new DefaultOperatorStateBackend();

    @Test
    void shouldDetectAFlippedByteAnywhereAndStayEmptyAndUsable() throws Exception
    {
        final OperatorStateHandle good = goodHandle();
        final int length = (int)good.getStateSize();
        for (int index = 0; index < length; index++)
        {
            final int at = index;
            final OperatorStateHandle damaged = withBytes(good, bytes ->
            {
                bytes[at] ^= 0x10;
                return bytes;
            });
            final CorruptedStateException ex = assertThrows(CorruptedStateException.class,
                () -> backend.restore(List.of(damaged)), "flipped byte " + at + " of " + length);
            assertEquals("changed", ex.getStream());
            assertEmptyAndUsable("flipped byte " + at);
        }
    }

    @Test
    void shouldDetectATruncatedStreamAndStayEmptyAndUsable() throws Exception
    {
        final OperatorStateHandle good = goodHandle();
        final int length = (int)good.getStateSize();
        for (final int kept : new int[]{ 0, 10, StreamFormat.MIN_STREAM_LENGTH, length / 2, length - 1 })
        {
            final OperatorStateHandle truncated = withBytes(good, bytes -> Arrays.copyOf(bytes, kept));
            assertThrows(CorruptedStateException.class, () -> backend.restore(List.of(truncated)),
                "kept " + kept + " of " + length + " bytes");
            assertEmptyAndUsable("truncated to " + kept);
        }
    }

    @Test
    void shouldLoadNothingWhenALaterHandleIsDamaged() throws Exception
    {
        final OperatorStateHandle good = goodHandle();
        final OperatorStateHandle damaged = withBytes(good, bytes ->
        {
            bytes[bytes.length / 2] ^= 0x01;
            return bytes;
        });
        assertThrows(CorruptedStateException.class, () -> backend.restore(List.of(good, good, damaged)));
        assertEmptyAndUsable("a damaged third handle");
    }

    @Test
    void shouldRejectAKeyedStream() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StateStreamWriter writer = new StateStreamWriter(out, StreamMeta.keyed(1, 1, 128,
            KeyGroupRange.of(0, 127), IntCodec.INSTANCE,
            List.of(StateMetaInfo.of(OFFSETS, VoidNamespaceCodec.INSTANCE))));
        writer.finish();
        final OperatorStateHandle keyed = new OperatorStateHandle(new ByteStreamStateHandle("keyed", out.toByteArray()),
            Map.of("offsets", OperatorStatePartitionInfo.whole(OperatorStateMode.SPLIT_DISTRIBUTE, 0)));
        final CorruptedStateException ex =
            assertThrows(CorruptedStateException.class, () -> backend.restore(List.of(keyed)));
        assertEquals(StreamFormat.KIND_OFFSET, ex.getOffset());
        assertEmptyAndUsable("a keyed stream");
    }

    @Test
    void shouldRejectAHandleThatDoesNotMatchItsStream() throws Exception
    {
        final OperatorStateHandle good = goodHandle();
        assertCorrupted("does not hold", "takes state \"missing\"", new OperatorStateHandle(good.getDelegate(),
            Map.of("missing", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 0))));
        assertCorrupted("wrong count", "elementCount=4", new OperatorStateHandle(good.getDelegate(),
            Map.of("offsets", OperatorStatePartitionInfo.split(4, 0, 4))));
        assertCorrupted("wrong mode", "mode=UNION", new OperatorStateHandle(good.getDelegate(),
            Map.of("offsets", OperatorStatePartitionInfo.whole(OperatorStateMode.UNION, 3))));
    }

    @Test
    void shouldRejectHandlesThatDisagreeOnAState() throws Exception
    {
        final DefaultOperatorStateBackend ints = new DefaultOperatorStateBackend();
        ints.getListState(OFFSETS).add(1);
        final DefaultOperatorStateBackend longs = new DefaultOperatorStateBackend();
        longs.getListState(new ListStateDescriptor<>("offsets", LongCodec.INSTANCE)).add(1L);
        final DefaultOperatorStateBackend union = new DefaultOperatorStateBackend();
        union.getUnionListState(OFFSETS).add(1);

        final IncompatibleStateException codec = assertThrows(IncompatibleStateException.class,
            () -> backend.restore(List.of(snapshot(ints), snapshot(longs))));
        assertTrue(codec.getMessage().contains("differs between snapshots"), codec.getMessage());
        assertEmptyAndUsable("disagreeing codecs");
        assertThrows(IncompatibleStateException.class,
            () -> backend.restore(List.of(snapshot(ints), snapshot(union))));
        assertEmptyAndUsable("disagreeing modes");
    }

    @Test
    void shouldAppendListsInHandleOrderAndKeepTheLastValueOfARepeatedBroadcastKey() throws Exception
    {
        final DefaultOperatorStateBackend first = new DefaultOperatorStateBackend();
        first.getListState(OFFSETS).addAll(List.of(1, 2));
        first.getBroadcastState(RULES).put("a", 1L);
        first.getBroadcastState(RULES).put("b", 2L);
        final DefaultOperatorStateBackend second = new DefaultOperatorStateBackend();
        second.getListState(OFFSETS).addAll(List.of(3));
        second.getBroadcastState(RULES).put("c", 3L);
        second.getBroadcastState(RULES).put("a", 10L);

        backend.restore(Arrays.asList(snapshot(first), null, snapshot(second)));
        assertEquals(List.of(1, 2, 3), backend.getListState(OFFSETS).get());
        assertEquals(List.of("a=10", "b=2", "c=3"), entriesOf(backend.getBroadcastState(RULES)));
    }

    private OperatorStateHandle goodHandle() throws Exception
    {
        final DefaultOperatorStateBackend source = new DefaultOperatorStateBackend();
        fill(source);
        return snapshot(source);
    }

    private void assertCorrupted(final String what, final String expected, final OperatorStateHandle handle)
        throws Exception
    {
        final Executable restore = () -> backend.restore(List.of(handle));
        final CorruptedStateException ex = assertThrows(CorruptedStateException.class, restore, what);
        assertTrue(ex.getMessage().contains(expected), () -> what + ": expected \"" + expected + "\" in " +
            ex.getMessage());
        assertEmptyAndUsable(what);
    }

    /** The backend holds nothing, and a good restore into it afterwards works; then starts a fresh one. */
    private void assertEmptyAndUsable(final String after) throws Exception
    {
        assertTrue(backend.getRegisteredStateNames().isEmpty(), after);
        assertTrue(backend.getRegisteredBroadcastStateNames().isEmpty(), after);
        final DefaultOperatorStateBackend probe = new DefaultOperatorStateBackend();
        probe.getUnionListState(WORDS).add("probe");
        backend.restore(List.of(snapshot(probe)));
        assertEquals(List.of("probe"), backend.getUnionListState(WORDS).get(), after);
        backend.close();
        backend = new DefaultOperatorStateBackend();
    }
}

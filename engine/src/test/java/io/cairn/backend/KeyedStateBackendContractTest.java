package io.cairn.backend;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.state.AggregateFunction;
import io.cairn.state.AggregatingState;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapState;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingState;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.ValueState;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import io.cairn.state.ValueStateDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract of {@link KeyedStateBackend} and of the state objects it hands out, as a user depends on it. Every
 * backend's test extends this class and implements {@link #createBackend}.
 *
 * <p>What is tested is the javadoc of {@link KeyedStateBackend} and of the {@code io.cairn.state} interfaces; where
 * it is silent, Apache Flink's semantics. Two choices where neither says it exactly:
 * <ul>
 *     <li>a null list element, map key or map value, or a null input to an appending state, is bad input: it must be
 *     refused with an {@link IllegalArgumentException} (our style) or a {@link NullPointerException} (Flink's), and
 *     leave the state as it was;</li>
 *     <li>a key whose list or map is empty has no value: {@link KeyedStateBackend#getKeys} and
 *     {@link KeyedStateBackend#applyToAllKeys} skip it, as Flink's backends do.</li>
 * </ul>
 * Backends created through {@link #open} are closed after each test.
 */
public abstract class KeyedStateBackendContractTest
{
    private static final int MAX_PARALLELISM = 128;
    private static final VoidNamespace VOID = VoidNamespace.INSTANCE;
    private static final Codec<VoidNamespace> VOID_CODEC = VoidNamespaceCodec.INSTANCE;

    private static final ValueStateDescriptor<Long> LONG_VALUE = new ValueStateDescriptor<>("long-value",
        LongCodec.INSTANCE);
    private static final ValueStateDescriptor<String> STRING_VALUE = new ValueStateDescriptor<>("string-value",
        StringCodec.INSTANCE);
    private static final ValueStateDescriptor<byte[]> BYTES_VALUE = new ValueStateDescriptor<>("bytes-value",
        ByteArrayCodec.INSTANCE);
    private static final ListStateDescriptor<Long> LONG_LIST = new ListStateDescriptor<>("long-list",
        LongCodec.INSTANCE);
    private static final ListStateDescriptor<String> STRING_LIST = new ListStateDescriptor<>("string-list",
        StringCodec.INSTANCE);
    private static final MapStateDescriptor<Long, String> LONG_STRING_MAP = new MapStateDescriptor<>("map",
        LongCodec.INSTANCE, StringCodec.INSTANCE);
    private static final MapStateDescriptor<String, String> STRING_STRING_MAP = new MapStateDescriptor<>(
        "string-map", StringCodec.INSTANCE, StringCodec.INSTANCE);
    private static final ReducingStateDescriptor<Long> SUM = new ReducingStateDescriptor<>("sum", Long::sum,
        LongCodec.INSTANCE);
    private static final AggregatingStateDescriptor<Long, SumCount, Double> AVERAGE =
        new AggregatingStateDescriptor<>("average", new Average(), SumCountCodec.INSTANCE);

    private final List<KeyedStateBackend<?>> openBackends = new ArrayList<>();

    /**
     * Creates a new, empty backend under test.
     *
     * @param parameters what the backend is for.
     * @param <K>        the key type.
     * @return the backend; this class closes it.
     */
    protected abstract <K> KeyedStateBackend<K> createBackend(KeyedStateBackendParameters<K> parameters);

    /** Closes the backends the test opened. */
    @AfterEach
    public void closeOpenBackends()
    {
        for (final KeyedStateBackend<?> backend : openBackends)
        {
            backend.close();
        }
        openBackends.clear();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Current key, key groups, parameters
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldHaveNoCurrentKeyInitially()
    {
        final KeyedStateBackend<Long> backend = longBackend();

        assertNull(backend.getCurrentKey());
        assertEquals(-1, backend.getCurrentKeyGroupIndex());
    }

    @Test
    public void shouldExposeItsParameters()
    {
        final KeyedStateBackend<Long> full = longBackend();
        final KeyedStateBackend<String> partial = open(KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
            .numberOfKeyGroups(256)
            .keyGroupRange(KeyGroupRange.of(10, 20))
            .build());

        assertSame(LongCodec.INSTANCE, full.getKeyCodec());
        assertEquals(KeyGroupRange.of(0, MAX_PARALLELISM - 1), full.getKeyGroupRange());
        assertEquals(MAX_PARALLELISM, full.getNumberOfKeyGroups());
        assertSame(StringCodec.INSTANCE, partial.getKeyCodec());
        assertEquals(KeyGroupRange.of(10, 20), partial.getKeyGroupRange());
        assertEquals(256, partial.getNumberOfKeyGroups());
    }

    @Test
    public void shouldAssignFlinkKeyGroupToCurrentKey()
    {
        final KeyedStateBackend<Long> longs = longBackend();
        final KeyedStateBackend<String> strings = open(KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
            .numberOfKeyGroups(37)
            .build());

        for (long key = -500; key < 500; key++)
        {
            longs.setCurrentKey(key);
            assertEquals(key, longs.getCurrentKey());
            assertEquals(KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM),
                longs.getCurrentKeyGroupIndex(), "key=" + key);

            final String stringKey = "key-" + key;
            strings.setCurrentKey(stringKey);
            assertEquals(stringKey, strings.getCurrentKey());
            assertEquals(KeyGroupRangeAssignment.assignToKeyGroup(stringKey.hashCode(), 37),
                strings.getCurrentKeyGroupIndex(), "key=" + stringKey);
        }
    }

    @Test
    public void shouldUseKeyGroupSuppliedByHost()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        final long key = 5L;
        final int computed = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM);
        final int supplied = (computed + 17) % MAX_PARALLELISM;

        backend.setCurrentKeyAndKeyGroup(key, supplied);
        state.update(55L);

        assertEquals(key, backend.getCurrentKey());
        assertEquals(supplied, backend.getCurrentKeyGroupIndex());
        backend.setCurrentKeyAndKeyGroup(6L, supplied);
        assertNull(state.value());
        backend.setCurrentKeyAndKeyGroup(key, supplied);
        assertEquals(55L, state.value());
        assertEquals(Set.of(key), keys(backend, LONG_VALUE.getName(), VOID));
    }

    @Test
    public void shouldRejectKeyOutsideOwnedKeyGroupsLeavingCurrentKeyUnchanged()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(MAX_PARALLELISM)
            .keyGroupRange(KeyGroupRange.of(10, 20))
            .build());
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        final long inside = firstLongKeyInKeyGroups(10, 20, 0);
        final long outside = firstLongKeyOutsideKeyGroups(10, 20);

        backend.setCurrentKey(inside);
        state.update(1L);
        final int keyGroup = backend.getCurrentKeyGroupIndex();

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKey(outside));

        assertNotNull(ex.getMessage());
        assertEquals(inside, backend.getCurrentKey());
        assertEquals(keyGroup, backend.getCurrentKeyGroupIndex());
        assertEquals(1L, state.value());
    }

    @Test
    public void shouldRejectHostKeyGroupOutsideRangeLeavingCurrentKeyUnchanged()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(MAX_PARALLELISM)
            .keyGroupRange(KeyGroupRange.of(10, 20))
            .build());
        backend.setCurrentKeyAndKeyGroup(1L, 15);

        for (final int keyGroup : new int[]{ -1, 0, 9, 21, 127, 128, Integer.MAX_VALUE })
        {
            assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKeyAndKeyGroup(2L, keyGroup),
                "keyGroup=" + keyGroup);
            assertEquals(1L, backend.getCurrentKey());
            assertEquals(15, backend.getCurrentKeyGroupIndex());
        }
        backend.setCurrentKeyAndKeyGroup(2L, 10);
        assertEquals(10, backend.getCurrentKeyGroupIndex());
        backend.setCurrentKeyAndKeyGroup(3L, 20);
        assertEquals(20, backend.getCurrentKeyGroupIndex());
    }

    @Test
    public void shouldStoreKeysOfOwnedKeyGroupsOnly()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(MAX_PARALLELISM)
            .keyGroupRange(KeyGroupRange.of(10, 20))
            .build());
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        final Set<Long> written = new HashSet<>();
        long next = 0;
        for (int i = 0; i < 500; i++)
        {
            final long key = firstLongKeyInKeyGroups(10, 20, next);
            next = key + 1;
            backend.setCurrentKey(key);
            assertTrue(backend.getKeyGroupRange().contains(backend.getCurrentKeyGroupIndex()));
            state.update(key * 3);
            written.add(key);
        }

        for (final long key : written)
        {
            backend.setCurrentKey(key);
            assertEquals(key * 3, state.value());
        }
        assertEquals(written, keys(backend, LONG_VALUE.getName(), VOID));
    }

    @Test
    public void shouldRejectNullKeyLeavingCurrentKeyUnchanged()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        backend.setCurrentKey(7L);
        final int keyGroup = backend.getCurrentKeyGroupIndex();

        assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKey(null));
        assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKeyAndKeyGroup(null, 3));

        assertEquals(7L, backend.getCurrentKey());
        assertEquals(keyGroup, backend.getCurrentKeyGroupIndex());
    }

    @Test
    public void shouldRejectKeyLargerThanMaxKeyLengthLeavingCurrentKeyUnchanged()
    {
        final KeyedStateBackend<String> backend = open(KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
            .maxKeyLength(64)
            .build());
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        final String atLimit = "k".repeat(64);
        backend.setCurrentKey(atLimit);
        state.update(64L);

        assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKey("k".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKey("k".repeat(1000)));
        assertThrows(IllegalArgumentException.class, () -> backend.setCurrentKeyAndKeyGroup("k".repeat(65), 0));

        assertEquals(atLimit, backend.getCurrentKey());
        assertEquals(64L, state.value());
    }

    @Test
    public void shouldRejectMapKeyThatMakesKeyLargerThanMaxKeyLength()
    {
        final KeyedStateBackend<String> backend = open(KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
            .maxKeyLength(64)
            .build());
        final MapState<String, String> map = mapState(backend, STRING_STRING_MAP);
        backend.setCurrentKey("k".repeat(16));
        map.put("m".repeat(48), "fits exactly");

        assertThrows(IllegalArgumentException.class, () -> map.put("m".repeat(49), "too long"));
        assertThrows(IllegalArgumentException.class, () -> map.putAll(orderedMap("ok", "ok", "m".repeat(60), "no")));

        assertEquals(Map.of("m".repeat(48), "fits exactly"), entries(map));
    }

    @Test
    public void shouldSetTheSameKeyAndKeyGroupWithThePrimitiveSetterAsWithTheBoxedOne()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(37).build());
        final LongKeyedBackend longKeys = assertInstanceOf(LongKeyedBackend.class, backend,
            "a backend of LongCodec keys offers setCurrentKey(long)");
        final LongValueState state = backend.getPartitionedState(
            VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, new LongValueStateDescriptor("primitive"));
        for (long key = -500; key < 500; key += 7)
        {
            backend.setCurrentKey(Long.valueOf(key));
            state.updateLong(key * 3);
        }
        for (long key = -500; key < 500; key += 7)
        {
            longKeys.setCurrentKey(key);
            assertEquals(KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), 37),
                backend.getCurrentKeyGroupIndex());
            assertEquals(key, backend.getCurrentKey());
            assertEquals(key * 3, state.getLong(0));
            longKeys.setCurrentKey(key);
            state.updateLong(key * 5);
            backend.setCurrentKey(Long.valueOf(key));
            assertEquals(key * 5, state.getLong(0), "written through the primitive key, read through the boxed one");
        }
    }

    @Test
    public void shouldRefuseAPrimitiveKeyOutsideTheRangeOrOfAnotherKeyCodec()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .numberOfKeyGroups(128).keyGroupRange(KeyGroupRange.of(0, 0)).build());
        long outside = 0;
        while (KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(outside), 128) == 0)
        {
            outside++;
        }
        final long key = outside;
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ((LongKeyedBackend)backend).setCurrentKey(key));
        assertTrue(ex.getMessage().contains("key=" + key), ex.getMessage());
        assertEquals(-1, backend.getCurrentKeyGroupIndex());
        final KeyedStateBackend<String> strings = stringBackend();
        if (strings instanceof LongKeyedBackend)
        {
            assertThrows(IllegalStateException.class, () -> ((LongKeyedBackend)strings).setCurrentKey(1L));
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Value state
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldReadNullForAbsentValue()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);

        backend.setCurrentKey(1L);

        assertNull(state.value());
    }

    @Test
    public void shouldReadDescriptorDefaultForAbsentValue()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state =
            valueState(backend, new ValueStateDescriptor<>("with-default", LongCodec.INSTANCE, 42L));
        backend.setCurrentKey(1L);

        assertEquals(42L, state.value());
        state.update(7L);
        assertEquals(7L, state.value());
        state.clear();
        assertEquals(42L, state.value());
        state.update(8L);
        state.update(null);
        assertEquals(42L, state.value());
        backend.setCurrentKey(2L);
        assertEquals(42L, state.value());
    }

    @Test
    public void shouldUpdateAndOverwriteValue()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        backend.setCurrentKey(1L);

        state.update(10L);
        assertEquals(10L, state.value());
        state.update(Long.MIN_VALUE);
        assertEquals(Long.MIN_VALUE, state.value());
        state.update(0L);
        assertEquals(0L, state.value());
    }

    @Test
    public void shouldOverwriteVariableLengthValueWithLongerAndShorterOnes()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<String> state = valueState(backend, STRING_VALUE);
        backend.setCurrentKey(1L);

        for (final String value : List.of("a", "x".repeat(1000), "bc", "\u6f22\uD83D\uDE00", "y".repeat(70_000),
            "z", "w".repeat(999), "tail"))
        {
            state.update(value);
            assertEquals(value, state.value());
        }
        backend.setCurrentKey(2L);
        assertNull(state.value());
    }

    @Test
    public void shouldDistinguishEmptyEncodedValueFromAbsentValue()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<String> strings = valueState(backend, STRING_VALUE);
        final ValueState<byte[]> bytes = valueState(backend, BYTES_VALUE);
        backend.setCurrentKey(1L);

        strings.update("");
        bytes.update(new byte[0]);

        assertEquals("", strings.value());
        assertArrayEquals(new byte[0], bytes.value());
        assertEquals(Set.of(1L), keys(backend, STRING_VALUE.getName(), VOID));
        strings.clear();
        assertNull(strings.value());
    }

    @Test
    public void shouldClearValueOnUpdateWithNull()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<String> state = valueState(backend, STRING_VALUE);
        backend.setCurrentKey(1L);
        state.update("value");

        state.update(null);

        assertNull(state.value());
        assertEquals(Set.of(), keys(backend, STRING_VALUE.getName(), VOID));
    }

    @Test
    public void shouldClearValue()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        backend.setCurrentKey(1L);
        state.clear();
        state.update(5L);

        state.clear();

        assertNull(state.value());
        state.clear();
        assertNull(state.value());
        state.update(6L);
        assertEquals(6L, state.value());
    }

    @Test
    public void shouldIsolateValueFromArraysPassedInAndHandedOut()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<byte[]> state = valueState(backend, BYTES_VALUE);
        backend.setCurrentKey(1L);
        final byte[] written = { 1, 2, 3 };

        state.update(written);
        written[0] = 9;
        final byte[] read = state.value();
        read[1] = 9;

        assertArrayEquals(new byte[]{ 1, 2, 3 }, state.value());
    }

    @Test
    public void shouldRejectValueLargerThanMaxValueLengthKeepingPreviousValue()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .maxValueLength(1024)
            .build());
        final ValueState<byte[]> bytes = valueState(backend, BYTES_VALUE);
        final ValueState<String> strings = valueState(backend, STRING_VALUE);
        backend.setCurrentKey(1L);
        bytes.update(filled(1024, 7));
        strings.update("previous");

        assertThrows(StateValueTooLargeException.class, () -> bytes.update(new byte[1025]));
        assertThrows(StateValueTooLargeException.class, () -> strings.update("s".repeat(2000)));
        assertThrows(StateValueTooLargeException.class, () -> strings.update("\u6f22".repeat(342)));

        assertArrayEquals(filled(1024, 7), bytes.value());
        assertEquals("previous", strings.value());
        backend.setCurrentKey(2L);
        assertThrows(StateValueTooLargeException.class, () -> bytes.update(new byte[5000]));
        assertNull(bytes.value());
        assertEquals(Set.of(1L), keys(backend, BYTES_VALUE.getName(), VOID));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Isolation
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldIsolateKeys()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<String> state = valueState(backend, STRING_VALUE);
        for (long key = 0; key < 1000; key++)
        {
            backend.setCurrentKey(key);
            state.update("value-" + key);
        }

        backend.setCurrentKey(500L);
        state.clear();

        for (long key = 0; key < 1000; key++)
        {
            backend.setCurrentKey(key);
            assertEquals(key == 500 ? null : "value-" + key, state.value(), "key=" + key);
        }
    }

    @Test
    public void shouldIsolateLongNamespacesWithOneStateObject()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<String> inOne = backend.getPartitionedState(1L, LongCodec.INSTANCE, STRING_VALUE);
        backend.setCurrentKey(1L);
        inOne.update("one");

        final ValueState<String> inTwo = backend.getPartitionedState(2L, LongCodec.INSTANCE, STRING_VALUE);
        assertSame(inOne, inTwo);
        assertNull(inTwo.value());
        inTwo.update("two");
        assertEquals("two", inTwo.value());

        backend.getPartitionedState(1L, LongCodec.INSTANCE, STRING_VALUE);
        assertEquals("one", inOne.value());
        inOne.clear();
        backend.getPartitionedState(2L, LongCodec.INSTANCE, STRING_VALUE);
        assertEquals("two", inOne.value());
        assertEquals(Set.of(), keys(backend, STRING_VALUE.getName(), 1L));
        assertEquals(Set.of(1L), keys(backend, STRING_VALUE.getName(), 2L));
    }

    @Test
    public void shouldIsolateStringNamespacesFromEachOtherAndFromVoidNamespace()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueStateDescriptor<String> namespaced = new ValueStateDescriptor<>("namespaced", StringCodec.INSTANCE);
        final ValueState<String> plain = valueState(backend, STRING_VALUE);
        backend.setCurrentKey(3L);
        plain.update("void");

        for (final String namespace : List.of("", "a", "ab", "b", "\u6f22"))
        {
            backend.getPartitionedState(namespace, StringCodec.INSTANCE, namespaced).update("ns:" + namespace);
        }

        for (final String namespace : List.of("", "a", "ab", "b", "\u6f22"))
        {
            assertEquals("ns:" + namespace,
                backend.getPartitionedState(namespace, StringCodec.INSTANCE, namespaced).value());
        }
        assertNull(backend.getPartitionedState("abc", StringCodec.INSTANCE, namespaced).value());
        assertEquals("void", plain.value());
    }

    @Test
    public void shouldIsolateStatesOfOneKeyAndNamespace()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> first = valueState(backend, LONG_VALUE);
        final ValueState<Long> second = valueState(backend, new ValueStateDescriptor<>("second", LongCodec.INSTANCE));
        final ListState<Long> list = listState(backend, LONG_LIST);
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);

        first.update(1L);
        second.update(2L);
        list.add(3L);
        map.put(1L, "4");
        first.clear();

        assertNull(first.value());
        assertEquals(2L, second.value());
        assertEquals(List.of(3L), list.get());
        assertEquals("4", map.get(1L));
    }

    @Test
    public void shouldNotConfuseVariableLengthKeyAndNamespaceBoundaries()
    {
        final KeyedStateBackend<String> backend = stringBackend();
        final ValueStateDescriptor<String> namespaced = new ValueStateDescriptor<>("namespaced", StringCodec.INSTANCE);
        final int keyGroup = 7;

        backend.setCurrentKeyAndKeyGroup("a", keyGroup);
        backend.getPartitionedState("bc", StringCodec.INSTANCE, namespaced).update("a|bc");

        backend.setCurrentKeyAndKeyGroup("ab", keyGroup);
        assertNull(backend.getPartitionedState("c", StringCodec.INSTANCE, namespaced).value());
        backend.setCurrentKeyAndKeyGroup("abc", keyGroup);
        assertNull(backend.getPartitionedState("", StringCodec.INSTANCE, namespaced).value());
        backend.setCurrentKeyAndKeyGroup("", keyGroup);
        assertNull(backend.getPartitionedState("abc", StringCodec.INSTANCE, namespaced).value());
        backend.setCurrentKeyAndKeyGroup("ab", keyGroup);
        backend.getPartitionedState("c", StringCodec.INSTANCE, namespaced).update("ab|c");

        backend.setCurrentKeyAndKeyGroup("a", keyGroup);
        assertEquals("a|bc", backend.getPartitionedState("bc", StringCodec.INSTANCE, namespaced).value());
        assertEquals(Set.of("a"), keys(backend, "namespaced", "bc"));
        assertEquals(Set.of("ab"), keys(backend, "namespaced", "c"));
    }

    @Test
    public void shouldIsolateByteArrayKeysByContent()
    {
        final KeyedStateBackend<byte[]> backend = open(KeyedStateBackendParameters.builder(ByteArrayCodec.INSTANCE)
            .build());
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        backend.setCurrentKey(new byte[]{ 1, 2 });
        state.update(12L);

        backend.setCurrentKey(new byte[]{ 1, 2 });
        assertEquals(12L, state.value());
        backend.setCurrentKey(new byte[]{ 1, 2, 0 });
        assertNull(state.value());
        backend.setCurrentKey(new byte[]{ 1 });
        assertNull(state.value());
        backend.setCurrentKey(new byte[0]);
        assertNull(state.value());
    }

    // ---------------------------------------------------------------------------------------------------------
    // List state
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldReadEmptyListNotNullWhenAbsent()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);

        assertNotNull(list.get());
        assertTrue(list.get().isEmpty());
    }

    @Test
    public void shouldAddElementsInOrder()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);

        list.add(3L);
        list.add(1L);
        list.add(2L);
        list.add(1L);

        assertEquals(List.of(3L, 1L, 2L, 1L), list.get());
    }

    @Test
    public void shouldAddAllAfterExistingElements()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);

        list.addAll(List.of());
        assertEquals(List.of(), list.get());
        assertEquals(Set.of(), keys(backend, LONG_LIST.getName(), VOID));
        list.addAll(List.of(1L, 2L));
        list.add(3L);
        list.addAll(List.of(4L, 5L));
        list.addAll(List.of());

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), list.get());
    }

    @Test
    public void shouldReplaceElementsOnUpdate()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);
        list.addAll(List.of(1L, 2L, 3L));

        list.update(List.of(9L, 8L));
        assertEquals(List.of(9L, 8L), list.get());
        list.update(List.of(7L, 6L, 5L, 4L));
        assertEquals(List.of(7L, 6L, 5L, 4L), list.get());
        list.add(3L);
        assertEquals(List.of(7L, 6L, 5L, 4L, 3L), list.get());
    }

    @Test
    public void shouldClearListOnUpdateWithEmptyList()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);
        list.addAll(List.of(1L, 2L, 3L));

        list.update(List.of());

        assertEquals(List.of(), list.get());
        assertEquals(Set.of(), keys(backend, LONG_LIST.getName(), VOID));
    }

    @Test
    public void shouldClearList()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);
        list.addAll(List.of(1L, 2L, 3L));

        list.clear();

        assertEquals(List.of(), list.get());
        list.add(4L);
        assertEquals(List.of(4L), list.get());
    }

    @Test
    public void shouldReturnListCopyUnaffectedByLaterChanges()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);
        list.addAll(List.of(1L, 2L));

        final List<Long> snapshot = list.get();
        list.add(3L);
        list.update(List.of(5L));
        final List<Long> passedIn = new ArrayList<>(List.of(6L, 7L));
        list.update(passedIn);
        passedIn.add(8L);

        assertEquals(List.of(1L, 2L), snapshot);
        assertEquals(List.of(6L, 7L), list.get());
    }

    @Test
    public void shouldKeepOrderOfManyElements()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);
        final List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 10_000; i++)
        {
            list.add(i * 31);
            expected.add(i * 31);
        }
        final List<Long> more = new ArrayList<>();
        for (long i = 0; i < 10_000; i++)
        {
            more.add(-i);
        }

        list.addAll(more);
        expected.addAll(more);

        assertEquals(expected, list.get());
    }

    @Test
    public void shouldStoreStringElementsOfVaryingSizes()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<String> list = listState(backend, STRING_LIST);
        backend.setCurrentKey(1L);
        final List<String> expected = new ArrayList<>();
        for (int length = 0; length < 300; length += 7)
        {
            expected.add("e".repeat(length));
            expected.add("");
        }
        expected.add("\u6f22\uD83D\uDE00 \u00e9");
        expected.add("big".repeat(30_000));
        expected.add("after big");

        list.add(expected.get(0));
        list.addAll(expected.subList(1, expected.size()));

        assertEquals(expected, list.get());
        list.update(expected.subList(40, expected.size()));
        assertEquals(expected.subList(40, expected.size()), list.get());
    }

    @Test
    public void shouldIsolateListsPerKeyAndNamespace()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<String> list = backend.getPartitionedState(1L, LongCodec.INSTANCE, STRING_LIST);
        for (long key = 0; key < 20; key++)
        {
            backend.setCurrentKey(key);
            for (long namespace = 0; namespace < 3; namespace++)
            {
                backend.getPartitionedState(namespace, LongCodec.INSTANCE, STRING_LIST);
                list.addAll(List.of(key + "/" + namespace, "x"));
            }
        }

        for (long key = 0; key < 20; key++)
        {
            backend.setCurrentKey(key);
            for (long namespace = 0; namespace < 3; namespace++)
            {
                backend.getPartitionedState(namespace, LongCodec.INSTANCE, STRING_LIST);
                assertEquals(List.of(key + "/" + namespace, "x"), list.get());
            }
        }
    }

    @Test
    public void shouldRejectNullListElementAppendingNothing()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        backend.setCurrentKey(1L);
        list.addAll(List.of(1L, 2L));

        assertRejected(() -> list.add(null));
        assertRejected(() -> list.addAll(Arrays.asList(3L, null, 4L)));
        assertRejected(() -> list.update(Arrays.asList(5L, null)));

        assertEquals(List.of(1L, 2L), list.get());
        final IllegalArgumentException named =
            assertThrows(IllegalArgumentException.class, () -> list.update(Arrays.asList(5L, 6L, null)));
        assertTrue(named.getMessage().contains("values[2]=null"), named.getMessage());
        backend.setCurrentKey(2L);
        assertRejected(() -> list.addAll(Arrays.asList(3L, null)));
        assertRejected(() -> list.update(Arrays.asList(3L, null)));
        assertEquals(List.of(), list.get());
        assertEquals(Set.of(1L), keys(backend, LONG_LIST.getName(), VOID));
    }

    @Test
    public void shouldRejectListElementLargerThanMaxValueLengthAppendingNothing()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .maxValueLength(100)
            .build());
        final ListState<String> list = listState(backend, STRING_LIST);
        backend.setCurrentKey(1L);
        list.add("s".repeat(100));
        final String tooLarge = "l".repeat(101);

        assertThrows(StateValueTooLargeException.class, () -> list.add(tooLarge));
        assertThrows(StateValueTooLargeException.class, () -> list.addAll(List.of("ok", tooLarge)));
        final StateValueTooLargeException named =
            assertThrows(StateValueTooLargeException.class, () -> list.update(List.of("ok", tooLarge)));
        assertTrue(named.getMessage().contains("values[1]"), named.getMessage());

        assertEquals(List.of("s".repeat(100)), list.get());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Map state
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldReadEmptyMapWhenAbsent()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);

        assertNull(map.get(1L));
        assertFalse(map.contains(1L));
        assertTrue(map.isEmpty());
        assertFalse(map.iterator().hasNext());
        assertFalse(map.entries().iterator().hasNext());
        assertFalse(map.keys().iterator().hasNext());
        assertFalse(map.values().iterator().hasNext());
        map.remove(1L);
        assertTrue(map.isEmpty());
    }

    @Test
    public void shouldPutGetAndReplaceMapEntries()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);

        map.put(1L, "one");
        map.put(2L, "two");
        map.put(1L, "uno, a longer value");
        map.put(2L, "");

        assertEquals("uno, a longer value", map.get(1L));
        assertEquals("", map.get(2L));
        assertTrue(map.contains(1L));
        assertTrue(map.contains(2L));
        assertFalse(map.contains(3L));
        assertFalse(map.isEmpty());
        assertEquals(Map.of(1L, "uno, a longer value", 2L, ""), entries(map));
    }

    @Test
    public void shouldPutAllEntries()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.put(1L, "old");

        map.putAll(Map.of(1L, "new", 2L, "two", 3L, "three"));
        map.putAll(Map.of());

        assertEquals(Map.of(1L, "new", 2L, "two", 3L, "three"), entries(map));
    }

    @Test
    public void shouldRemoveMapEntries()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.putAll(Map.of(1L, "one", 2L, "two"));

        map.remove(1L);
        map.remove(99L);

        assertNull(map.get(1L));
        assertFalse(map.contains(1L));
        assertEquals(Map.of(2L, "two"), entries(map));
        map.remove(2L);
        assertTrue(map.isEmpty());
        assertEquals(Set.of(), keys(backend, LONG_STRING_MAP.getName(), VOID));
    }

    @Test
    public void shouldIterateEntriesKeysAndValues()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        final Map<Long, String> expected = new HashMap<>();
        for (long i = 0; i < 50; i++)
        {
            expected.put(i * 7, "v" + i % 5);
        }
        map.putAll(expected);

        final Map<Long, String> fromEntries = new HashMap<>();
        for (final Map.Entry<Long, String> entry : map.entries())
        {
            assertNull(fromEntries.put(entry.getKey(), entry.getValue()), "duplicate key " + entry.getKey());
        }
        final List<Long> fromKeys = new ArrayList<>();
        map.keys().forEach(fromKeys::add);
        final List<String> fromValues = new ArrayList<>();
        map.values().forEach(fromValues::add);

        assertEquals(expected, fromEntries);
        assertEquals(expected, entries(map));
        assertEquals(expected.size(), fromKeys.size());
        assertEquals(expected.keySet(), new HashSet<>(fromKeys));
        assertEquals(sorted(expected.values()), sorted(fromValues));
    }

    @Test
    public void shouldEndIterationWithNoSuchElement()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.put(1L, "one");

        final Iterator<Map.Entry<Long, String>> iterator = map.iterator();
        assertTrue(iterator.hasNext());
        assertEquals(1L, iterator.next().getKey());
        assertFalse(iterator.hasNext());
        assertThrows(NoSuchElementException.class, iterator::next);
    }

    @Test
    public void shouldRemoveThroughIterator()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        final Map<Long, String> expected = new HashMap<>();
        for (long i = 0; i < 100; i++)
        {
            map.put(i, "v" + i);
            if (i % 2 == 1)
            {
                expected.put(i, "v" + i);
            }
        }

        final Iterator<Map.Entry<Long, String>> iterator = map.iterator();
        assertThrows(IllegalStateException.class, iterator::remove);
        int visited = 0;
        while (iterator.hasNext())
        {
            final Map.Entry<Long, String> entry = iterator.next();
            visited++;
            if (entry.getKey() % 2 == 0)
            {
                iterator.remove();
                assertThrows(IllegalStateException.class, iterator::remove);
            }
        }

        assertEquals(100, visited);
        assertEquals(expected, entries(map));
        assertNull(map.get(0L));
        assertEquals("v1", map.get(1L));
    }

    @Test
    public void shouldEmptyMapByRemovingEveryEntryThroughIterator()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.putAll(Map.of(1L, "a", 2L, "b", 3L, "c"));

        final Iterator<Map.Entry<Long, String>> iterator = map.iterator();
        while (iterator.hasNext())
        {
            iterator.next();
            iterator.remove();
        }

        assertTrue(map.isEmpty());
        assertEquals(Set.of(), keys(backend, LONG_STRING_MAP.getName(), VOID));
    }

    @Test
    public void shouldThrowConcurrentModificationWhenNewKeyIsPutDuringIteration()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        for (long i = 0; i < 10; i++)
        {
            map.put(i, "v" + i);
        }

        final Iterator<Map.Entry<Long, String>> iterator = map.iterator();
        iterator.next();
        map.put(1000L, "new");

        assertThrows(ConcurrentModificationException.class, () ->
        {
            for (int i = 0; i < 20 && iterator.hasNext(); i++)
            {
                iterator.next();
            }
        });
        assertEquals("new", map.get(1000L));
        assertEquals(11, entries(map).size());
    }

    @Test
    public void shouldClearMap()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.putAll(Map.of(1L, "a", 2L, "b"));
        backend.setCurrentKey(2L);
        map.put(1L, "other key");
        backend.setCurrentKey(1L);

        map.clear();

        assertTrue(map.isEmpty());
        assertNull(map.get(1L));
        assertEquals(Map.of(), entries(map));
        backend.setCurrentKey(2L);
        assertEquals(Map.of(1L, "other key"), entries(map));
    }

    @Test
    public void shouldHoldThousandEntriesInOneMap()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        final Map<Long, String> expected = new HashMap<>();
        for (long i = 0; i < 1000; i++)
        {
            map.put(i, "value-" + i);
            expected.put(i, "value-" + i);
        }

        for (long i = 0; i < 1000; i++)
        {
            assertEquals("value-" + i, map.get(i));
        }
        assertEquals(expected, entries(map));
        for (long i = 0; i < 1000; i += 2)
        {
            map.remove(i);
            expected.remove(i);
        }
        assertEquals(expected, entries(map));
    }

    @Test
    public void shouldIsolateMapsPerKeyAndNamespace()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = backend.getPartitionedState(0L, LongCodec.INSTANCE, LONG_STRING_MAP);
        for (long key = 0; key < 30; key++)
        {
            backend.setCurrentKey(key);
            for (long namespace = 0; namespace < 3; namespace++)
            {
                backend.getPartitionedState(namespace, LongCodec.INSTANCE, LONG_STRING_MAP);
                for (long userKey = 0; userKey <= key % 4; userKey++)
                {
                    map.put(userKey, key + "/" + namespace + "/" + userKey);
                }
            }
        }

        for (long key = 0; key < 30; key++)
        {
            backend.setCurrentKey(key);
            for (long namespace = 0; namespace < 3; namespace++)
            {
                backend.getPartitionedState(namespace, LongCodec.INSTANCE, LONG_STRING_MAP);
                final Map<Long, String> expected = new HashMap<>();
                for (long userKey = 0; userKey <= key % 4; userKey++)
                {
                    expected.put(userKey, key + "/" + namespace + "/" + userKey);
                }
                assertEquals(expected, entries(map), "key=" + key + ", namespace=" + namespace);
            }
        }
    }

    @Test
    public void shouldNotMixMapsOfKeysThatArePrefixesOfEachOther()
    {
        final KeyedStateBackend<String> backend = stringBackend();
        final MapState<String, String> map = mapState(backend, STRING_STRING_MAP);
        final int keyGroup = 3;
        backend.setCurrentKeyAndKeyGroup("a", keyGroup);
        map.put("bc", "a|bc");
        backend.setCurrentKeyAndKeyGroup("ab", keyGroup);
        map.put("c", "ab|c");
        backend.setCurrentKeyAndKeyGroup("", keyGroup);
        map.put("abc", "|abc");

        backend.setCurrentKeyAndKeyGroup("a", keyGroup);
        assertEquals(Map.of("bc", "a|bc"), entries(map));
        assertNull(map.get("c"));
        backend.setCurrentKeyAndKeyGroup("ab", keyGroup);
        assertEquals(Map.of("c", "ab|c"), entries(map));
        backend.setCurrentKeyAndKeyGroup("", keyGroup);
        assertEquals(Map.of("abc", "|abc"), entries(map));
        map.clear();
        backend.setCurrentKeyAndKeyGroup("a", keyGroup);
        assertEquals(Map.of("bc", "a|bc"), entries(map));
        assertEquals(Set.of("a", "ab"), keys(backend, STRING_STRING_MAP.getName(), VOID));
    }

    @Test
    public void shouldRejectNullMapKeyOrValuePuttingNothing()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.put(1L, "one");
        final Map<Long, String> nullValue = orderedMap(2L, "two", 3L, null);
        final Map<Long, String> nullKey = orderedMap(4L, "four", null, "null");

        assertRejected(() -> map.put(null, "x"));
        assertRejected(() -> map.put(2L, null));
        assertRejected(() -> map.putAll(nullValue));
        assertRejected(() -> map.putAll(nullKey));

        assertEquals(Map.of(1L, "one"), entries(map));
    }

    @Test
    public void shouldRejectMapValueLargerThanMaxValueLengthPuttingNothing()
    {
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .maxValueLength(100)
            .build());
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        map.put(1L, "v".repeat(100));

        assertThrows(StateValueTooLargeException.class, () -> map.put(1L, "v".repeat(101)));
        assertThrows(StateValueTooLargeException.class, () -> map.put(2L, "v".repeat(101)));
        assertThrows(StateValueTooLargeException.class, () -> map.putAll(orderedMap(3L, "ok", 4L, "v".repeat(500))));

        assertEquals(Map.of(1L, "v".repeat(100)), entries(map));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Reducing and aggregating state
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldReduceAddedValues()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ReducingState<Long> sum = backend.getPartitionedState(VOID, VOID_CODEC, SUM);
        backend.setCurrentKey(1L);

        assertNull(sum.get());
        sum.add(5L);
        assertEquals(5L, sum.get());
        sum.add(7L);
        sum.add(-2L);
        assertEquals(10L, sum.get());
        backend.setCurrentKey(2L);
        assertNull(sum.get());
        sum.add(1L);
        backend.setCurrentKey(1L);
        assertEquals(10L, sum.get());

        sum.clear();
        assertNull(sum.get());
        sum.add(3L);
        assertEquals(3L, sum.get());
    }

    @Test
    public void shouldLeaveReducingStateUnchangedWhenFunctionThrows()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ReducingStateDescriptor<Long> failing = new ReducingStateDescriptor<>("failing", (a, b) ->
        {
            if (b < 0)
            {
                throw new Exception("negative input " + b);
            }
            return a + b;
        }, LongCodec.INSTANCE);
        final ReducingState<Long> state = backend.getPartitionedState(VOID, VOID_CODEC, failing);
        backend.setCurrentKey(1L);
        state.add(4L);
        state.add(5L);

        assertThrows(Exception.class, () -> state.add(-1L));

        assertEquals(9L, state.get());
    }

    @Test
    public void shouldRejectNullReducingAndAggregatingInputLeavingStateUnchanged()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ReducingState<Long> sum = backend.getPartitionedState(VOID, VOID_CODEC, SUM);
        final AggregatingState<Long, Double> average = backend.getPartitionedState(VOID, VOID_CODEC, AVERAGE);
        backend.setCurrentKey(1L);
        sum.add(2L);
        average.add(2L);

        assertRejected(() -> sum.add(null));
        assertRejected(() -> average.add(null));

        assertEquals(2L, sum.get());
        assertEquals(2.0, average.get());
    }

    @Test
    public void shouldAggregateAddedValues()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final AggregatingState<Long, Double> average = backend.getPartitionedState(VOID, VOID_CODEC, AVERAGE);
        backend.setCurrentKey(1L);

        assertNull(average.get());
        average.add(1L);
        assertEquals(1.0, average.get());
        average.add(2L);
        average.add(3L);
        average.add(4L);
        assertEquals(2.5, average.get());
        backend.setCurrentKey(2L);
        assertNull(average.get());
        average.add(10L);
        assertEquals(10.0, average.get());
        backend.setCurrentKey(1L);
        assertEquals(2.5, average.get());

        average.clear();
        assertNull(average.get());
        average.add(6L);
        assertEquals(6.0, average.get());
    }

    @Test
    public void shouldLeaveAggregatingStateUnchangedWhenFunctionThrows()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final AggregatingState<Long, Double> average = backend.getPartitionedState(VOID, VOID_CODEC,
            new AggregatingStateDescriptor<>("failing-average", new Average(), SumCountCodec.INSTANCE));
        backend.setCurrentKey(1L);
        average.add(4L);
        average.add(6L);

        assertThrows(Exception.class, () -> average.add(Average.FAILING_INPUT));

        assertEquals(5.0, average.get());
    }

    // ---------------------------------------------------------------------------------------------------------
    // getKeys and applyToAllKeys
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldGetExactlyKeysWithValueInNamespace()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = backend.getPartitionedState(1L, LongCodec.INSTANCE, LONG_VALUE);
        final Set<Long> inOne = new HashSet<>();
        final Set<Long> inTwo = new HashSet<>();
        for (long key = 0; key < 300; key++)
        {
            backend.setCurrentKey(key);
            backend.getPartitionedState(key % 3 == 0 ? 2L : 1L, LongCodec.INSTANCE, LONG_VALUE);
            state.update(key);
            (key % 3 == 0 ? inTwo : inOne).add(key);
        }
        backend.getPartitionedState(1L, LongCodec.INSTANCE, LONG_VALUE);
        for (long key = 1; key < 300; key += 3)
        {
            backend.setCurrentKey(key);
            state.clear();
            inOne.remove(key);
        }

        assertEquals(inOne, keys(backend, LONG_VALUE.getName(), 1L));
        assertEquals(inTwo, keys(backend, LONG_VALUE.getName(), 2L));
        assertEquals(Set.of(), keys(backend, LONG_VALUE.getName(), 3L));
    }

    @Test
    public void shouldGetKeysOfListAndMapStateOnlyWhileNonEmpty()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = listState(backend, LONG_LIST);
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        for (long key = 0; key < 10; key++)
        {
            backend.setCurrentKey(key);
            list.add(key);
            map.put(key, "v");
        }
        backend.setCurrentKey(3L);
        list.clear();
        map.remove(3L);

        final Set<Long> expected = new HashSet<>(List.of(0L, 1L, 2L, 4L, 5L, 6L, 7L, 8L, 9L));
        assertEquals(expected, keys(backend, LONG_LIST.getName(), VOID));
        assertEquals(expected, keys(backend, LONG_STRING_MAP.getName(), VOID));
    }

    @Test
    public void shouldCollectKeysWhenGetKeysIsCalled()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        for (long key = 0; key < 1000; key++)
        {
            backend.setCurrentKey(key);
            state.update(key);
        }

        final List<Long> visited = new ArrayList<>();
        try (Stream<Long> keys = backend.getKeys(LONG_VALUE.getName(), VOID))
        {
            keys.forEach(key ->
            {
                visited.add(key);
                backend.setCurrentKey(key);
                state.clear();
                backend.setCurrentKey(key + 1_000_000);
                state.update(key);
            });
        }

        assertEquals(1000, visited.size());
        assertEquals(range(0, 1000), new HashSet<>(visited));
        final Set<Long> expected = new HashSet<>();
        for (long key = 0; key < 1000; key++)
        {
            expected.add(key + 1_000_000);
        }
        assertEquals(expected, keys(backend, LONG_VALUE.getName(), VOID));
    }

    @Test
    public void shouldRejectGetKeysOfUnknownState()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        valueState(backend, LONG_VALUE);

        assertThrows(IllegalArgumentException.class, () -> backend.getKeys("no-such-state", VOID));
    }

    @Test
    public void shouldApplyToEachKeyOnceAsCurrentKeyAndRestoreCurrentKey() throws Exception
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        for (long key = 0; key < 500; key++)
        {
            backend.setCurrentKey(key);
            state.update(key * 2);
        }
        backend.setCurrentKey(77_777L);
        final int keyGroup = backend.getCurrentKeyGroupIndex();
        final List<Long> visited = new ArrayList<>();

        backend.applyToAllKeys(VOID, VOID_CODEC, LONG_VALUE, (key, valueState) ->
        {
            assertEquals(key, backend.getCurrentKey());
            assertEquals(key * 2, valueState.value());
            visited.add(key);
        });

        assertEquals(500, visited.size());
        assertEquals(range(0, 500), new HashSet<>(visited));
        assertEquals(77_777L, backend.getCurrentKey());
        assertEquals(keyGroup, backend.getCurrentKeyGroupIndex());
    }

    @Test
    public void shouldAllowClearingAndUpdatingStateDuringApplyToAllKeys() throws Exception
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        for (long key = 0; key < 1000; key++)
        {
            backend.setCurrentKey(key);
            state.update(key);
        }
        final List<Long> visited = new ArrayList<>();

        backend.applyToAllKeys(VOID, VOID_CODEC, LONG_VALUE, (key, valueState) ->
        {
            visited.add(key);
            if (key % 2 == 0)
            {
                valueState.clear();
            }
            else
            {
                valueState.update(key * 10);
            }
        });

        assertEquals(1000, visited.size());
        assertEquals(range(0, 1000), new HashSet<>(visited));
        for (long key = 0; key < 1000; key++)
        {
            backend.setCurrentKey(key);
            assertEquals(key % 2 == 0 ? null : key * 10, state.value(), "key=" + key);
        }
        assertEquals(500, keys(backend, LONG_VALUE.getName(), VOID).size());
    }

    @Test
    public void shouldApplyOnlyToKeysOfTheGivenNamespace() throws Exception
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ListState<Long> list = backend.getPartitionedState(1L, LongCodec.INSTANCE, LONG_LIST);
        for (long key = 0; key < 100; key++)
        {
            backend.setCurrentKey(key);
            backend.getPartitionedState(key < 40 ? 1L : 2L, LongCodec.INSTANCE, LONG_LIST);
            list.add(key);
        }
        final Set<Long> visited = new HashSet<>();

        backend.applyToAllKeys(1L, LongCodec.INSTANCE, LONG_LIST, (key, listState) ->
        {
            assertEquals(List.of(key), listState.get());
            listState.clear();
            visited.add(key);
        });

        assertEquals(range(0, 40), visited);
        assertEquals(Set.of(), keys(backend, LONG_LIST.getName(), 1L));
        assertEquals(range(40, 100), keys(backend, LONG_LIST.getName(), 2L));
    }

    @Test
    public void shouldStopApplyToAllKeysAtFunctionException()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        for (long key = 0; key < 100; key++)
        {
            backend.setCurrentKey(key);
            state.update(key);
        }
        final List<Long> visited = new ArrayList<>();
        final Exception failure = new Exception("stop");

        final Exception thrown = assertThrows(Exception.class, () -> backend.applyToAllKeys(
            VOID, VOID_CODEC, LONG_VALUE, (key, valueState) ->
            {
                visited.add(key);
                if (visited.size() == 3)
                {
                    throw failure;
                }
            }));

        assertSame(failure, thrown);
        assertEquals(3, visited.size());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scale and memory
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldHoldManyKeysAcrossAllKeyGroups()
    {
        final int keyCount = 200_000;
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> state = valueState(backend, LONG_VALUE);
        final boolean[] keyGroupsSeen = new boolean[MAX_PARALLELISM];
        for (long key = 0; key < keyCount; key++)
        {
            backend.setCurrentKey(key);
            keyGroupsSeen[backend.getCurrentKeyGroupIndex()] = true;
            state.update(~key);
        }

        for (final boolean seen : keyGroupsSeen)
        {
            assertTrue(seen);
        }
        for (long key = 0; key < keyCount; key++)
        {
            backend.setCurrentKey(key);
            final Long value = state.value();
            if (value == null || value != ~key)
            {
                fail("key=" + key + ", value=" + value + "; expected " + ~key);
            }
        }
        for (long key = 0; key < keyCount; key += 2)
        {
            backend.setCurrentKey(key);
            state.clear();
        }
        for (long key = 0; key < keyCount; key++)
        {
            backend.setCurrentKey(key);
            final Long value = state.value();
            final Long expected = key % 2 == 0 ? null : ~key;
            if (value == null ? expected != null : !value.equals(expected))
            {
                fail("key=" + key + ", value=" + value + "; expected " + expected);
            }
        }
        try (Stream<Long> keys = backend.getKeys(LONG_VALUE.getName(), VOID))
        {
            final long[] found = keys.mapToLong(Long::longValue).sorted().toArray();
            assertEquals(keyCount / 2, found.length);
            for (int i = 0; i < found.length; i++)
            {
                assertEquals(2L * i + 1, found[i]);
            }
        }
    }

    @Test
    public void shouldGrowApproximateMemoryUsageAsStateIsAdded()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<byte[]> state = valueState(backend, BYTES_VALUE);
        final long before = backend.getApproximateMemoryUsage();
        assertTrue(before >= 0, "usage=" + before);
        final byte[] value = filled(1024, 1);

        long written = 0;
        long key = 0;
        long usage = before;
        while (usage <= before || usage < written)
        {
            if (written >= 48L << 20)
            {
                fail("usage=" + usage + " did not grow past " + before + " with " + written + " bytes written");
            }
            for (int i = 0; i < 1024; i++, key++)
            {
                backend.setCurrentKey(key);
                state.update(value);
                written += value.length;
            }
            usage = backend.getApproximateMemoryUsage();
        }

        assertTrue(usage > before);
        assertTrue(usage >= written, "usage=" + usage + ", written=" + written);
    }

    @Test
    public void shouldRefuseWriteBeyondMemoryBudgetAndAcceptWritesAfterClear()
    {
        final long budget = 1 << 20;
        final KeyedStateBackend<Long> backend = open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
            .memoryBudgetBytes(budget)
            .build());
        final ValueState<byte[]> state = valueState(backend, BYTES_VALUE);

        MemoryBudgetExceededException refused = null;
        long failingKey = -1;
        for (long key = 0; key < 100_000; key++)
        {
            backend.setCurrentKey(key);
            try
            {
                state.update(valueOfKey(key));
            }
            catch (final MemoryBudgetExceededException ex)
            {
                refused = ex;
                failingKey = key;
                break;
            }
        }

        assertNotNull(refused, "no write was refused with a budget of " + budget + " bytes");
        assertTrue(failingKey >= 64, "only " + failingKey + " values of 1 KiB fit in " + budget + " bytes");
        assertTrue(refused.getMessage().contains(Long.toString(budget)), refused.getMessage());
        assertEquals(budget, refused.getBudgetBytes());
        assertTrue(backend.getApproximateMemoryUsage() <= budget, "usage=" + backend.getApproximateMemoryUsage());
        backend.setCurrentKey(failingKey);
        assertNull(state.value());
        for (long key = 0; key < failingKey; key++)
        {
            backend.setCurrentKey(key);
            assertArrayEquals(valueOfKey(key), state.value(), "key=" + key);
        }

        for (long key = 0; key < failingKey / 2; key++)
        {
            backend.setCurrentKey(key);
            state.clear();
        }
        for (long key = failingKey; key < failingKey + 10; key++)
        {
            backend.setCurrentKey(key);
            state.update(valueOfKey(key));
        }
        for (long key = failingKey / 2; key < failingKey + 10; key++)
        {
            backend.setCurrentKey(key);
            assertArrayEquals(valueOfKey(key), state.value(), "key=" + key);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Registration of states
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldReturnOneStateObjectPerName()
    {
        final KeyedStateBackend<Long> backend = longBackend();

        final ValueState<Long> first = valueState(backend, LONG_VALUE);
        final ValueState<Long> second = valueState(backend, new ValueStateDescriptor<>(LONG_VALUE.getName(),
            LongCodec.INSTANCE));

        assertSame(first, second);
        assertSame(first, valueState(backend, LONG_VALUE));
    }

    @Test
    public void shouldRejectStateNameReusedWithAnotherCodecKindOrNamespaceCodec()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> original = valueState(backend, LONG_VALUE);
        backend.setCurrentKey(1L);
        original.update(11L);
        final String name = LONG_VALUE.getName();

        assertThrows(IncompatibleStateException.class,
            () -> backend.getPartitionedState(VOID, VOID_CODEC,
                new ValueStateDescriptor<>(name, StringCodec.INSTANCE)));
        assertThrows(IncompatibleStateException.class,
            () -> backend.getPartitionedState(VOID, VOID_CODEC, new ListStateDescriptor<>(name, LongCodec.INSTANCE)));
        assertThrows(IncompatibleStateException.class,
            () -> backend.getPartitionedState(VOID, VOID_CODEC, new ReducingStateDescriptor<>(name, Long::sum,
                LongCodec.INSTANCE)));
        assertThrows(IncompatibleStateException.class,
            () -> backend.getPartitionedState(1L, LongCodec.INSTANCE, LONG_VALUE));
        assertThrows(IncompatibleStateException.class,
            () -> backend.createState(new MapStateDescriptor<>(name, LongCodec.INSTANCE, LongCodec.INSTANCE),
                VOID_CODEC));

        assertEquals(11L, original.value());
        assertSame(original, valueState(backend, LONG_VALUE));
        original.update(12L);
        assertEquals(12L, original.value());
    }

    @Test
    public void shouldCreateInternalStateThatSwitchesNamespaces()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final InternalKvState<Long, ValueState<String>> internal =
            backend.createState(STRING_VALUE, LongCodec.INSTANCE);

        assertNull(internal.getCurrentNamespace());
        assertTrue(STRING_VALUE.isCompatibleWith(internal.getDescriptor()));
        assertEquals(LongCodec.INSTANCE.codecId(), internal.getNamespaceCodec().codecId());
        final ValueState<String> state = internal.state();
        assertSame(state, internal.state());
        backend.setCurrentKey(1L);

        internal.setCurrentNamespace(1L);
        state.update("one");
        internal.setCurrentNamespace(2L);
        assertEquals(2L, internal.getCurrentNamespace());
        assertNull(state.value());
        state.update("two");
        internal.setCurrentNamespace(1L);
        assertEquals("one", state.value());

        assertSame(state, backend.getPartitionedState(2L, LongCodec.INSTANCE, STRING_VALUE));
        assertEquals(2L, internal.getCurrentNamespace());
        assertEquals("two", state.value());
        assertSame(state, backend.createState(STRING_VALUE, LongCodec.INSTANCE).state());
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lifecycle
    // ---------------------------------------------------------------------------------------------------------

    @Test
    public void shouldRejectEveryOperationAfterIdempotentClose()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> value = valueState(backend, LONG_VALUE);
        final ListState<Long> list = listState(backend, LONG_LIST);
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        value.update(1L);
        list.add(1L);
        map.put(1L, "one");

        backend.close();
        backend.close();

        assertRejectedAfterClose(backend, value, list, map);
    }

    @Test
    public void shouldRejectEveryOperationAfterIdempotentDispose()
    {
        final KeyedStateBackend<Long> backend = longBackend();
        final ValueState<Long> value = valueState(backend, LONG_VALUE);
        final ListState<Long> list = listState(backend, LONG_LIST);
        final MapState<Long, String> map = mapState(backend, LONG_STRING_MAP);
        backend.setCurrentKey(1L);
        value.update(1L);

        backend.dispose();
        backend.dispose();
        backend.close();

        assertRejectedAfterClose(backend, value, list, map);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Creates a backend through {@link #createBackend} and closes it after the test.
     *
     * @param parameters what the backend is for.
     * @param <K>        the key type.
     * @return the backend.
     */
    protected final <K> KeyedStateBackend<K> open(final KeyedStateBackendParameters<K> parameters)
    {
        final KeyedStateBackend<K> backend = createBackend(parameters);
        assertNotNull(backend, "createBackend returned null");
        openBackends.add(backend);
        return backend;
    }

    private KeyedStateBackend<Long> longBackend()
    {
        return open(KeyedStateBackendParameters.builder(LongCodec.INSTANCE).numberOfKeyGroups(MAX_PARALLELISM).build());
    }

    private KeyedStateBackend<String> stringBackend()
    {
        return open(KeyedStateBackendParameters.builder(StringCodec.INSTANCE).numberOfKeyGroups(MAX_PARALLELISM)
            .build());
    }

    private static <K, V> ValueState<V> valueState(
        final KeyedStateBackend<K> backend, final ValueStateDescriptor<V> descriptor)
    {
        return backend.getPartitionedState(VOID, VOID_CODEC, descriptor);
    }

    private static <K, V> ListState<V> listState(
        final KeyedStateBackend<K> backend, final ListStateDescriptor<V> descriptor)
    {
        return backend.getPartitionedState(VOID, VOID_CODEC, descriptor);
    }

    private static <K, UK, UV> MapState<UK, UV> mapState(
        final KeyedStateBackend<K> backend, final MapStateDescriptor<UK, UV> descriptor)
    {
        return backend.getPartitionedState(VOID, VOID_CODEC, descriptor);
    }

    /** The keys of a state in a namespace, checking that the stream names each once. */
    private static <K, N> Set<K> keys(final KeyedStateBackend<K> backend, final String stateName, final N namespace)
    {
        try (Stream<K> stream = backend.getKeys(stateName, namespace))
        {
            final List<K> list = stream.collect(Collectors.toList());
            final Set<K> set = new HashSet<>(list);
            assertEquals(list.size(), set.size(), "getKeys named a key twice: " + list);
            return set;
        }
    }

    /** The entries of the current map, read through its iterator, checking that it names each key once. */
    private static <UK, UV> Map<UK, UV> entries(final MapState<UK, UV> map)
    {
        final Map<UK, UV> entries = new HashMap<>();
        final Iterator<Map.Entry<UK, UV>> iterator = map.iterator();
        while (iterator.hasNext())
        {
            final Map.Entry<UK, UV> entry = iterator.next();
            assertNull(entries.put(entry.getKey(), entry.getValue()), "iterator named a key twice: " + entry);
        }
        assertEquals(entries.isEmpty(), map.isEmpty());
        return entries;
    }

    private static void assertRejected(final Executable executable)
    {
        final RuntimeException ex = assertThrows(RuntimeException.class, executable);
        assertTrue(ex instanceof IllegalArgumentException || ex instanceof NullPointerException,
            "expected IllegalArgumentException or NullPointerException, got " + ex);
    }

    private static void assertRejectedAfterClose(
        final KeyedStateBackend<Long> backend,
        final ValueState<Long> value,
        final ListState<Long> list,
        final MapState<Long, String> map)
    {
        assertThrows(IllegalStateException.class, () -> backend.setCurrentKey(2L));
        assertThrows(IllegalStateException.class, () -> backend.setCurrentKeyAndKeyGroup(2L, 0));
        assertThrows(IllegalStateException.class, () -> backend.getPartitionedState(VOID, VOID_CODEC, LONG_VALUE));
        assertThrows(IllegalStateException.class, () -> backend.getPartitionedState(VOID, VOID_CODEC,
            new ValueStateDescriptor<>("new-after-close", LongCodec.INSTANCE)));
        assertThrows(IllegalStateException.class, () -> backend.createState(LONG_LIST, VOID_CODEC));
        assertThrows(IllegalStateException.class, () -> backend.getKeys(LONG_VALUE.getName(), VOID));
        assertThrows(IllegalStateException.class,
            () -> backend.applyToAllKeys(VOID, VOID_CODEC, LONG_VALUE, (key, state) -> state.clear()));
        assertThrows(IllegalStateException.class, value::value);
        assertThrows(IllegalStateException.class, () -> value.update(3L));
        assertThrows(IllegalStateException.class, value::clear);
        assertThrows(IllegalStateException.class, list::get);
        assertThrows(IllegalStateException.class, () -> list.add(3L));
        assertThrows(IllegalStateException.class, () -> map.get(1L));
        assertThrows(IllegalStateException.class, () -> map.put(3L, "three"));
        assertThrows(IllegalStateException.class, map::iterator);
    }

    private static long firstLongKeyInKeyGroups(final int start, final int end, final long from)
    {
        for (long key = from; ; key++)
        {
            final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM);
            if (keyGroup >= start && keyGroup <= end)
            {
                return key;
            }
        }
    }

    private static long firstLongKeyOutsideKeyGroups(final int start, final int end)
    {
        for (long key = 0; ; key++)
        {
            final int keyGroup = KeyGroupRangeAssignment.assignToKeyGroup(Long.hashCode(key), MAX_PARALLELISM);
            if (keyGroup < start || keyGroup > end)
            {
                return key;
            }
        }
    }

    /** A map that iterates {@code k1} first, so that a put-as-you-go putAll shows. */
    private static <UK, UV> Map<UK, UV> orderedMap(final UK k1, final UV v1, final UK k2, final UV v2)
    {
        final Map<UK, UV> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static Set<Long> range(final long from, final long to)
    {
        final Set<Long> set = new HashSet<>();
        for (long i = from; i < to; i++)
        {
            set.add(i);
        }
        return set;
    }

    private static List<String> sorted(final Iterable<String> values)
    {
        final List<String> list = new ArrayList<>();
        values.forEach(list::add);
        list.sort(null);
        return list;
    }

    private static byte[] filled(final int length, final int value)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }

    private static byte[] valueOfKey(final long key)
    {
        final byte[] bytes = filled(1024, (int)key);
        bytes[0] = (byte)(key >>> 8);
        return bytes;
    }

    /** The accumulator of {@link Average}: a sum and a count. */
    private record SumCount(long sum, long count)
    {
    }

    /** Stores a {@link SumCount} as two big-endian longs. */
    private static final class SumCountCodec implements Codec<SumCount>
    {
        static final SumCountCodec INSTANCE = new SumCountCodec();

        @Override
        public int fixedLength()
        {
            return 2 * Long.BYTES;
        }

        @Override
        public int encodedLength(final SumCount value)
        {
            return 2 * Long.BYTES;
        }

        @Override
        public int encode(final SumCount value, final MutableDirectBuffer buffer, final int offset)
        {
            buffer.putLong(offset, value.sum(), ByteOrder.BIG_ENDIAN);
            buffer.putLong(offset + Long.BYTES, value.count(), ByteOrder.BIG_ENDIAN);
            return 2 * Long.BYTES;
        }

        @Override
        public SumCount decode(final DirectBuffer buffer, final int offset, final int length)
        {
            return new SumCount(
                buffer.getLong(offset, ByteOrder.BIG_ENDIAN),
                buffer.getLong(offset + Long.BYTES, ByteOrder.BIG_ENDIAN));
        }

        @Override
        public String codecId()
        {
            return "test.sum-count";
        }
    }

    /** The average of the inputs; {@link #FAILING_INPUT} makes it fail. */
    private static final class Average implements AggregateFunction<Long, SumCount, Double>
    {
        static final long FAILING_INPUT = Long.MIN_VALUE;

        @Override
        public SumCount createAccumulator()
        {
            return new SumCount(0, 0);
        }

        @Override
        public SumCount add(final Long value, final SumCount accumulator)
        {
            if (value == FAILING_INPUT)
            {
                throw new ArithmeticException("input=" + value + " would overflow the sum");
            }
            return new SumCount(accumulator.sum() + value, accumulator.count() + 1);
        }

        @Override
        public Double getResult(final SumCount accumulator)
        {
            return (double)accumulator.sum() / accumulator.count();
        }

        @Override
        public SumCount merge(final SumCount a, final SumCount b)
        {
            return new SumCount(a.sum() + b.sum(), a.count() + b.count());
        }
    }
}

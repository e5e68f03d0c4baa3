package io.cairn.state;

import java.util.List;

import io.cairn.codec.BooleanCodec;
import io.cairn.codec.Codec;
import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Validation of descriptors and the compatibility rule a backend applies when a state name is reused. */
class StateDescriptorTest
{
    private static final ReduceFunction<Long> SUM = Long::sum;

    @Test
    void shouldRejectNullOrEmptyName()
    {
        assertMessageContains("name=null", () -> new ValueStateDescriptor<>(null, LongCodec.INSTANCE));
        assertMessageContains("name=\"\"", () -> new ValueStateDescriptor<>("", LongCodec.INSTANCE));
        assertMessageContains("name=null", () -> new ListStateDescriptor<>(null, LongCodec.INSTANCE));
        assertMessageContains("name=\"\"",
            () -> new MapStateDescriptor<>("", LongCodec.INSTANCE, LongCodec.INSTANCE));
        assertMessageContains("name=null", () -> new ReducingStateDescriptor<>(null, SUM, LongCodec.INSTANCE));
        assertMessageContains("name=\"\"", () -> new AggregatingStateDescriptor<>("", new Count(), LongCodec.INSTANCE));
    }

    @Test
    void shouldRejectNullCodecsAndFunctions()
    {
        assertMessageContains("valueCodec=null", () -> new ValueStateDescriptor<Long>("v", null));
        assertMessageContains("valueCodec=null", () -> new ValueStateDescriptor<>("v", null, 1L));
        assertMessageContains("elementCodec=null", () -> new ListStateDescriptor<Long>("l", null));
        assertMessageContains("userKeyCodec=null", () -> new MapStateDescriptor<Long, Long>("m", null,
            LongCodec.INSTANCE));
        assertMessageContains("userValueCodec=null", () -> new MapStateDescriptor<Long, Long>("m",
            LongCodec.INSTANCE, null));
        assertMessageContains("reduceFunction=null", () -> new ReducingStateDescriptor<>("r", null,
            LongCodec.INSTANCE));
        assertMessageContains("valueCodec=null", () -> new ReducingStateDescriptor<>("r", SUM, null));
        assertMessageContains("aggregateFunction=null", () -> new AggregatingStateDescriptor<Long, Long, Long>("a",
            null, LongCodec.INSTANCE));
        assertMessageContains("accumulatorCodec=null", () -> new AggregatingStateDescriptor<>("a", new Count(),
            null));
    }

    @Test
    void shouldExposeNameTypeCodecsAndFunctions()
    {
        final ValueStateDescriptor<Long> value = new ValueStateDescriptor<>("v", LongCodec.INSTANCE, 7L);
        final MapStateDescriptor<String, Integer> map =
            new MapStateDescriptor<>("m", StringCodec.INSTANCE, IntCodec.INSTANCE);
        final ReducingStateDescriptor<Long> reducing = new ReducingStateDescriptor<>("r", SUM, LongCodec.INSTANCE);
        final Count count = new Count();
        final AggregatingStateDescriptor<Long, Long, Long> aggregating =
            new AggregatingStateDescriptor<>("a", count, LongCodec.INSTANCE);

        assertEquals("v", value.getName());
        assertEquals(StateType.VALUE, value.getType());
        assertEquals(7L, value.getDefaultValue());
        assertNull(new ValueStateDescriptor<>("v", LongCodec.INSTANCE).getDefaultValue());
        assertSame(LongCodec.INSTANCE, value.getValueCodec());
        assertEquals(StateType.LIST, new ListStateDescriptor<>("l", LongCodec.INSTANCE).getType());
        assertEquals(StateType.MAP, map.getType());
        assertEquals(List.of(StringCodec.INSTANCE, IntCodec.INSTANCE), map.getCodecs());
        assertSame(StringCodec.INSTANCE, map.getUserKeyCodec());
        assertSame(IntCodec.INSTANCE, map.getUserValueCodec());
        assertEquals(StateType.REDUCING, reducing.getType());
        assertSame(SUM, reducing.getReduceFunction());
        assertEquals(StateType.AGGREGATING, aggregating.getType());
        assertSame(count, aggregating.getAggregateFunction());
        assertSame(LongCodec.INSTANCE, aggregating.getAccumulatorCodec());
    }

    @Test
    void shouldBeCompatibleWithSameNameTypeAndCodecs()
    {
        final ValueStateDescriptor<Long> a = new ValueStateDescriptor<>("count", LongCodec.INSTANCE);
        final ValueStateDescriptor<Long> b = new ValueStateDescriptor<>("count", LongCodec.INSTANCE, 5L);

        assertTrue(a.isCompatibleWith(b));
        assertTrue(b.isCompatibleWith(a));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void shouldBeCompatibleWithAnotherCodecInstanceOfTheSameId()
    {
        final Codec<Long> sameId = new LongCodecCopy();

        assertTrue(new ValueStateDescriptor<>("v", LongCodec.INSTANCE)
            .isCompatibleWith(new ValueStateDescriptor<>("v", sameId)));
    }

    @Test
    void shouldBeIncompatibleWithAnotherName()
    {
        assertFalse(new ValueStateDescriptor<>("a", LongCodec.INSTANCE)
            .isCompatibleWith(new ValueStateDescriptor<>("b", LongCodec.INSTANCE)));
        assertNotEquals(new ValueStateDescriptor<>("a", LongCodec.INSTANCE),
            new ValueStateDescriptor<>("b", LongCodec.INSTANCE));
    }

    @Test
    void shouldBeIncompatibleWithAnotherType()
    {
        final ValueStateDescriptor<Long> value = new ValueStateDescriptor<>("s", LongCodec.INSTANCE);
        final ListStateDescriptor<Long> list = new ListStateDescriptor<>("s", LongCodec.INSTANCE);
        final ReducingStateDescriptor<Long> reducing = new ReducingStateDescriptor<>("s", SUM, LongCodec.INSTANCE);
        final AggregatingStateDescriptor<Long, Long, Long> aggregating =
            new AggregatingStateDescriptor<>("s", new Count(), LongCodec.INSTANCE);

        assertFalse(value.isCompatibleWith(list));
        assertFalse(list.isCompatibleWith(value));
        assertFalse(value.isCompatibleWith(reducing));
        assertFalse(reducing.isCompatibleWith(aggregating));
        assertNotEquals(value, list);
    }

    @Test
    void shouldBeIncompatibleWithAnotherCodec()
    {
        assertFalse(new ValueStateDescriptor<>("v", LongCodec.INSTANCE)
            .isCompatibleWith(new ValueStateDescriptor<>("v", IntCodec.INSTANCE)));
        assertFalse(new ListStateDescriptor<>("l", StringCodec.INSTANCE)
            .isCompatibleWith(new ListStateDescriptor<>("l", BooleanCodec.INSTANCE)));
    }

    @Test
    void shouldCompareMapCodecsInKeyThenValueOrder()
    {
        final MapStateDescriptor<Long, String> a =
            new MapStateDescriptor<>("m", LongCodec.INSTANCE, StringCodec.INSTANCE);
        final MapStateDescriptor<String, Long> swapped =
            new MapStateDescriptor<>("m", StringCodec.INSTANCE, LongCodec.INSTANCE);
        final MapStateDescriptor<Long, Long> otherValue =
            new MapStateDescriptor<>("m", LongCodec.INSTANCE, LongCodec.INSTANCE);

        assertTrue(a.isCompatibleWith(new MapStateDescriptor<>("m", LongCodec.INSTANCE, StringCodec.INSTANCE)));
        assertFalse(a.isCompatibleWith(swapped));
        assertFalse(a.isCompatibleWith(otherValue));
    }

    @Test
    void shouldNameStateTypeAndCodecsInToString()
    {
        final String text = new MapStateDescriptor<>("visits", LongCodec.INSTANCE, StringCodec.INSTANCE).toString();

        assertTrue(text.contains("visits"), text);
        assertTrue(text.contains("MAP"), text);
        assertTrue(text.contains("cairn.long"), text);
        assertTrue(text.contains("cairn.string-utf8"), text);
    }

    private static void assertMessageContains(final String expected, final Executable executable)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, executable);
        assertTrue(ex.getMessage() != null && ex.getMessage().contains(expected),
            "message=" + ex.getMessage() + "; expected it to contain " + expected);
    }

    /** Counts the inputs. */
    private static final class Count implements AggregateFunction<Long, Long, Long>
    {
        @Override
        public Long createAccumulator()
        {
            return 0L;
        }

        @Override
        public Long add(final Long value, final Long accumulator)
        {
            return accumulator + 1;
        }

        @Override
        public Long getResult(final Long accumulator)
        {
            return accumulator;
        }

        @Override
        public Long merge(final Long a, final Long b)
        {
            return a + b;
        }
    }

    /** Another codec object that reads and writes LongCodec's bytes and says so by its id. */
    private static final class LongCodecCopy implements Codec<Long>
    {
        @Override
        public int fixedLength()
        {
            return LongCodec.INSTANCE.fixedLength();
        }

        @Override
        public int encodedLength(final Long value)
        {
            return LongCodec.INSTANCE.encodedLength(value);
        }

        @Override
        public int encode(final Long value, final org.agrona.MutableDirectBuffer buffer, final int offset)
        {
            return LongCodec.INSTANCE.encode(value, buffer, offset);
        }

        @Override
        public Long decode(final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
            return LongCodec.INSTANCE.decode(buffer, offset, length);
        }

        @Override
        public String codecId()
        {
            return LongCodec.INSTANCE.codecId();
        }
    }
}

package io.cairn.property;

import java.util.List;

import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.state.AggregatingStateDescriptor;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;
import io.cairn.state.ReducingStateDescriptor;
import io.cairn.state.ValueStateDescriptor;

/**
 * The states a generated sequence works on, and the namespaces it switches between.
 *
 * <p>Each state keeps one namespace codec for its whole life: {@code text} and {@code map} are namespaced by
 * {@code Long}, {@code list} and {@code avg} by {@code String}, {@code count} and {@code sum} have none
 * ({@link io.cairn.codec.VoidNamespace}). A sequence chooses a namespace <em>index</em>, {@code 0..3}; each state
 * maps it to its own namespace, and namespace-less states ignore it.
 */
final class StateCatalog
{
    /** Variable-length values: in-place and relocating updates. */
    static final ValueStateDescriptor<String> TEXT = new ValueStateDescriptor<>("text", StringCodec.INSTANCE);

    /** Fixed-length values with a default value. */
    static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", LongCodec.INSTANCE, 0L);

    /** Variable-length elements. */
    static final ListStateDescriptor<String> LIST = new ListStateDescriptor<>("list", StringCodec.INSTANCE);

    /** Fixed-length map keys, variable-length map values. */
    static final MapStateDescriptor<Integer, String> MAP =
        new MapStateDescriptor<>("map", IntCodec.INSTANCE, StringCodec.INSTANCE);

    /** A running sum. */
    static final ReducingStateDescriptor<Long> SUM =
        new ReducingStateDescriptor<>("sum", Long::sum, LongCodec.INSTANCE);

    /** A running average, stored as a {@link CountSum}. */
    static final AggregatingStateDescriptor<Long, CountSum, Double> AVG =
        new AggregatingStateDescriptor<>("avg", new AverageFunction(), CountSumCodec.INSTANCE);

    /** The namespaces of {@code Long}-namespaced states, by namespace index. */
    static final List<Long> LONG_NAMESPACES = List.of(0L, 1L, -1L, Long.MAX_VALUE);

    /** The namespaces of {@code String}-namespaced states, by namespace index; "" encodes to zero bytes. */
    static final List<String> STRING_NAMESPACES = List.of("", "a", "window-17", "\u00e9t\u00e9-\u4e2d");

    /** How many namespace indexes there are. */
    static final int NAMESPACE_COUNT = 4;

    private StateCatalog()
    {
    }
}

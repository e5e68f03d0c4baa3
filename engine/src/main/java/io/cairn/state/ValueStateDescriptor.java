package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;

/**
 * Describes a {@link ValueState}.
 *
 * @param <V> the value type.
 */
public final class ValueStateDescriptor<V> extends StateDescriptor<ValueState<V>>
{
    private final Codec<V> valueCodec;
    private final V defaultValue;

    /**
     * A value state whose absent values read as null.
     *
     * @param name       the state's name.
     * @param valueCodec how values are stored.
     */
    public ValueStateDescriptor(final String name, final Codec<V> valueCodec)
    {
        this(name, valueCodec, null);
    }

    /**
     * A value state whose absent values read as {@code defaultValue}.
     *
     * @param name         the state's name.
     * @param valueCodec   how values are stored.
     * @param defaultValue what {@link ValueState#value()} returns when there is no value; it is returned as is,
     *                     so it should be immutable.
     */
    public ValueStateDescriptor(final String name, final Codec<V> valueCodec, final V defaultValue)
    {
        super(name, StateType.VALUE);
        this.valueCodec = requireArgument(valueCodec, "valueCodec");
        this.defaultValue = defaultValue;
    }

    /** @return how values are stored. */
    public Codec<V> getValueCodec()
    {
        return valueCodec;
    }

    /** @return the value read when there is none, possibly null. */
    public V getDefaultValue()
    {
        return defaultValue;
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(valueCodec);
    }
}

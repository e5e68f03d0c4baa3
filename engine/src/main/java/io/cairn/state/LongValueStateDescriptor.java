package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;

/**
 * Describes a {@link LongValueState}: a value state of {@link LongCodec} values, compatible with a
 * {@code ValueStateDescriptor<Long>} of the same name and codec.
 */
public final class LongValueStateDescriptor extends StateDescriptor<LongValueState>
{
    /**
     * @param name the state's name.
     */
    public LongValueStateDescriptor(final String name)
    {
        super(name, StateType.VALUE);
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(LongCodec.INSTANCE);
    }
}

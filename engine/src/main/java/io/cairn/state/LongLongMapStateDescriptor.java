package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;
import io.cairn.codec.LongCodec;

/**
 * Describes a {@link LongLongMapState}: a map state of {@link LongCodec} keys and values, compatible with a
 * {@code MapStateDescriptor<Long, Long>} of the same name and codecs.
 */
public final class LongLongMapStateDescriptor extends StateDescriptor<LongLongMapState>
{
    /**
     * @param name the state's name.
     */
    public LongLongMapStateDescriptor(final String name)
    {
        super(name, StateType.MAP);
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(LongCodec.INSTANCE, LongCodec.INSTANCE);
    }
}

package io.cairn.state;

import java.util.List;

import io.cairn.codec.Codec;

/**
 * Describes a {@link MapState}.
 *
 * @param <UK> the map's key type.
 * @param <UV> the map's value type.
 */
public final class MapStateDescriptor<UK, UV> extends StateDescriptor<MapState<UK, UV>>
{
    private final Codec<UK> userKeyCodec;
    private final Codec<UV> userValueCodec;

    /**
     * @param name           the state's name.
     * @param userKeyCodec   how map keys are stored.
     * @param userValueCodec how map values are stored.
     */
    public MapStateDescriptor(final String name, final Codec<UK> userKeyCodec, final Codec<UV> userValueCodec)
    {
        super(name, StateType.MAP);
        this.userKeyCodec = requireArgument(userKeyCodec, "userKeyCodec");
        this.userValueCodec = requireArgument(userValueCodec, "userValueCodec");
    }

    /** @return how map keys are stored. */
    public Codec<UK> getUserKeyCodec()
    {
        return userKeyCodec;
    }

    /** @return how map values are stored. */
    public Codec<UV> getUserValueCodec()
    {
        return userValueCodec;
    }

    @Override
    public List<Codec<?>> getCodecs()
    {
        return List.of(userKeyCodec, userValueCodec);
    }
}

package io.cairn.peers.chronicle;

import java.util.Map;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendFactory;
import io.cairn.codec.LongCodec;

/**
 * The peer {@value #NAME}: Chronicle Map, an off-heap hash map, as a raw {@code Long} to {@code Long} map behind
 * Cairn's backend SPI, for {@code ValueStateBenchmark} only (see {@link ChronicleMapKeyedStateBackend}).
 *
 * <p>Option: {@value #ENTRIES} sets the number of entries each state's map is sized for (default
 * {@value #DEFAULT_ENTRIES}, room for the benchmark's 500,000 setup keys and 500,000 new keys).
 */
public final class ChronicleMapStateBackendFactory implements StateBackendFactory
{
    /** The name the peer is selected by: {@code -p backend=chronicle-map}. */
    public static final String NAME = "chronicle-map";

    /** The configuration key of the number of entries each map is sized for. */
    public static final String ENTRIES = "chronicle-map.entries";

    /** The number of entries each map is sized for unless {@value #ENTRIES} says otherwise. */
    public static final long DEFAULT_ENTRIES = 1L << 20;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public StateBackend createFromConfig(final Map<String, String> config)
    {
        final String configured = config.get(ENTRIES);
        final long entries;
        try
        {
            entries = configured == null ? DEFAULT_ENTRIES : Long.parseLong(configured.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(ENTRIES + "=" + configured + "; expected a positive number", ex);
        }
        if (entries <= 0)
        {
            throw new IllegalArgumentException(ENTRIES + "=" + configured + "; expected a positive number");
        }
        return new Backend(entries);
    }

    private static final class Backend implements StateBackend
    {
        private final long entries;

        Backend(final long entries)
        {
            this.entries = entries;
        }

        @Override
        public String getName()
        {
            return NAME;
        }

        @Override
        @SuppressWarnings("unchecked") // checked: the key codec is LongCodec, so K is Long
        public <K> KeyedStateBackend<K> createKeyedStateBackend(final KeyedStateBackendParameters<K> parameters)
        {
            if (parameters.getKeyCodec() != LongCodec.INSTANCE)
            {
                throw new UnsupportedOperationException("keyCodec=" + parameters.getKeyCodec().codecId() +
                    "; the " + NAME + " peer has only Long keys (LongCodec)");
            }
            return (KeyedStateBackend<K>)(KeyedStateBackend<?>)new ChronicleMapKeyedStateBackend(
                parameters.getKeyGroupRange(), parameters.getNumberOfKeyGroups(), entries);
        }
    }
}

package io.cairn.backend;

import java.util.Locale;
import java.util.Map;

/**
 * How a keyed backend writes checkpoints: whole, or incrementally (per key group, only what changed since the last
 * completed checkpoint, on top of a bounded chain of earlier streams). Savepoints are always whole.
 *
 * <p>A key group's chain is a base and at most {@link #maxDeltaChainLength()} deltas. A checkpoint writes a new
 * base for a key group instead of a delta when the chain would grow past that bound, or when its deltas would
 * together hold more than {@link #rebaseThreshold()} times the key group's current size: so a restore reads at most
 * about {@code 1 + rebaseThreshold} times the state it loads.
 *
 * <p>Configuration keys: {@value #INCREMENTAL} ({@code true} or {@code false}), {@value #MAX_DELTA_CHAIN_LENGTH}
 * (an integer, 0 to {@value #MAX_CHAIN_LENGTH_LIMIT}; 0 writes every key group whole) and
 * {@value #REBASE_THRESHOLD} (a number greater than 0 and at most {@value #MAX_REBASE_THRESHOLD}).
 */
public final class IncrementalCheckpointSettings
{
    /** Whether checkpoints are incremental. */
    public static final String INCREMENTAL = "execution.checkpointing.incremental";
    /** How many deltas a key group's chain holds at most. */
    public static final String MAX_DELTA_CHAIN_LENGTH = "execution.checkpointing.incremental.max-chain-length";
    /** How large a key group's deltas may grow, as a fraction of its current size, before it is re-based. */
    public static final String REBASE_THRESHOLD = "execution.checkpointing.incremental.rebase-threshold";

    /** The default chain bound. */
    public static final int DEFAULT_MAX_DELTA_CHAIN_LENGTH = 4;
    /** The default re-base threshold. */
    public static final double DEFAULT_REBASE_THRESHOLD = 0.25;
    /** The largest chain bound accepted. */
    public static final int MAX_CHAIN_LENGTH_LIMIT = 64;
    /** The largest re-base threshold accepted. */
    public static final double MAX_REBASE_THRESHOLD = 10.0;
    /**
     * After this many checkpoints in a row ended without completing, a backend writes its next checkpoint whole
     * (both backends): if they failed because what the last completed checkpoint references is gone (a coordinator
     * that deleted it, a storage that lost it), building on it again would fail forever.
     */
    public static final int ABORTS_BEFORE_WHOLE = 2;

    /** Whole checkpoints. */
    public static final IncrementalCheckpointSettings FULL =
        new IncrementalCheckpointSettings(false, DEFAULT_MAX_DELTA_CHAIN_LENGTH, DEFAULT_REBASE_THRESHOLD);
    /** Incremental checkpoints with the default bounds. */
    public static final IncrementalCheckpointSettings INCREMENTAL_DEFAULTS =
        new IncrementalCheckpointSettings(true, DEFAULT_MAX_DELTA_CHAIN_LENGTH, DEFAULT_REBASE_THRESHOLD);

    private final boolean enabled;
    private final int maxDeltaChainLength;
    private final double rebaseThreshold;

    private IncrementalCheckpointSettings(
        final boolean enabled, final int maxDeltaChainLength, final double rebaseThreshold)
    {
        this.enabled = enabled;
        this.maxDeltaChainLength = maxDeltaChainLength;
        this.rebaseThreshold = rebaseThreshold;
    }

    /**
     * @param enabled             whether checkpoints are incremental.
     * @param maxDeltaChainLength deltas per key group at most, 0 to {@value #MAX_CHAIN_LENGTH_LIMIT}.
     * @param rebaseThreshold     deltas' size as a fraction of the key group's, above 0 and at most
     *                            {@value #MAX_REBASE_THRESHOLD}.
     * @return the settings.
     * @throws IllegalArgumentException if a bound is out of range.
     */
    public static IncrementalCheckpointSettings of(
        final boolean enabled, final int maxDeltaChainLength, final double rebaseThreshold)
    {
        if (maxDeltaChainLength < 0 || maxDeltaChainLength > MAX_CHAIN_LENGTH_LIMIT)
        {
            throw new IllegalArgumentException(MAX_DELTA_CHAIN_LENGTH + "=" + maxDeltaChainLength +
                "; expected an integer from 0 to " + MAX_CHAIN_LENGTH_LIMIT);
        }
        if (!(rebaseThreshold > 0) || rebaseThreshold > MAX_REBASE_THRESHOLD)
        {
            throw new IllegalArgumentException(REBASE_THRESHOLD + "=" + rebaseThreshold +
                "; expected a number greater than 0 and at most " + MAX_REBASE_THRESHOLD);
        }
        return new IncrementalCheckpointSettings(enabled, maxDeltaChainLength, rebaseThreshold);
    }

    /**
     * Reads the settings from configuration; absent keys take their defaults.
     *
     * @param config         the configuration.
     * @param defaultEnabled whether checkpoints are incremental when {@value #INCREMENTAL} is not set.
     * @return the settings.
     * @throws IllegalArgumentException if a value is malformed or out of range, naming the key and the value.
     */
    public static IncrementalCheckpointSettings fromConfig(
        final Map<String, String> config, final boolean defaultEnabled)
    {
        if (config == null)
        {
            throw new IllegalArgumentException("config=null; expected a configuration map (it may be empty)");
        }
        final String enabledText = config.get(INCREMENTAL);
        final boolean enabled;
        if (enabledText == null)
        {
            enabled = defaultEnabled;
        }
        else
        {
            final String normalized = enabledText.trim().toLowerCase(Locale.ROOT);
            if (!"true".equals(normalized) && !"false".equals(normalized))
            {
                throw new IllegalArgumentException(INCREMENTAL + "=" + enabledText + "; expected true or false");
            }
            enabled = "true".equals(normalized);
        }
        final String chainText = config.get(MAX_DELTA_CHAIN_LENGTH);
        int chain = DEFAULT_MAX_DELTA_CHAIN_LENGTH;
        if (chainText != null)
        {
            try
            {
                chain = Integer.parseInt(chainText.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(MAX_DELTA_CHAIN_LENGTH + "=" + chainText +
                    "; expected an integer from 0 to " + MAX_CHAIN_LENGTH_LIMIT, ex);
            }
        }
        final String thresholdText = config.get(REBASE_THRESHOLD);
        double threshold = DEFAULT_REBASE_THRESHOLD;
        if (thresholdText != null)
        {
            try
            {
                threshold = Double.parseDouble(thresholdText.trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException(REBASE_THRESHOLD + "=" + thresholdText +
                    "; expected a number greater than 0 and at most " + MAX_REBASE_THRESHOLD, ex);
            }
        }
        try
        {
            return of(enabled, chain, threshold);
        }
        catch (final IllegalArgumentException ex)
        {
            // Name the value as configured, not as parsed.
            final String key = ex.getMessage().substring(0, ex.getMessage().indexOf('='));
            final String text = key.equals(MAX_DELTA_CHAIN_LENGTH) ? chainText : thresholdText;
            throw new IllegalArgumentException(key + "=" + text + ex.getMessage().substring(
                ex.getMessage().indexOf(';')), ex);
        }
    }

    /** @return true if checkpoints are incremental. */
    public boolean isEnabled()
    {
        return enabled;
    }

    /** @return how many deltas a key group's chain holds at most. */
    public int maxDeltaChainLength()
    {
        return maxDeltaChainLength;
    }

    /** @return how large a key group's deltas may grow, as a fraction of its current size. */
    public double rebaseThreshold()
    {
        return rebaseThreshold;
    }

    @Override
    public String toString()
    {
        return "IncrementalCheckpointSettings{enabled=" + enabled + ", maxDeltaChainLength=" + maxDeltaChainLength +
            ", rebaseThreshold=" + rebaseThreshold + "}";
    }
}

package io.cairn.backend;

/**
 * A state name was asked for with a kind, codec or namespace codec other than the one it is registered with.
 * Nothing was changed.
 */
public final class IncompatibleStateException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the state and both descriptions.
     */
    public IncompatibleStateException(final String message)
    {
        super(message);
    }
}

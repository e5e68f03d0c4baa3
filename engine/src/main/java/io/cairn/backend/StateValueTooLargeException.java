package io.cairn.backend;

/**
 * A key, namespace or value encodes to more bytes than the backend allows
 * ({@link KeyedStateBackendParameters#getMaxValueLength()} or {@link KeyedStateBackendParameters#getMaxKeyLength()}).
 * Nothing was written.
 */
public final class StateValueTooLargeException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param what          what was too large, e.g. {@code value of state "count"}.
     * @param encodedLength its encoded length.
     * @param maxLength     the allowed maximum.
     */
    public StateValueTooLargeException(final String what, final long encodedLength, final long maxLength)
    {
        super(what + ": encodedLength=" + encodedLength + "; expected <= " + maxLength + " bytes");
    }
}

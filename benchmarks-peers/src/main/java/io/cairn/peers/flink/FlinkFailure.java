package io.cairn.peers.flink;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns the checked exceptions of Flink's state API into unchecked ones: Cairn's state API declares none.
 */
final class FlinkFailure
{
    private FlinkFailure()
    {
    }

    /**
     * @param operation what failed, e.g. {@code MapState.get}.
     * @param cause     what Flink threw.
     * @return the exception to throw: {@link UncheckedIOException} for an I/O failure, else
     * {@link IllegalStateException}.
     */
    static RuntimeException of(final String operation, final Exception cause)
    {
        if (cause instanceof RuntimeException)
        {
            return (RuntimeException)cause;
        }
        final String message = "Flink " + operation + " failed: " + cause;
        return cause instanceof IOException ?
            new UncheckedIOException(message, (IOException)cause) : new IllegalStateException(message, cause);
    }
}

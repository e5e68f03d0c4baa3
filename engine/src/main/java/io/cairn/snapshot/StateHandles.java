package io.cairn.snapshot;

import java.io.IOException;

/** Operations on groups of state handles. */
public final class StateHandles
{
    private StateHandles()
    {
    }

    /**
     * Discards every handle, going on past failures, so one undeletable file does not keep the others.
     *
     * @param handles the handles; null elements are skipped.
     * @throws IOException the first failure, with the later ones suppressed in it.
     */
    public static void discardAll(final Iterable<? extends StateHandle> handles) throws IOException
    {
        IOException failure = null;
        for (final StateHandle handle : handles)
        {
            if (handle == null)
            {
                continue;
            }
            try
            {
                handle.discardState();
            }
            catch (final IOException ex)
            {
                if (failure == null)
                {
                    failure = ex;
                }
                else
                {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }
}

package io.cairn.rocksdb;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;

/** Fails the creation of every stream after the first {@code allowed}. */
final class FailingStreams implements CheckpointStreamFactory
{
    private final CheckpointStreamFactory delegate;
    private final AtomicInteger allowed;

    FailingStreams(final CheckpointStreamFactory delegate, final int allowed)
    {
        this.delegate = delegate;
        this.allowed = new AtomicInteger(allowed);
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
        throws IOException
    {
        if (allowed.getAndDecrement() <= 0)
        {
            throw new IOException("injected: no more streams");
        }
        return delegate.createCheckpointStateOutputStream(scope);
    }
}

package io.cairn.rocksdb;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.StreamStateHandle;

/** In-memory streams, counted by scope and by outcome; discarding a written stream is counted too. */
final class CountingStreams implements CheckpointStreamFactory
{
    private final MemoryCheckpointStreamFactory delegate = new MemoryCheckpointStreamFactory("rocks");
    final AtomicInteger created = new AtomicInteger();
    final AtomicInteger shared = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();
    final AtomicInteger written = new AtomicInteger();
    final AtomicInteger abandoned = new AtomicInteger();
    final AtomicInteger discarded = new AtomicInteger();

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
        throws IOException
    {
        created.incrementAndGet();
        if (scope == CheckpointedStateScope.SHARED)
        {
            shared.incrementAndGet();
        }
        final CheckpointStateOutputStream out = delegate.createCheckpointStateOutputStream(scope);
        return new CheckpointStateOutputStream()
        {
            private boolean done;

            @Override
            public void write(final int b) throws IOException
            {
                out.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                out.write(b, off, len);
            }

            @Override
            public long getPos() throws IOException
            {
                return out.getPos();
            }

            @Override
            public StreamStateHandle closeAndGetHandle() throws IOException
            {
                done = true;
                completed.incrementAndGet();
                final StreamStateHandle handle = out.closeAndGetHandle();
                if (handle != null)
                {
                    written.incrementAndGet();
                }
                return handle == null ? null : new TestStream(handle.describe(),
                    ((ByteStreamStateHandle)handle).getData(), handle.getStateSize(), discarded);
            }

            @Override
            public void close() throws IOException
            {
                if (!done)
                {
                    done = true;
                    abandoned.incrementAndGet();
                }
                out.close();
            }
        };
    }
}

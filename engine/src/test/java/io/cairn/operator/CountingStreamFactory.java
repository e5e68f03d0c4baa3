package io.cairn.operator;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.StreamStateHandle;

/**
 * A memory stream factory that counts what happens to its streams: created, completed with a handle, or abandoned
 * (closed without one, which deletes them). An optional hook runs on the first write of every stream.
 */
final class CountingStreamFactory implements CheckpointStreamFactory
{
    private final MemoryCheckpointStreamFactory delegate = new MemoryCheckpointStreamFactory("counting");
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger abandoned = new AtomicInteger();
    private volatile Runnable onFirstWrite = () -> {};

    void onFirstWrite(final Runnable hook)
    {
        onFirstWrite = hook;
    }

    int created()
    {
        return created.get();
    }

    int completed()
    {
        return completed.get();
    }

    int abandoned()
    {
        return abandoned.get();
    }

    /** @return streams created and neither completed nor abandoned. */
    int open()
    {
        return created.get() - completed.get() - abandoned.get();
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
        throws IOException
    {
        final CheckpointStateOutputStream out = delegate.createCheckpointStateOutputStream(scope);
        created.incrementAndGet();
        return new CheckpointStateOutputStream()
        {
            private boolean written;
            private boolean finished;

            @Override
            public void write(final int b) throws IOException
            {
                firstWrite();
                out.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                firstWrite();
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
                final StreamStateHandle handle = out.closeAndGetHandle();
                finished = true;
                completed.incrementAndGet();
                return handle;
            }

            @Override
            public void close() throws IOException
            {
                out.close();
                if (!finished)
                {
                    finished = true;
                    abandoned.incrementAndGet();
                }
            }

            private void firstWrite()
            {
                if (!written)
                {
                    written = true;
                    onFirstWrite.run();
                }
            }
        };
    }
}

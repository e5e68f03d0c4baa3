package io.cairn.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/** Writes snapshot streams to memory ({@link ByteStreamStateHandle}): for tests and state small enough for it. */
public final class MemoryCheckpointStreamFactory implements CheckpointStreamFactory
{
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    /**
     * @param prefix how the streams' names start, e.g. the job or task.
     */
    public MemoryCheckpointStreamFactory(final String prefix)
    {
        this.prefix = prefix;
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
    {
        final String name = prefix + "-" + scope.name().toLowerCase(java.util.Locale.ROOT) + "-" +
            counter.incrementAndGet();
        return new CheckpointStateOutputStream()
        {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            private boolean closed;

            @Override
            public void write(final int b) throws IOException
            {
                checkOpen();
                bytes.write(b);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                checkOpen();
                bytes.write(b, off, len);
            }

            @Override
            public long getPos()
            {
                return bytes.size();
            }

            @Override
            public StreamStateHandle closeAndGetHandle() throws IOException
            {
                checkOpen();
                closed = true;
                return bytes.size() == 0 ? null : new ByteStreamStateHandle(name, bytes.toByteArray());
            }

            @Override
            public void close()
            {
                closed = true;
                bytes.reset();
            }

            private void checkOpen() throws IOException
            {
                if (closed)
                {
                    throw new IOException("stream " + name + " is closed");
                }
            }
        };
    }
}

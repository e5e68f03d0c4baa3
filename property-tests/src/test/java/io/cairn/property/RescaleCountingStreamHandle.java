package io.cairn.property;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.cairn.snapshot.PositionedInput;
import io.cairn.snapshot.StreamStateHandle;

/**
 * A stream handle that records every read made through it, {@code (position, length)}, and otherwise is the
 * stream it wraps: how the rescale property sees which bytes of a snapshot a restoring subtask reads.
 */
final class RescaleCountingStreamHandle implements StreamStateHandle
{
    private static final long serialVersionUID = 1L;

    private final StreamStateHandle delegate;
    // What this JVM observed; never serialised.
    private final transient List<long[]> reads = new ArrayList<>();

    /**
     * @param delegate the stream to read.
     */
    RescaleCountingStreamHandle(final StreamStateHandle delegate)
    {
        this.delegate = delegate;
    }

    /** @return every read so far, as {@code {position, length}}, in order. */
    List<long[]> reads()
    {
        return List.copyOf(reads);
    }

    @Override
    public PositionedInput openInput() throws IOException
    {
        final PositionedInput input = delegate.openInput();
        return new PositionedInput()
        {
            @Override
            public long length() throws IOException
            {
                return input.length();
            }

            @Override
            public void readFully(final long position, final byte[] target, final int offset, final int length)
                throws IOException
            {
                reads.add(new long[] { position, length });
                input.readFully(position, target, offset, length);
            }

            @Override
            public String describe()
            {
                return input.describe();
            }

            @Override
            public void close() throws IOException
            {
                input.close();
            }
        };
    }

    @Override
    public String describe()
    {
        return delegate.describe();
    }

    @Override
    public void discardState() throws IOException
    {
        delegate.discardState();
    }

    @Override
    public long getStateSize()
    {
        return delegate.getStateSize();
    }

    @Override
    public String toString()
    {
        return "RescaleCountingStreamHandle{" + delegate.describe() + ", " + reads.size() + " reads}";
    }
}

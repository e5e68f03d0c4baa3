package io.cairn.rocksdb;

import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.PositionedInput;
import io.cairn.snapshot.StreamStateHandle;

/** An in-memory stream that may claim another size than its bytes', and counts its discards. */
final class TestStream implements StreamStateHandle
{
    private static final long serialVersionUID = 1L;
    private final ByteStreamStateHandle bytes;
    private final long size;
    private final transient AtomicInteger discarded;

    TestStream(final String name, final byte[] data, final long size, final AtomicInteger discarded)
    {
        this.bytes = new ByteStreamStateHandle(name, data);
        this.size = size;
        this.discarded = discarded;
    }

    /** @return the bytes it holds. */
    byte[] bytes()
    {
        return bytes.getData();
    }

    @Override
    public PositionedInput openInput()
    {
        return bytes.openInput();
    }

    @Override
    public String describe()
    {
        return bytes.describe();
    }

    @Override
    public void discardState()
    {
        if (discarded != null)
        {
            discarded.incrementAndGet();
        }
    }

    @Override
    public long getStateSize()
    {
        return size;
    }
}

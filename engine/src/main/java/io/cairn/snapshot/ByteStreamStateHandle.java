package io.cairn.snapshot;

import java.io.EOFException;
import java.util.Arrays;
import java.util.Objects;

/** A stream held in memory: for small state, tests, and in-memory checkpoint storage. */
public final class ByteStreamStateHandle implements StreamStateHandle
{
    private static final long serialVersionUID = 1L;

    private final String name;
    private final byte[] data;

    /**
     * @param name what to call the stream in messages.
     * @param data the bytes; the handle keeps the array (do not change it afterwards).
     */
    public ByteStreamStateHandle(final String name, final byte[] data)
    {
        if (name == null || data == null)
        {
            throw new IllegalArgumentException("name=" + name + ", data=" + (data == null ? "null" : "bytes") +
                "; expected both non-null");
        }
        this.name = name;
        this.data = data;
    }

    /** @return the bytes (not a copy). */
    public byte[] getData()
    {
        return data;
    }

    @Override
    public PositionedInput openInput()
    {
        return new PositionedInput()
        {
            @Override
            public long length()
            {
                return data.length;
            }

            @Override
            public void readFully(final long position, final byte[] target, final int offset, final int length)
                throws EOFException
            {
                if (position < 0 || position + length > data.length)
                {
                    throw new EOFException(name + ": read of " + length + " bytes at offset " + position +
                        " is past the end (length " + data.length + ")");
                }
                System.arraycopy(data, (int)position, target, offset, length);
            }

            @Override
            public String describe()
            {
                return name;
            }

            @Override
            public void close()
            {
            }
        };
    }

    @Override
    public String describe()
    {
        return name;
    }

    @Override
    public void discardState()
    {
    }

    @Override
    public long getStateSize()
    {
        return data.length;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof ByteStreamStateHandle))
        {
            return false;
        }
        final ByteStreamStateHandle that = (ByteStreamStateHandle)o;
        return name.equals(that.name) && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(name, data.length);
    }

    @Override
    public String toString()
    {
        return "ByteStreamStateHandle{name=" + name + ", size=" + data.length + "}";
    }
}

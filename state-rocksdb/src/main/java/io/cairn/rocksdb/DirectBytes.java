package io.cairn.rocksdb;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A growable direct buffer seen two ways: as an Agrona {@link UnsafeBuffer}, which codecs write to and read from,
 * and as the {@link ByteBuffer} that the ByteBuffer variants of the rocksdbjni API take, so keys and values pass
 * between a codec and RocksDB without a {@code byte[]} in between. A backend keeps a few of these and reuses them
 * for every operation.
 *
 * <p>Growing allocates a larger buffer (and copies the content); it happens only when a key or value is larger
 * than any before it. Direct buffers are freed by the garbage collector; they hold no RocksDB handle.
 */
final class DirectBytes
{
    private ByteBuffer byteBuffer;
    private final UnsafeBuffer view;

    /**
     * @param initialCapacity the first capacity in bytes, {@code > 0}.
     */
    DirectBytes(final int initialCapacity)
    {
        this.byteBuffer = ByteBuffer.allocateDirect(initialCapacity);
        this.view = new UnsafeBuffer(byteBuffer);
    }

    /** @return the Agrona view; valid until the next {@link #ensureCapacity} that grows. */
    UnsafeBuffer view()
    {
        return view;
    }

    /** @return the capacity in bytes. */
    int capacity()
    {
        return byteBuffer.capacity();
    }

    /**
     * Makes room for {@code capacity} bytes, keeping the first {@code keep} bytes.
     *
     * @return the view, possibly over new memory.
     */
    UnsafeBuffer ensureCapacity(final int capacity, final int keep)
    {
        if (capacity > byteBuffer.capacity())
        {
            final int grown = (int)Math.min(Integer.MAX_VALUE - 8, Math.max(capacity, 2L * byteBuffer.capacity()));
            final ByteBuffer larger = ByteBuffer.allocateDirect(grown);
            final int kept = Math.min(keep, byteBuffer.capacity());
            if (kept > 0)
            {
                new UnsafeBuffer(larger).putBytes(0, view, 0, kept);
            }
            byteBuffer = larger;
            view.wrap(larger);
        }
        return view;
    }

    /**
     * @param offset where the range starts.
     * @param length its length.
     * @return the ByteBuffer, its position and limit set to the range.
     */
    ByteBuffer range(final int offset, final int length)
    {
        byteBuffer.clear();
        byteBuffer.position(offset).limit(offset + length);
        return byteBuffer;
    }

    /** @return the ByteBuffer, with its position at 0 and its limit at its capacity: room to receive bytes. */
    ByteBuffer all()
    {
        byteBuffer.clear();
        return byteBuffer;
    }
}

package io.cairn.property;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import io.cairn.format.StateStreamReader;
import io.cairn.format.StreamFormat;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;

/**
 * Where the parts of a good state stream lie ({@code docs/format.md}): header and meta before
 * {@link #dataOffset()}, one section per partition (key group) with entries from there to {@link #indexOffset()},
 * then the index and the footer. Found by reading the footer and the index of the stream's bytes directly, and
 * checked against {@link StateStreamReader#partitions()}.
 */
final class SnapshotStreamLayout
{
    private final String name;
    private final long length;
    private final long dataOffset;
    private final long indexOffset;
    private final int[] partitions;
    private final long[] sectionOffsets;
    private final long[] sectionLengths;

    private SnapshotStreamLayout(
        final String name,
        final long length,
        final long dataOffset,
        final long indexOffset,
        final int[] partitions,
        final long[] sectionOffsets,
        final long[] sectionLengths)
    {
        this.name = name;
        this.length = length;
        this.dataOffset = dataOffset;
        this.indexOffset = indexOffset;
        this.partitions = partitions;
        this.sectionOffsets = sectionOffsets;
        this.sectionLengths = sectionLengths;
    }

    /**
     * @param handle a good stream.
     * @return its layout.
     * @throws IOException if the stream cannot be opened; an {@link AssertionError} if its index and the
     *                     reader's partitions disagree.
     */
    static SnapshotStreamLayout of(final ByteStreamStateHandle handle) throws IOException
    {
        final byte[] data = handle.getData();
        final ByteBuffer bytes = ByteBuffer.wrap(data); // big-endian, as the format
        final int length = data.length;
        final long dataOffset = StreamFormat.HEADER_LENGTH + (long)bytes.getInt(StreamFormat.META_LENGTH_OFFSET);
        final long indexOffset =
            bytes.getLong(length - StreamFormat.FOOTER_LENGTH + StreamFormat.FOOTER_INDEX_OFFSET_OFFSET);
        final int count = bytes.getInt((int)indexOffset);
        final int[] partitions = new int[count];
        final long[] offsets = new long[count];
        final long[] lengths = new long[count];
        for (int i = 0; i < count; i++)
        {
            final int at = (int)indexOffset + 4 + i * StreamFormat.INDEX_ENTRY_LENGTH;
            partitions[i] = bytes.getInt(at + StreamFormat.INDEX_PARTITION_OFFSET);
            offsets[i] = bytes.getLong(at + StreamFormat.INDEX_SECTION_OFFSET_OFFSET);
            lengths[i] = bytes.getLong(at + StreamFormat.INDEX_SECTION_LENGTH_OFFSET);
        }
        try (StateStreamReader reader = StateStreamReader.open(handle))
        {
            if (!Arrays.equals(partitions, reader.partitions()))
            {
                throw new AssertionError(handle.describe() + ": the index lists partitions " +
                    Arrays.toString(partitions) + ", the reader " + Arrays.toString(reader.partitions()));
            }
        }
        return new SnapshotStreamLayout(
            handle.describe(), length, dataOffset, indexOffset, partitions, offsets, lengths);
    }

    long dataOffset()
    {
        return dataOffset;
    }

    long indexOffset()
    {
        return indexOffset;
    }

    long length()
    {
        return length;
    }

    /** @return the partitions with a section, ascending. */
    int[] partitions()
    {
        return partitions.clone();
    }

    /**
     * @param position where a read started.
     * @param length   how many bytes it read.
     * @param owned    the key groups of the reader.
     * @return null if the read lies wholly in the header, meta, index or footer, or wholly in the section of an
     * owned key group; else what it read.
     */
    String readOutside(final long position, final int length, final KeyGroupRange owned)
    {
        final long end = position + length;
        if (end <= dataOffset || position >= indexOffset)
        {
            return null;
        }
        for (int i = 0; i < partitions.length; i++)
        {
            final long sectionEnd = sectionOffsets[i] + sectionLengths[i];
            if (position < sectionEnd && end > sectionOffsets[i])
            {
                if (position >= sectionOffsets[i] && end <= sectionEnd && owned.contains(partitions[i]))
                {
                    return null;
                }
                return "read of " + length + " bytes at offset " + position + " of " + name + " touches the " +
                    "section of key group " + partitions[i] + " [" + sectionOffsets[i] + ", " + sectionEnd + ")";
            }
        }
        return "read of " + length + " bytes at offset " + position + " of " + name + " spans the data region [" +
            dataOffset + ", " + indexOffset + ") outside every section";
    }

    @Override
    public String toString()
    {
        return name + "{length=" + length + ", data=[" + dataOffset + ", " + indexOffset + "), key groups=" +
            Arrays.toString(partitions) + "}";
    }
}

package io.cairn.format;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.PositionedInput;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.state.StateType;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Reads a state stream ({@link StreamFormat}, {@code docs/format.md}). {@link #open} checks the footer first,
 * then the header, meta and index against the footer's CRC32C, before anything else is read. A partition is then
 * read on its own: {@link #verifyPartition} checks the CRC32C of each of its blocks without decompressing, and
 * {@link #readPartition} decompresses and parses them. Partitions not asked for are never read.
 *
 * <p>It reads format versions 1 and 2 ({@link StreamFormat#VERSION}). A partition is full or, from version 2 on,
 * a delta ({@link #isDeltaPartition}); the reader hands over the entries of either as written, puts and deletes
 * ({@link StreamEntry#isDelete()}), and applies nothing. A delete in a full partition is corruption.
 *
 * <p>Every problem is a {@link CorruptedStateException} that names the stream and the offset.
 */
public final class StateStreamReader implements Closeable
{
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.fastestInstance().safeDecompressor();
    /** LZ4 never expands more than this; a block claiming more is damaged. */
    private static final long MAX_LZ4_EXPANSION = 255;

    private final PositionedInput input;
    private final String name;
    private final StreamMeta meta;
    private final int version;
    /** Per partition with entries: its section's offset and length, and its kind. */
    private final Int2ObjectHashMap<long[]> sections;
    private final int[] partitions;
    private final CRC32C crc = new CRC32C();
    private final StreamEntry entry = new StreamEntry();
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    private byte[] blockBytes = new byte[0];
    private long bytesRead;

    private StateStreamReader(
        final PositionedInput input,
        final StreamMeta meta,
        final int version,
        final Int2ObjectHashMap<long[]> sections,
        final int[] partitions,
        final long bytesRead)
    {
        this.input = input;
        this.name = input.describe();
        this.meta = meta;
        this.version = version;
        this.sections = sections;
        this.partitions = partitions;
        this.bytesRead = bytesRead;
    }

    /**
     * Opens a stream and checks its structure: footer (magic, total length), header (magic, version), and the
     * CRC32C over header, meta, index and footer.
     *
     * @param handle the stream.
     * @return a reader; the caller closes it.
     * @throws CorruptedStateException if the stream is truncated, damaged, foreign or of a newer version.
     * @throws IOException             if it cannot be read.
     */
    public static StateStreamReader open(final StreamStateHandle handle) throws IOException
    {
        final PositionedInput input = handle.openInput();
        try
        {
            return open(input);
        }
        catch (final IOException | RuntimeException ex)
        {
            input.close();
            throw ex;
        }
    }

    private static StateStreamReader open(final PositionedInput input) throws IOException
    {
        final String name = input.describe();
        final long length = input.length();
        if (length < StreamFormat.MIN_STREAM_LENGTH)
        {
            throw new CorruptedStateException(name, length, "truncated: the stream has " + length +
                " bytes, fewer than a header and a footer (" + StreamFormat.MIN_STREAM_LENGTH + ")");
        }
        final UnsafeBuffer header = new UnsafeBuffer(new byte[StreamFormat.HEADER_LENGTH]);
        final UnsafeBuffer footer = new UnsafeBuffer(new byte[StreamFormat.FOOTER_LENGTH]);
        final long footerOffset = length - StreamFormat.FOOTER_LENGTH;
        read(input, 0, header.byteArray(), StreamFormat.HEADER_LENGTH);
        read(input, footerOffset, footer.byteArray(), StreamFormat.FOOTER_LENGTH);
        long bytesRead = StreamFormat.HEADER_LENGTH + StreamFormat.FOOTER_LENGTH;

        final long headMagic = header.getLong(StreamFormat.MAGIC_OFFSET, ByteOrder.BIG_ENDIAN);
        final long tailMagic = footer.getLong(StreamFormat.FOOTER_MAGIC_OFFSET, ByteOrder.BIG_ENDIAN);
        if (headMagic != StreamFormat.MAGIC)
        {
            throw new CorruptedStateException(name, StreamFormat.MAGIC_OFFSET, tailMagic == StreamFormat.MAGIC ?
                "damaged header: magic is 0x" + Long.toHexString(headMagic) :
                "not a Cairn state stream: magic is 0x" + Long.toHexString(headMagic) + ", expected 0x" +
                Long.toHexString(StreamFormat.MAGIC));
        }
        final int version = header.getInt(StreamFormat.VERSION_OFFSET, ByteOrder.BIG_ENDIAN);
        if (tailMagic != StreamFormat.MAGIC)
        {
            throw new CorruptedStateException(name, footerOffset + StreamFormat.FOOTER_MAGIC_OFFSET,
                "truncated or damaged: no end magic in the last 8 bytes (the stream has " + length + " bytes)");
        }
        final long totalLength = footer.getLong(StreamFormat.FOOTER_TOTAL_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
        final long metaOffset = footer.getLong(StreamFormat.FOOTER_META_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN);
        final long indexOffset = footer.getLong(StreamFormat.FOOTER_INDEX_OFFSET_OFFSET, ByteOrder.BIG_ENDIAN);
        final int metaLength = header.getInt(StreamFormat.META_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
        final long dataOffset = StreamFormat.HEADER_LENGTH + (long)metaLength;
        if (totalLength != length)
        {
            throw new CorruptedStateException(name, footerOffset + StreamFormat.FOOTER_TOTAL_LENGTH_OFFSET,
                "truncated or damaged: the footer says " + totalLength + " bytes, the stream has " + length);
        }
        // The index entries' length depends on the version, checked with the index once the CRC is.
        if (metaOffset != StreamFormat.HEADER_LENGTH || metaLength < 0 || dataOffset > indexOffset ||
            indexOffset + 4 > footerOffset)
        {
            throw new CorruptedStateException(name, footerOffset, "damaged footer or header: metaOffset=" +
                metaOffset + ", metaLength=" + metaLength + ", indexOffset=" + indexOffset + ", length=" + length);
        }

        final byte[] metaBytes = new byte[metaLength];
        read(input, StreamFormat.HEADER_LENGTH, metaBytes, metaLength);
        final int indexLength = (int)(footerOffset - indexOffset);
        final byte[] indexBytes = new byte[indexLength];
        read(input, indexOffset, indexBytes, indexLength);
        bytesRead += metaLength + indexLength;

        final CRC32C crc = new CRC32C();
        crc.update(header.byteArray(), 0, StreamFormat.HEADER_LENGTH);
        crc.update(metaBytes, 0, metaLength);
        crc.update(indexBytes, 0, indexLength);
        crc.update(footer.byteArray(), 0, StreamFormat.FOOTER_CRC_OFFSET);
        final int expectedCrc = footer.getInt(StreamFormat.FOOTER_CRC_OFFSET, ByteOrder.BIG_ENDIAN);
        if ((int)crc.getValue() != expectedCrc)
        {
            if (version > StreamFormat.VERSION)
            {
                throw newerVersion(name, version);
            }
            throw new CorruptedStateException(name, footerOffset + StreamFormat.FOOTER_CRC_OFFSET,
                "checksum mismatch over header, meta and index: CRC32C is 0x" +
                Integer.toHexString((int)crc.getValue()) + ", the footer says 0x" + Integer.toHexString(expectedCrc));
        }
        if (version > StreamFormat.VERSION)
        {
            throw newerVersion(name, version);
        }
        if (version < 1)
        {
            throw new CorruptedStateException(name, StreamFormat.VERSION_OFFSET, "format version " + version +
                " does not exist");
        }
        final StreamMeta meta = StreamMeta.decode(new UnsafeBuffer(metaBytes), 0, metaLength);
        final int kind = header.getInt(StreamFormat.KIND_OFFSET, ByteOrder.BIG_ENDIAN);
        if (meta == null || meta.kind() != kind)
        {
            throw new CorruptedStateException(name, StreamFormat.HEADER_LENGTH, "malformed meta section");
        }

        final UnsafeBuffer index = new UnsafeBuffer(indexBytes);
        final int count = index.getInt(0, ByteOrder.BIG_ENDIAN);
        final int entryLength = StreamFormat.indexEntryLength(version);
        if ((indexLength - 4) % entryLength != 0 || count != (indexLength - 4) / entryLength)
        {
            throw new CorruptedStateException(name, indexOffset, "index count " + count + " does not fit its length " +
                indexLength + " (entries of " + entryLength + " bytes in format version " + version + ")");
        }
        final Int2ObjectHashMap<long[]> sections = new Int2ObjectHashMap<>();
        final int[] partitions = new int[count];
        long expectedOffset = dataOffset;
        int previous = -1;
        for (int i = 0; i < count; i++)
        {
            final int at = 4 + i * entryLength;
            final int partition = index.getInt(at + StreamFormat.INDEX_PARTITION_OFFSET, ByteOrder.BIG_ENDIAN);
            // Version 1 has no kind: its entries are the version-2 ones without the byte at INDEX_KIND_OFFSET.
            final int partitionKind = version == StreamFormat.VERSION_1 ?
                StreamFormat.PARTITION_FULL : index.getByte(at + StreamFormat.INDEX_KIND_OFFSET) & 0xFF;
            final int missingKindByte = version == StreamFormat.VERSION_1 ? 1 : 0;
            final long offset =
                index.getLong(at + StreamFormat.INDEX_SECTION_OFFSET_OFFSET - missingKindByte, ByteOrder.BIG_ENDIAN);
            final long sectionLength =
                index.getLong(at + StreamFormat.INDEX_SECTION_LENGTH_OFFSET - missingKindByte, ByteOrder.BIG_ENDIAN);
            if (partition <= previous || offset != expectedOffset || sectionLength <= 0 ||
                (partitionKind != StreamFormat.PARTITION_FULL && partitionKind != StreamFormat.PARTITION_DELTA))
            {
                throw new CorruptedStateException(name, indexOffset + at, "malformed index entry " + i +
                    ": partition=" + partition + ", kind=" + partitionKind + ", offset=" + offset + ", length=" +
                    sectionLength + "; expected ascending partitions, kind " + StreamFormat.PARTITION_FULL +
                    " (full) or " + StreamFormat.PARTITION_DELTA +
                    " (delta), and sections tiling the data from offset " + expectedOffset);
            }
            sections.put(partition, new long[] { offset, sectionLength, partitionKind });
            partitions[i] = partition;
            previous = partition;
            expectedOffset = offset + sectionLength;
        }
        if (expectedOffset != indexOffset)
        {
            throw new CorruptedStateException(name, expectedOffset, "the sections end at " + expectedOffset +
                " but the index starts at " + indexOffset);
        }
        return new StateStreamReader(input, meta, version, sections, partitions, bytesRead);
    }

    /** @return what the stream holds. */
    public StreamMeta meta()
    {
        return meta;
    }

    /** @return the stream's name, for messages. */
    public String describe()
    {
        return name;
    }

    /** @return the partitions that have entries, ascending. */
    public int[] partitions()
    {
        return partitions.clone();
    }

    /**
     * @param partition a partition.
     * @return true if it has entries in this stream.
     */
    public boolean hasPartition(final int partition)
    {
        return sections.containsKey(partition);
    }

    /**
     * @param partition a partition with entries in this stream ({@link #hasPartition}).
     * @return true if its section is a delta (changes since an earlier checkpoint), false if it is the partition's
     * full state; always false in a version-1 stream.
     * @throws IllegalArgumentException if the stream has no entries for the partition.
     */
    public boolean isDeltaPartition(final int partition)
    {
        final long[] section = sections.get(partition);
        if (section == null)
        {
            throw new IllegalArgumentException("partition=" + partition + " has no section in " + name +
                "; expected one of its partitions " + Arrays.toString(partitions));
        }
        return section[2] == StreamFormat.PARTITION_DELTA;
    }

    /** @return every byte read from the stream so far (structure and sections). */
    public long bytesRead()
    {
        return bytesRead;
    }

    /**
     * Checks the CRC32C of every block of a partition without decompressing. Nothing if it has no entries.
     *
     * @param partition the partition.
     * @throws CorruptedStateException if a block is damaged.
     * @throws IOException             if the stream cannot be read.
     */
    public void verifyPartition(final int partition) throws IOException
    {
        forEachBlock(partition, null);
    }

    /**
     * Decompresses and parses a partition, handing each entry to {@code consumer} in the order written.
     * Nothing if it has no entries.
     *
     * @param partition the partition.
     * @param consumer  what receives the entries.
     * @throws CorruptedStateException if a block is damaged or malformed.
     * @throws IOException             if the stream cannot be read.
     */
    public void readPartition(final int partition, final StreamEntryConsumer consumer) throws IOException
    {
        if (consumer == null)
        {
            throw new IllegalArgumentException("consumer=null; expected an entry consumer");
        }
        forEachBlock(partition, consumer);
    }

    @Override
    public void close() throws IOException
    {
        input.close();
    }

    private void forEachBlock(final int partition, final StreamEntryConsumer consumer) throws IOException
    {
        final long[] section = sections.get(partition);
        if (section == null)
        {
            return;
        }
        final long start = section[0];
        final long end = start + section[1];
        final byte[] blockHeader = new byte[StreamFormat.BLOCK_HEADER_LENGTH];
        final UnsafeBuffer headerView = new UnsafeBuffer(blockHeader);
        long position = start;
        while (position < end)
        {
            if (position + StreamFormat.BLOCK_HEADER_LENGTH > end)
            {
                throw new CorruptedStateException(name, position, "block header runs past the end of partition " +
                    partition + " (section ends at " + end + ")");
            }
            read(input, position, blockHeader, StreamFormat.BLOCK_HEADER_LENGTH);
            final int uncompressedLength =
                headerView.getInt(StreamFormat.BLOCK_UNCOMPRESSED_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
            final int compressedLength =
                headerView.getInt(StreamFormat.BLOCK_COMPRESSED_LENGTH_OFFSET, ByteOrder.BIG_ENDIAN);
            final long payload = position + StreamFormat.BLOCK_HEADER_LENGTH;
            if (compressedLength <= 0 || uncompressedLength <= 0 || payload + compressedLength > end)
            {
                throw new CorruptedStateException(name, position, "damaged block header in partition " +
                    partition + ": uncompressedLength=" + uncompressedLength + ", compressedLength=" +
                    compressedLength + ", section ends at " + end);
            }
            // Only the compressed bytes, bounded by the section, are read before the checksum is checked: a
            // damaged length can never make the reader allocate more than the stream holds.
            if (blockBytes.length < compressedLength)
            {
                blockBytes = new byte[compressedLength];
            }
            read(input, payload, blockBytes, compressedLength);
            bytesRead += StreamFormat.BLOCK_HEADER_LENGTH + compressedLength;
            crc.reset();
            crc.update(blockHeader, 0, StreamFormat.BLOCK_CRC_OFFSET);
            crc.update(blockBytes, 0, compressedLength);
            final int expected = headerView.getInt(StreamFormat.BLOCK_CRC_OFFSET, ByteOrder.BIG_ENDIAN);
            if ((int)crc.getValue() != expected)
            {
                throw new CorruptedStateException(name, position, "checksum mismatch in a block of partition " +
                    partition + ": CRC32C is 0x" + Integer.toHexString((int)crc.getValue()) + ", the block says 0x" +
                    Integer.toHexString(expected));
            }
            if ((long)uncompressedLength > (long)compressedLength * MAX_LZ4_EXPANSION + 64)
            {
                throw new CorruptedStateException(name, position, "block of partition " + partition + " claims " +
                    uncompressedLength + " bytes uncompressed from " + compressedLength + ", more than LZ4 expands");
            }
            if (consumer != null)
            {
                decompressAndParse(partition, section[2] == StreamFormat.PARTITION_DELTA, position, compressedLength,
                    uncompressedLength, consumer);
            }
            position = payload + compressedLength;
        }
    }

    private void decompressAndParse(
        final int partition, final boolean delta, final long blockPosition, final int compressedLength,
        final int uncompressedLength, final StreamEntryConsumer consumer) throws IOException
    {
        if (blockBytes.length < compressedLength + uncompressedLength)
        {
            blockBytes = Arrays.copyOf(blockBytes, compressedLength + uncompressedLength);
        }
        final int decompressed;
        try
        {
            decompressed = DECOMPRESSOR.decompress(
                blockBytes, 0, compressedLength, blockBytes, compressedLength, uncompressedLength);
        }
        catch (final LZ4Exception ex)
        {
            throw new CorruptedStateException(name, blockPosition, "block does not decompress: " + ex.getMessage());
        }
        if (decompressed != uncompressedLength)
        {
            throw new CorruptedStateException(name, blockPosition, "block decompresses to " + decompressed +
                " bytes, its header says " + uncompressedLength);
        }
        view.wrap(blockBytes, compressedLength, uncompressedLength);
        entry.blockPosition(blockPosition);
        final int[] cursor = { 0 };
        final int limit = uncompressedLength;
        final int stateCount = meta.states().size();
        final boolean tagged = version != StreamFormat.VERSION_1;
        while (cursor[0] < limit)
        {
            final int tag = Bytes.getVarInt(view, cursor, limit);
            if (tag < 0)
            {
                throw malformed(blockPosition, "entry tag " + tag);
            }
            final int stateIndex = tagged ? tag >>> 1 : tag;
            final boolean delete = tagged && (tag & 1) == StreamFormat.OP_DELETE;
            if (stateIndex >= stateCount)
            {
                throw malformed(blockPosition, "state index " + stateIndex + " of " + stateCount);
            }
            if (delete && !delta)
            {
                throw malformed(blockPosition, "a delete of state " + stateIndex + " in full partition " + partition +
                    "; deletes belong in delta partitions only");
            }
            final int keyLength = field(blockPosition, cursor, limit);
            final int keyOffset = cursor[0] - keyLength;
            final int namespaceLength = field(blockPosition, cursor, limit);
            final int namespaceOffset = cursor[0] - namespaceLength;
            int userKeyOffset = -1;
            int userKeyLength = -1;
            if (meta.states().get(stateIndex).type() == StateType.MAP)
            {
                userKeyLength = field(blockPosition, cursor, limit);
                userKeyOffset = cursor[0] - userKeyLength;
            }
            int valueOffset = -1;
            int valueLength = -1;
            if (!delete)
            {
                valueLength = field(blockPosition, cursor, limit);
                valueOffset = cursor[0] - valueLength;
            }
            entry.set(view, stateIndex, delete, keyOffset, keyLength, namespaceOffset, namespaceLength, userKeyOffset,
                userKeyLength, valueOffset, valueLength);
            consumer.accept(entry);
        }
    }

    /** Reads a length-prefixed field; leaves the cursor after it; returns its length. */
    private int field(final long blockPosition, final int[] cursor, final int limit) throws CorruptedStateException
    {
        final int length = Bytes.getVarInt(view, cursor, limit);
        if (length < 0 || cursor[0] + length > limit)
        {
            throw malformed(blockPosition, "field length " + length + " runs past the block end");
        }
        cursor[0] += length;
        return length;
    }

    private CorruptedStateException malformed(final long blockPosition, final String what)
    {
        return new CorruptedStateException(name, blockPosition, "malformed entry in block: " + what);
    }

    private static CorruptedStateException newerVersion(final String name, final int version)
    {
        return new CorruptedStateException(name, StreamFormat.VERSION_OFFSET, "format version " + version +
            " is newer than this build reads (up to " + StreamFormat.VERSION + "); upgrade Cairn to read it");
    }

    private static void read(final PositionedInput input, final long position, final byte[] target, final int length)
        throws IOException
    {
        try
        {
            input.readFully(position, target, 0, length);
        }
        catch (final EOFException ex)
        {
            throw new CorruptedStateException(input.describe(), position, "truncated: " + length +
                " bytes to read, the stream ends first (length " + input.length() + ")");
        }
    }
}

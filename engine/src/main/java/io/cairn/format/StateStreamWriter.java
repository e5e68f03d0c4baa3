package io.cairn.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

import io.cairn.state.StateType;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one state stream ({@link StreamFormat}, {@code docs/format.md}), always of the current
 * {@link StreamFormat#VERSION}: the header and meta on creation, then partitions in ascending order, each a run of
 * LZ4 blocks with their CRC32C, then the index and the footer on {@link #finish()}. Entries are buffered up to
 * {@link StreamFormat#TARGET_BLOCK_LENGTH} and never split across blocks. The writer does not close the output.
 *
 * <p>A partition is full ({@link #beginPartition}) or a delta ({@link #beginDeltaPartition}). In a delta the
 * {@code writeEntry} and {@code writeMapEntry} methods write puts (set a value, append a list element, put a map
 * entry) and {@link #writeDelete} and {@link #writeMapDelete} write deletes; a full partition holds puts only.
 */
public final class StateStreamWriter
{
    private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestInstance().fastCompressor();

    private final OutputStream out;
    private final StreamMeta meta;
    private final CRC32C structureCrc = new CRC32C();
    private final CRC32C blockCrc = new CRC32C();
    private final ExpandableArrayBuffer block = new ExpandableArrayBuffer(StreamFormat.TARGET_BLOCK_LENGTH + 1024);
    private final ExpandableArrayBuffer index = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[StreamFormat.FOOTER_LENGTH]);
    private byte[] compressed = new byte[COMPRESSOR.maxCompressedLength(StreamFormat.TARGET_BLOCK_LENGTH)];
    private long position;
    private int blockLength;
    private int indexCount;
    private int partition = -1;
    private int partitionKind;
    private int lastPartition = -1;
    private long sectionStart;
    private long entries;
    private long uncompressedBytes;
    private boolean finished;

    /**
     * Writes the header and the meta.
     *
     * @param out  where the stream goes.
     * @param meta what it holds.
     * @throws IOException if the output fails.
     */
    public StateStreamWriter(final OutputStream out, final StreamMeta meta) throws IOException
    {
        this.out = out;
        this.meta = meta;
        final ExpandableArrayBuffer metaBytes = new ExpandableArrayBuffer(256);
        final int metaLength = meta.encode(metaBytes, 0);
        header.putLong(StreamFormat.MAGIC_OFFSET, StreamFormat.MAGIC, ByteOrder.BIG_ENDIAN);
        header.putInt(StreamFormat.VERSION_OFFSET, StreamFormat.VERSION, ByteOrder.BIG_ENDIAN);
        header.putInt(StreamFormat.KIND_OFFSET, meta.kind(), ByteOrder.BIG_ENDIAN);
        header.putInt(StreamFormat.META_LENGTH_OFFSET, metaLength, ByteOrder.BIG_ENDIAN);
        header.putInt(StreamFormat.META_LENGTH_OFFSET + 4, 0, ByteOrder.BIG_ENDIAN);
        writeStructure(header.byteArray(), StreamFormat.HEADER_LENGTH);
        writeStructure(metaBytes.byteArray(), metaLength);
    }

    /** @return what the stream holds. */
    public StreamMeta meta()
    {
        return meta;
    }

    /** @return bytes written so far. */
    public long position()
    {
        return position;
    }

    /** @return entries written so far. */
    public long entries()
    {
        return entries;
    }

    /** @return the bytes of the entries written so far, before compression and without block headers. */
    public long uncompressedBytes()
    {
        return uncompressedBytes;
    }

    /**
     * Starts the section of a full partition (a key group, or a state of operator state): its whole state.
     *
     * @param partition the partition; greater than every partition begun before.
     */
    public void beginPartition(final int partition)
    {
        begin(partition, StreamFormat.PARTITION_FULL);
    }

    /**
     * Starts the section of a delta partition: the changes to the partition since an earlier checkpoint, puts
     * and deletes, which a reader applies in order over the partition's full state.
     *
     * @param partition the partition; greater than every partition begun before.
     */
    public void beginDeltaPartition(final int partition)
    {
        begin(partition, StreamFormat.PARTITION_DELTA);
    }

    private void begin(final int partition, final int kind)
    {
        if (this.partition != -1 || partition <= lastPartition || finished)
        {
            throw new IllegalStateException("partition=" + partition + " begun after partition " + lastPartition +
                (this.partition != -1 ? " while partition " + this.partition + " is open" : ""));
        }
        this.partition = partition;
        partitionKind = kind;
        sectionStart = position;
    }

    /**
     * Ends the current partition's section; a partition with no entries takes no bytes and no index entry.
     *
     * @throws IOException if the output fails.
     */
    public void endPartition() throws IOException
    {
        checkPartition();
        flushBlock();
        final long length = position - sectionStart;
        if (length > 0)
        {
            final int offset = indexCount * StreamFormat.INDEX_ENTRY_LENGTH;
            index.putInt(offset + StreamFormat.INDEX_PARTITION_OFFSET, partition, ByteOrder.BIG_ENDIAN);
            index.putByte(offset + StreamFormat.INDEX_KIND_OFFSET, (byte)partitionKind);
            index.putLong(offset + StreamFormat.INDEX_SECTION_OFFSET_OFFSET, sectionStart, ByteOrder.BIG_ENDIAN);
            index.putLong(offset + StreamFormat.INDEX_SECTION_LENGTH_OFFSET, length, ByteOrder.BIG_ENDIAN);
            indexCount++;
        }
        lastPartition = partition;
        partition = -1;
    }

    /**
     * Writes an entry of a value, reducing, aggregating or list state (one list element), or of an operator list
     * state (empty key and namespace). In a delta partition it is a put: it sets the value, or appends the element.
     *
     * @throws IOException if the output fails.
     */
    public void writeEntry(
        final int stateIndex,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer namespace, final int namespaceOffset, final int namespaceLength,
        final DirectBuffer value, final int valueOffset, final int valueLength) throws IOException
    {
        checkPartition();
        final int tag = StreamFormat.entryTag(stateIndex, StreamFormat.OP_PUT);
        final int length = Bytes.varIntLength(tag) + Bytes.varIntLength(keyLength) + keyLength +
            Bytes.varIntLength(namespaceLength) + namespaceLength + Bytes.varIntLength(valueLength) + valueLength;
        int index = reserve(length);
        index = Bytes.putVarInt(block, index, tag);
        index = putBytes(index, key, keyOffset, keyLength);
        index = putBytes(index, namespace, namespaceOffset, namespaceLength);
        blockLength = putBytes(index, value, valueOffset, valueLength);
        written(length);
    }

    /**
     * Writes an entry of a map state (or of operator broadcast state, with an empty key and namespace). In a delta
     * partition it is a put of the map entry.
     *
     * @throws IOException if the output fails.
     */
    public void writeMapEntry(
        final int stateIndex,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer namespace, final int namespaceOffset, final int namespaceLength,
        final DirectBuffer userKey, final int userKeyOffset, final int userKeyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength) throws IOException
    {
        checkPartition();
        final int tag = StreamFormat.entryTag(stateIndex, StreamFormat.OP_PUT);
        final int length = Bytes.varIntLength(tag) + Bytes.varIntLength(keyLength) + keyLength +
            Bytes.varIntLength(namespaceLength) + namespaceLength + Bytes.varIntLength(userKeyLength) +
            userKeyLength + Bytes.varIntLength(valueLength) + valueLength;
        int index = reserve(length);
        index = Bytes.putVarInt(block, index, tag);
        index = putBytes(index, key, keyOffset, keyLength);
        index = putBytes(index, namespace, namespaceOffset, namespaceLength);
        index = putBytes(index, userKey, userKeyOffset, userKeyLength);
        blockLength = putBytes(index, value, valueOffset, valueLength);
        written(length);
    }

    /**
     * Writes a delete of a value, reducing, aggregating or list state into the open delta partition: it removes
     * the (key, namespace), for a list the whole list. A list replaced since the earlier checkpoint is a delete
     * followed by a put of each element.
     *
     * @throws IllegalStateException    if no delta partition is open.
     * @throws IllegalArgumentException if {@code stateIndex} is not a state of the meta, or is a map state.
     * @throws IOException              if the output fails.
     */
    public void writeDelete(
        final int stateIndex,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer namespace, final int namespaceOffset, final int namespaceLength) throws IOException
    {
        checkDelete("writeDelete", stateIndex, false);
        final int tag = StreamFormat.entryTag(stateIndex, StreamFormat.OP_DELETE);
        final int length = Bytes.varIntLength(tag) + Bytes.varIntLength(keyLength) + keyLength +
            Bytes.varIntLength(namespaceLength) + namespaceLength;
        int index = reserve(length);
        index = Bytes.putVarInt(block, index, tag);
        index = putBytes(index, key, keyOffset, keyLength);
        blockLength = putBytes(index, namespace, namespaceOffset, namespaceLength);
        written(length);
    }

    /**
     * Writes a delete of one map entry (key, namespace, map key) of a map state into the open delta partition.
     *
     * @throws IllegalStateException    if no delta partition is open.
     * @throws IllegalArgumentException if {@code stateIndex} is not a map state of the meta.
     * @throws IOException              if the output fails.
     */
    public void writeMapDelete(
        final int stateIndex,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer namespace, final int namespaceOffset, final int namespaceLength,
        final DirectBuffer userKey, final int userKeyOffset, final int userKeyLength) throws IOException
    {
        checkDelete("writeMapDelete", stateIndex, true);
        final int tag = StreamFormat.entryTag(stateIndex, StreamFormat.OP_DELETE);
        final int length = Bytes.varIntLength(tag) + Bytes.varIntLength(keyLength) + keyLength +
            Bytes.varIntLength(namespaceLength) + namespaceLength + Bytes.varIntLength(userKeyLength) + userKeyLength;
        int index = reserve(length);
        index = Bytes.putVarInt(block, index, tag);
        index = putBytes(index, key, keyOffset, keyLength);
        index = putBytes(index, namespace, namespaceOffset, namespaceLength);
        blockLength = putBytes(index, userKey, userKeyOffset, userKeyLength);
        written(length);
    }

    /**
     * Writes the index and the footer. The output then holds a complete stream.
     *
     * @return the stream's total length.
     * @throws IOException if the output fails.
     */
    public long finish() throws IOException
    {
        if (partition != -1)
        {
            throw new IllegalStateException("partition " + partition + " is still open");
        }
        finished = true;
        final long indexOffset = position;
        final UnsafeBuffer count = new UnsafeBuffer(new byte[4]);
        count.putInt(0, indexCount, ByteOrder.BIG_ENDIAN);
        writeStructure(count.byteArray(), 4);
        writeStructure(index.byteArray(), indexCount * StreamFormat.INDEX_ENTRY_LENGTH);
        final long totalLength = position + StreamFormat.FOOTER_LENGTH;
        final UnsafeBuffer footer = header;
        footer.setMemory(0, StreamFormat.FOOTER_LENGTH, (byte)0);
        footer.putLong(StreamFormat.FOOTER_META_OFFSET_OFFSET, StreamFormat.HEADER_LENGTH, ByteOrder.BIG_ENDIAN);
        footer.putLong(StreamFormat.FOOTER_INDEX_OFFSET_OFFSET, indexOffset, ByteOrder.BIG_ENDIAN);
        footer.putLong(StreamFormat.FOOTER_TOTAL_LENGTH_OFFSET, totalLength, ByteOrder.BIG_ENDIAN);
        structureCrc.update(footer.byteArray(), 0, StreamFormat.FOOTER_CRC_OFFSET);
        footer.putInt(StreamFormat.FOOTER_CRC_OFFSET, (int)structureCrc.getValue(), ByteOrder.BIG_ENDIAN);
        footer.putLong(StreamFormat.FOOTER_MAGIC_OFFSET, StreamFormat.MAGIC, ByteOrder.BIG_ENDIAN);
        out.write(footer.byteArray(), 0, StreamFormat.FOOTER_LENGTH);
        position += StreamFormat.FOOTER_LENGTH;
        out.flush();
        return totalLength;
    }

    private int reserve(final int length) throws IOException
    {
        if (blockLength > 0 && blockLength + length > StreamFormat.TARGET_BLOCK_LENGTH)
        {
            flushBlock();
        }
        return blockLength;
    }

    private int putBytes(final int offset, final DirectBuffer source, final int sourceOffset, final int length)
    {
        final int index = Bytes.putVarInt(block, offset, length);
        if (length > 0)
        {
            block.putBytes(index, source, sourceOffset, length);
        }
        return index + length;
    }

    private void flushBlock() throws IOException
    {
        if (blockLength == 0)
        {
            return;
        }
        final int maxCompressed = COMPRESSOR.maxCompressedLength(blockLength);
        if (compressed.length < StreamFormat.BLOCK_HEADER_LENGTH + maxCompressed)
        {
            compressed = new byte[StreamFormat.BLOCK_HEADER_LENGTH + maxCompressed];
        }
        final int compressedLength = COMPRESSOR.compress(
            block.byteArray(), 0, blockLength, compressed, StreamFormat.BLOCK_HEADER_LENGTH, maxCompressed);
        final UnsafeBuffer view = new UnsafeBuffer(compressed);
        view.putInt(StreamFormat.BLOCK_UNCOMPRESSED_LENGTH_OFFSET, blockLength, ByteOrder.BIG_ENDIAN);
        view.putInt(StreamFormat.BLOCK_COMPRESSED_LENGTH_OFFSET, compressedLength, ByteOrder.BIG_ENDIAN);
        blockCrc.reset();
        blockCrc.update(compressed, 0, StreamFormat.BLOCK_CRC_OFFSET);
        blockCrc.update(compressed, StreamFormat.BLOCK_HEADER_LENGTH, compressedLength);
        view.putInt(StreamFormat.BLOCK_CRC_OFFSET, (int)blockCrc.getValue(), ByteOrder.BIG_ENDIAN);
        final int total = StreamFormat.BLOCK_HEADER_LENGTH + compressedLength;
        out.write(compressed, 0, total);
        position += total;
        blockLength = 0;
    }

    private void writeStructure(final byte[] bytes, final int length) throws IOException
    {
        structureCrc.update(bytes, 0, length);
        out.write(bytes, 0, length);
        position += length;
    }

    private void written(final int length)
    {
        entries++;
        uncompressedBytes += length;
    }

    private void checkPartition()
    {
        if (partition == -1)
        {
            throw new IllegalStateException("no partition begun");
        }
    }

    private void checkDelete(final String method, final int stateIndex, final boolean map)
    {
        if (partition == -1 || partitionKind != StreamFormat.PARTITION_DELTA)
        {
            throw new IllegalStateException(method + "(stateIndex=" + stateIndex + ") " +
                (partition == -1 ? "with no partition begun" : "in full partition=" + partition) +
                "; deletes belong in a delta partition, begun with beginDeltaPartition");
        }
        final List<StateMetaInfo> states = meta.states();
        if (stateIndex < 0 || stateIndex >= states.size())
        {
            throw new IllegalArgumentException(method + ": stateIndex=" + stateIndex + "; expected a state of the " +
                "meta, 0 to " + (states.size() - 1));
        }
        final StateMetaInfo state = states.get(stateIndex);
        if ((state.type() == StateType.MAP) != map)
        {
            throw new IllegalArgumentException(method + ": stateIndex=" + stateIndex + " is state \"" +
                state.name() + "\" of type=" + state.type() + "; expected " + (map ? "a MAP state" :
                "a state other than MAP (use writeMapDelete to delete a map entry)"));
        }
    }
}

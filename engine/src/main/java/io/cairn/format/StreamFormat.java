package io.cairn.format;

/**
 * The layout of a Cairn state stream, version 2: the one format every backend writes for keyed state and for
 * operator state. Described in full, with the entry encodings, in {@code docs/format.md}. All integers are
 * big-endian.
 *
 * <pre>
 *  +-----------------------------------------------------------------+  0
 *  | Header: magic (8) | version (u32) | kind (u32) | metaLength (u32) |
 *  |         reserved (u32)                                           |
 *  +-----------------------------------------------------------------+  24 = metaOffset
 *  | Meta: what the stream holds (states, codecs, key groups)        |
 *  +-----------------------------------------------------------------+  dataOffset = 24 + metaLength
 *  | Section of partition a: block, block, ...                       |
 *  | Section of partition b: block, ...                              |
 *  |   block = uncompressedLength (u32) | compressedLength (u32) |    |
 *  |           crc32c (u32, of the two lengths and the payload) |     |
 *  |           LZ4 payload (compressedLength bytes)                  |
 *  +-----------------------------------------------------------------+  indexOffset
 *  | Index: count (u32), then per section:                           |
 *  |        partition (u32) | kind (u8) | offset (u64) | length (u64) |
 *  +-----------------------------------------------------------------+  length - 40
 *  | Footer: metaOffset (u64) | indexOffset (u64) | totalLength (u64) |
 *  |         reserved (u32) | crc32c (u32) | magic (8)                |
 *  +-----------------------------------------------------------------+
 * </pre>
 *
 * <p>A partition is a key group for keyed state and a state for operator state. The footer's CRC32C covers the
 * header, the meta, the index and the footer's first 28 bytes; every block carries its own CRC32C. Together they
 * cover every byte, yet a reader that owns a few key groups checks and reads only the footer, header, meta,
 * index and its own sections.
 *
 * <p>A partition's section holds either its full state ({@link #PARTITION_FULL}) or a delta
 * ({@link #PARTITION_DELTA}): the changes since an earlier checkpoint, applied in order over a full partition.
 * An entry starts with a tag, {@code stateIndex << 1 | op}: a {@link #OP_PUT} carries a value, a
 * {@link #OP_DELETE} does not and appears only in delta partitions.
 *
 * <p>Version 1, still read, differs in two places: its index entries have no kind byte (every partition is
 * full, {@link #INDEX_ENTRY_LENGTH_V1} bytes), and its entry tag is the state index alone (every entry a put).
 */
public final class StreamFormat
{
    /** The first and last 8 bytes of every stream: ASCII {@code CAIRNST1}. */
    public static final long MAGIC = 0x434149524E535431L;
    /** The format version this code writes, and the newest it reads. */
    public static final int VERSION = 2;
    /** The first format version, still read: full partitions only, no deletes, no kind in the index. */
    public static final int VERSION_1 = 1;
    /** {@code kind} of a keyed state stream: partitions are key groups. */
    public static final int KIND_KEYED = 1;
    /** {@code kind} of an operator state stream: partitions are states. */
    public static final int KIND_OPERATOR = 2;

    /** Header: where the magic is. */
    public static final int MAGIC_OFFSET = 0;
    /** Header: where the format version is. */
    public static final int VERSION_OFFSET = 8;
    /** Header: where the kind is. */
    public static final int KIND_OFFSET = 12;
    /** Header: where the meta section's length is. */
    public static final int META_LENGTH_OFFSET = 16;
    /** The header's length; the meta section starts here. */
    public static final int HEADER_LENGTH = 24;

    /** Block header: where the uncompressed length is. */
    public static final int BLOCK_UNCOMPRESSED_LENGTH_OFFSET = 0;
    /** Block header: where the compressed length is. */
    public static final int BLOCK_COMPRESSED_LENGTH_OFFSET = 4;
    /** Block header: where the block's CRC32C is. */
    public static final int BLOCK_CRC_OFFSET = 8;
    /** A block header's length; the LZ4 payload follows. */
    public static final int BLOCK_HEADER_LENGTH = 12;
    /** Blocks hold this many uncompressed bytes, unless one entry is larger. */
    public static final int TARGET_BLOCK_LENGTH = 64 * 1024;

    /** Index entry: where the partition (u32) is. */
    public static final int INDEX_PARTITION_OFFSET = 0;
    /** Index entry: where the partition's kind (u8) is; not in version 1. */
    public static final int INDEX_KIND_OFFSET = 4;
    /** Index entry: where the section's offset in the stream (u64) is. */
    public static final int INDEX_SECTION_OFFSET_OFFSET = 5;
    /** Index entry: where the section's length (u64) is. */
    public static final int INDEX_SECTION_LENGTH_OFFSET = 13;
    /** An index entry's length: partition (u32), kind (u8), offset (u64), length (u64). */
    public static final int INDEX_ENTRY_LENGTH = 21;
    /** A version-1 index entry's length: partition (u32), offset (u64), length (u64), no kind. */
    public static final int INDEX_ENTRY_LENGTH_V1 = 20;

    /** Partition kind: the section holds the partition's full state. The only kind of version 1. */
    public static final int PARTITION_FULL = 0;
    /** Partition kind: the section holds changes (puts and deletes) since an earlier checkpoint. */
    public static final int PARTITION_DELTA = 1;

    /** Entry op, the low bit of the tag: a value, a list element appended, or a map entry put. */
    public static final int OP_PUT = 0;
    /** Entry op, the low bit of the tag: removes a (key, namespace), or one map entry; delta partitions only. */
    public static final int OP_DELETE = 1;

    /** Footer: where the meta section's offset is. */
    public static final int FOOTER_META_OFFSET_OFFSET = 0;
    /** Footer: where the index's offset is. */
    public static final int FOOTER_INDEX_OFFSET_OFFSET = 8;
    /** Footer: where the stream's total length is. */
    public static final int FOOTER_TOTAL_LENGTH_OFFSET = 16;
    /** Footer: a reserved word, zero. */
    public static final int FOOTER_RESERVED_OFFSET = 24;
    /** Footer: where the CRC32C of header, meta, index and footer prefix is. */
    public static final int FOOTER_CRC_OFFSET = 28;
    /** Footer: where the closing magic is. */
    public static final int FOOTER_MAGIC_OFFSET = 32;
    /** The footer's length. */
    public static final int FOOTER_LENGTH = 40;

    /** No stream is shorter than a header and a footer. */
    public static final int MIN_STREAM_LENGTH = HEADER_LENGTH + FOOTER_LENGTH;

    private StreamFormat()
    {
    }

    /**
     * @param version a format version this code reads.
     * @return the length of an index entry in that version.
     */
    static int indexEntryLength(final int version)
    {
        return version == VERSION_1 ? INDEX_ENTRY_LENGTH_V1 : INDEX_ENTRY_LENGTH;
    }

    /**
     * @param stateIndex the state's position in the meta.
     * @param op         {@link #OP_PUT} or {@link #OP_DELETE}.
     * @return the tag that starts an entry (version 2).
     */
    static int entryTag(final int stateIndex, final int op)
    {
        return stateIndex << 1 | op;
    }
}

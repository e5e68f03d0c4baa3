package io.cairn.checkpoint;

/**
 * The layout of a checkpoint's {@code _metadata} file, version 3, described in full in
 * {@code docs/checkpoint-metadata.md}. Version 2 is version 1 plus one handle tag
 * ({@link #TAG_INCREMENTAL_KEY_GROUPS}), version 3 is version 2 plus another ({@link #TAG_INCREMENTAL_SST}); files
 * of versions 1 and 2 are still read, and hold no handle of a later tag. All integers are
 * big-endian; counts and lengths are u32, checked against the bytes that remain before they are used.
 *
 * <pre>
 *  +------------------------------------------------------------------+  0
 *  | Header: magic (8) | version (u32)                                 |
 *  +------------------------------------------------------------------+  12
 *  | Body: jobId | checkpointId | timestamps | properties              |
 *  |       subtasks: keyed handles, operator handles                   |
 *  |       master states | stats                                       |
 *  +------------------------------------------------------------------+  length - 20
 *  | Footer: totalLength (u64) | crc32c (u32) | magic (8)              |
 *  +------------------------------------------------------------------+  length
 * </pre>
 *
 * <p>The CRC32C covers every byte before it: header, body and the footer's length. With the two magics it leaves
 * no byte unchecked, so any flipped byte and any truncation is found before the body is parsed.
 */
final class MetadataFormat
{
    /** The first and last 8 bytes of the file: ASCII {@code CAIRNMD1}. */
    static final long MAGIC = 0x434149524E4D4431L;
    /** The format version this code writes, and the newest it reads. */
    static final int VERSION = 3;
    /** The oldest format version this code reads. */
    static final int MIN_VERSION = 1;
    /** The first version that may hold {@link #TAG_INCREMENTAL_KEY_GROUPS}. */
    static final int VERSION_INCREMENTAL = 2;
    /** The first version that may hold {@link #TAG_INCREMENTAL_SST}. */
    static final int VERSION_INCREMENTAL_SST = 3;

    /** Header: where the magic is. */
    static final int MAGIC_OFFSET = 0;
    /** Header: where the version is. */
    static final int VERSION_OFFSET = 8;
    /** The header's length; the body starts here. */
    static final int HEADER_LENGTH = 12;

    /** Footer: where the file's total length is. */
    static final int FOOTER_TOTAL_LENGTH_OFFSET = 0;
    /** Footer: where the CRC32C of every byte before it is. */
    static final int FOOTER_CRC_OFFSET = 8;
    /** Footer: where the closing magic is. */
    static final int FOOTER_MAGIC_OFFSET = 12;
    /** The footer's length. */
    static final int FOOTER_LENGTH = 20;

    /** No metadata file is shorter than a header and a footer. */
    static final int MIN_LENGTH = HEADER_LENGTH + FOOTER_LENGTH;
    /** No metadata file is longer than a byte array can be. */
    static final long MAX_LENGTH = Integer.MAX_VALUE - 8;

    /** {@code CheckpointType.CHECKPOINT}. */
    static final int TYPE_CHECKPOINT = 0;
    /** {@code CheckpointType.SAVEPOINT}. */
    static final int TYPE_SAVEPOINT = 1;

    /** {@code CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION}. */
    static final int RETAIN_NEVER = 0;
    /** {@code CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION}. */
    static final int RETAIN_ON_CANCELLATION = 1;
    /** {@code CheckpointRetentionPolicy.RETAIN_ON_FAILURE}. */
    static final int RETAIN_ON_FAILURE = 2;

    /** Handle tag: a {@code KeyGroupsStateHandle}. */
    static final int TAG_KEY_GROUPS = 1;
    /** Handle tag: an {@code OperatorStateHandle}. */
    static final int TAG_OPERATOR = 2;
    /** Handle tag: a {@code FileStateHandle} whose file lies inside the checkpoint's directory (relative path). */
    static final int TAG_FILE_RELATIVE = 3;
    /** Handle tag: a {@code FileStateHandle} whose file lies elsewhere (absolute path). */
    static final int TAG_FILE_ABSOLUTE = 4;
    /** Handle tag: a {@code ByteStreamStateHandle}. */
    static final int TAG_BYTES = 5;
    /** Handle tag: an {@code IncrementalKeyGroupsStateHandle}; from version 2 on. */
    static final int TAG_INCREMENTAL_KEY_GROUPS = 6;
    /** Handle tag: an {@code IncrementalSstStateHandle}; from version 3 on. */
    static final int TAG_INCREMENTAL_SST = 7;

    /** The separator of a relative path's segments, whatever the platform's. */
    static final char PATH_SEPARATOR = '/';

    private MetadataFormat()
    {
    }
}

package io.cairn.checkpoint;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;

/**
 * Writes and reads a checkpoint's {@code _metadata} file: an explicit, versioned binary format (described in
 * {@code docs/checkpoint-metadata.md}), never Java serialisation.
 *
 * <p>The metadata file is what makes a checkpoint complete, so it is written last, after every state file it names
 * is durable, and it is written atomically and durably: to a temporary name in the same directory, fsynced,
 * renamed, and the directory fsynced. A crash leaves either no {@code _metadata} or a whole one. An existing one is
 * never overwritten.
 *
 * <p>Reading checks the whole file before parsing any of it: both magics, the version, the length and a CRC32C
 * over every byte. Damage of any kind is a {@link CorruptedStateException} naming the file and the offset.
 */
public final class CheckpointMetadataSerializer
{
    /** The name of a checkpoint's metadata file in its directory. */
    public static final String METADATA_FILE_NAME = "_metadata";

    private static final int MIN_SUBTASK_LENGTH = 2 * Integer.BYTES;
    private static final int MIN_MASTER_STATE_LENGTH = 2 * Integer.BYTES;

    private CheckpointMetadataSerializer()
    {
    }

    /**
     * Writes {@code <directory>/_metadata} atomically and durably. Files inside {@code directory} are recorded by
     * their path relative to it. Call it only once every state file the metadata names is durable.
     *
     * @param metadata  what to write.
     * @param directory the checkpoint's directory; it must exist.
     * @return the metadata file.
     * @throws IllegalArgumentException if a handle is of a type the format cannot record (nothing is written then).
     * @throws IllegalStateException    if the directory already holds a {@code _metadata} file.
     * @throws IOException              if the file cannot be written (nothing is left behind then).
     */
    public static Path write(final CheckpointMetadata metadata, final Path directory) throws IOException
    {
        if (metadata == null || directory == null)
        {
            throw new IllegalArgumentException("metadata=" + metadata + ", directory=" + directory +
                "; expected both non-null");
        }
        final Path absoluteDirectory = directory.toAbsolutePath().normalize();
        final Path file = absoluteDirectory.resolve(METADATA_FILE_NAME);
        MetadataFiles.writeAtomically(file, (out) -> encode(metadata, absoluteDirectory, new MetadataOutput(out)));
        return file;
    }

    /**
     * Reads {@code <directory>/_metadata}; relative file paths in it are resolved against {@code directory}.
     *
     * @param directory the checkpoint's directory.
     * @return the metadata.
     * @throws java.nio.file.NoSuchFileException if there is no metadata file.
     * @throws CorruptedStateException           if the file is damaged, truncated, foreign or of a newer version.
     * @throws IOException                       if the file cannot be read.
     */
    public static CheckpointMetadata read(final Path directory) throws IOException
    {
        return read(directory, null, -1);
    }

    /**
     * Reads {@code <directory>/_metadata} and checks that it is the metadata of the expected job and checkpoint.
     *
     * @param directory            the checkpoint's directory.
     * @param expectedJobId        the job it must belong to, or null for any.
     * @param expectedCheckpointId the id it must have, or -1 for any.
     * @return the metadata.
     * @throws CorruptedStateException if it is damaged, or another job's or checkpoint's metadata.
     * @throws IOException             if the file cannot be read.
     */
    static CheckpointMetadata read(final Path directory, final String expectedJobId, final long expectedCheckpointId)
        throws IOException
    {
        final Path absoluteDirectory = directory.toAbsolutePath().normalize();
        final Path file = absoluteDirectory.resolve(METADATA_FILE_NAME);
        final byte[] bytes = readChecked(file);
        final int version = ByteBuffer.wrap(bytes).getInt(MetadataFormat.VERSION_OFFSET);
        final MetadataInput in = new MetadataInput(file.toString(), version, bytes, MetadataFormat.HEADER_LENGTH,
            bytes.length - MetadataFormat.FOOTER_LENGTH);
        final CheckpointMetadata metadata = decode(in, absoluteDirectory, expectedJobId, expectedCheckpointId);
        if (in.remaining() != 0)
        {
            throw in.corrupt(in.position(), in.remaining() + " unexpected bytes after the stats; expected the footer");
        }
        return metadata;
    }

    private static void encode(final CheckpointMetadata metadata, final Path directory, final MetadataOutput out)
        throws IOException
    {
        out.writeLong(MetadataFormat.MAGIC);
        out.writeInt(MetadataFormat.VERSION);
        out.writeString(metadata.getJobId(), "jobId");
        out.writeLong(metadata.getCheckpointId());
        out.writeLong(metadata.getTimestamp());
        out.writeLong(metadata.getCompletionTimestamp());
        encodeProperties(metadata.getProperties(), out);

        final List<TaskStateSnapshot> taskStates = metadata.getTaskStates();
        out.writeInt(taskStates.size());
        for (int subtask = 0; subtask < taskStates.size(); subtask++)
        {
            final TaskStateSnapshot state = taskStates.get(subtask);
            final List<KeyedStateHandle> keyed = state.getKeyedState();
            out.writeInt(keyed.size());
            for (int i = 0; i < keyed.size(); i++)
            {
                MetadataHandles.writeKeyed(
                    out, keyed.get(i), directory, "taskStates[" + subtask + "].keyedState[" + i + "]");
            }
            final List<OperatorStateHandle> operator = state.getOperatorState();
            out.writeInt(operator.size());
            for (int i = 0; i < operator.size(); i++)
            {
                MetadataHandles.writeOperator(
                    out, operator.get(i), directory, "taskStates[" + subtask + "].operatorState[" + i + "]");
            }
        }

        final List<MasterState> masterStates = metadata.getMasterStates();
        out.writeInt(masterStates.size());
        for (final MasterState masterState : masterStates)
        {
            out.writeString(masterState.name(), "masterState.name");
            out.writeBytes(masterState.bytes());
        }

        final CompletedCheckpointStats stats = metadata.getStats();
        out.writeLong(stats.getCheckpointId());
        out.writeLong(stats.getTriggerTimestamp());
        out.writeLong(stats.getEndToEndDurationMillis());
        out.writeLong(stats.getStateSize());
        out.writeLong(stats.getMaxSyncDurationNanos());
        out.writeLong(stats.getMaxAsyncDurationNanos());
        out.writeInt(stats.getNumberOfSubtasks());

        // Footer: the length is covered by the CRC, the CRC by itself, the magic by being compared.
        out.writeLong(out.position() + MetadataFormat.FOOTER_LENGTH);
        out.writeInt(out.crc());
        out.writeLong(MetadataFormat.MAGIC);
    }

    private static void encodeProperties(final CheckpointProperties properties, final MetadataOutput out)
        throws IOException
    {
        out.writeByte(properties.isSavepoint() ? MetadataFormat.TYPE_SAVEPOINT : MetadataFormat.TYPE_CHECKPOINT);
        switch (properties.getRetentionPolicy())
        {
            case NEVER_RETAIN_AFTER_TERMINATION:
                out.writeByte(MetadataFormat.RETAIN_NEVER);
                break;
            case RETAIN_ON_CANCELLATION:
                out.writeByte(MetadataFormat.RETAIN_ON_CANCELLATION);
                break;
            case RETAIN_ON_FAILURE:
                out.writeByte(MetadataFormat.RETAIN_ON_FAILURE);
                break;
            default:
                throw new IllegalArgumentException("retentionPolicy=" + properties.getRetentionPolicy() +
                    "; expected a policy the metadata format knows");
        }
        out.writeByte(properties.isForced() ? 1 : 0);
    }

    private static CheckpointMetadata decode(
        final MetadataInput in, final Path directory, final String expectedJobId, final long expectedCheckpointId)
        throws CorruptedStateException
    {
        final int jobIdAt = in.position();
        final String jobId = in.readString("jobId");
        if (expectedJobId != null && !expectedJobId.equals(jobId))
        {
            throw in.corrupt(jobIdAt, "jobId=\"" + jobId + "\"; expected \"" + expectedJobId +
                "\", the job whose checkpoints directory holds it");
        }
        final int idAt = in.position();
        final long checkpointId = in.readLong("checkpointId");
        if (checkpointId < 0 || (expectedCheckpointId >= 0 && checkpointId != expectedCheckpointId))
        {
            throw in.corrupt(idAt, "checkpointId=" + checkpointId + "; expected " +
                (expectedCheckpointId >= 0 ? expectedCheckpointId + ", the id its directory is named by" : ">= 0"));
        }
        final long timestamp = in.readLong("timestamp");
        final long completionTimestamp = in.readLong("completionTimestamp");
        final CheckpointProperties properties = decodeProperties(in);

        final int subtasks = in.readCount("subtask count", MIN_SUBTASK_LENGTH);
        final List<TaskStateSnapshot> taskStates = new ArrayList<>(subtasks);
        for (int subtask = 0; subtask < subtasks; subtask++)
        {
            final int keyedCount = in.readCount("keyed handle count", MetadataHandles.MIN_KEYED_HANDLE_LENGTH);
            final List<KeyedStateHandle> keyed = new ArrayList<>(keyedCount);
            for (int i = 0; i < keyedCount; i++)
            {
                keyed.add(MetadataHandles.readKeyed(in, directory));
            }
            final int operatorCount =
                in.readCount("operator handle count", MetadataHandles.MIN_OPERATOR_HANDLE_LENGTH);
            final List<OperatorStateHandle> operator = new ArrayList<>(operatorCount);
            for (int i = 0; i < operatorCount; i++)
            {
                operator.add(MetadataHandles.readOperator(in, directory));
            }
            taskStates.add(new TaskStateSnapshot(keyed, operator));
        }

        final int masterCount = in.readCount("master state count", MIN_MASTER_STATE_LENGTH);
        final List<MasterState> masterStates = new ArrayList<>(masterCount);
        for (int i = 0; i < masterCount; i++)
        {
            final String name = in.readString("master state name");
            masterStates.add(new MasterState(name, in.readBytes("master state bytes")));
        }

        final CompletedCheckpointStats stats = new CompletedCheckpointStats(
            in.readLong("stats checkpointId"),
            in.readLong("stats triggerTimestamp"),
            in.readLong("stats endToEndDurationMillis"),
            in.readLong("stats stateSize"),
            in.readLong("stats maxSyncDurationNanos"),
            in.readLong("stats maxAsyncDurationNanos"),
            in.readInt("stats numberOfSubtasks"));
        return new CheckpointMetadata(jobId, checkpointId, timestamp, completionTimestamp, properties, taskStates,
            masterStates, stats);
    }

    private static CheckpointProperties decodeProperties(final MetadataInput in) throws CorruptedStateException
    {
        final int typeAt = in.position();
        final int type = in.readByte("checkpoint type");
        final int retentionAt = in.position();
        final int retention = in.readByte("retention policy");
        final int forcedAt = in.position();
        final int forced = in.readByte("forced");
        if (forced != 0 && forced != 1)
        {
            throw in.corrupt(forcedAt, "forced=" + forced + "; expected 0 or 1");
        }
        if (type == MetadataFormat.TYPE_SAVEPOINT)
        {
            if (retention != MetadataFormat.RETAIN_ON_FAILURE)
            {
                throw in.corrupt(retentionAt, "retention policy=" + retention + " of a savepoint; expected " +
                    MetadataFormat.RETAIN_ON_FAILURE + " (RETAIN_ON_FAILURE), the only one a savepoint has");
            }
            return CheckpointProperties.forSavepoint(forced == 1);
        }
        if (type != MetadataFormat.TYPE_CHECKPOINT)
        {
            throw in.corrupt(typeAt, "checkpoint type=" + type + "; expected " + MetadataFormat.TYPE_CHECKPOINT +
                " (checkpoint) or " + MetadataFormat.TYPE_SAVEPOINT + " (savepoint)");
        }
        if (forced != 0)
        {
            throw in.corrupt(forcedAt, "forced=1 for a checkpoint; expected 0, as only savepoints are forced");
        }
        final CheckpointRetentionPolicy policy;
        switch (retention)
        {
            case MetadataFormat.RETAIN_NEVER:
                policy = CheckpointRetentionPolicy.NEVER_RETAIN_AFTER_TERMINATION;
                break;
            case MetadataFormat.RETAIN_ON_CANCELLATION:
                policy = CheckpointRetentionPolicy.RETAIN_ON_CANCELLATION;
                break;
            case MetadataFormat.RETAIN_ON_FAILURE:
                policy = CheckpointRetentionPolicy.RETAIN_ON_FAILURE;
                break;
            default:
                throw in.corrupt(retentionAt, "retention policy=" + retention + "; expected 0 (never retain), " +
                    "1 (retain on cancellation) or 2 (retain on failure)");
        }
        return CheckpointProperties.forCheckpoint(policy);
    }

    /**
     * Reads the whole file and checks its frame: length, magics, version, footer length and CRC32C, in an order
     * that names the likeliest cause (a foreign file, a newer version, a truncation, damage).
     */
    private static byte[] readChecked(final Path file) throws IOException
    {
        final String name = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final long size = channel.size();
            if (size < MetadataFormat.MIN_LENGTH)
            {
                throw new CorruptedStateException(name, size, "truncated: the file has " + size +
                    " bytes, fewer than the " + MetadataFormat.MIN_LENGTH + " of a header and a footer");
            }
            final ByteBuffer header = ByteBuffer.allocate(MetadataFormat.HEADER_LENGTH);
            readFully(channel, header, 0, name);
            final long footerOffset = size - MetadataFormat.FOOTER_LENGTH;
            final ByteBuffer footer = ByteBuffer.allocate(MetadataFormat.FOOTER_LENGTH);
            readFully(channel, footer, footerOffset, name);
            checkFrame(name, size, header, footer);

            final byte[] bytes = new byte[(int)size];
            readFully(channel, ByteBuffer.wrap(bytes), 0, name);
            final CRC32C crc = new CRC32C();
            crc.update(bytes, 0, (int)footerOffset + MetadataFormat.FOOTER_CRC_OFFSET);
            final int stored = ByteBuffer.wrap(bytes).getInt((int)footerOffset + MetadataFormat.FOOTER_CRC_OFFSET);
            if (stored != (int)crc.getValue())
            {
                throw new CorruptedStateException(name, footerOffset + MetadataFormat.FOOTER_CRC_OFFSET,
                    "damaged: CRC32C is 0x" + Integer.toHexString((int)crc.getValue()) + ", the footer says 0x" +
                    Integer.toHexString(stored));
            }
            return bytes;
        }
    }

    private static void checkFrame(final String name, final long size, final ByteBuffer header, final ByteBuffer footer)
        throws CorruptedStateException
    {
        final long footerOffset = size - MetadataFormat.FOOTER_LENGTH;
        final long headMagic = header.getLong(MetadataFormat.MAGIC_OFFSET);
        final long tailMagic = footer.getLong(MetadataFormat.FOOTER_MAGIC_OFFSET);
        if (headMagic != MetadataFormat.MAGIC)
        {
            throw new CorruptedStateException(name, MetadataFormat.MAGIC_OFFSET, tailMagic == MetadataFormat.MAGIC ?
                "damaged header: magic 0x" + Long.toHexString(headMagic) + "; expected 0x" +
                Long.toHexString(MetadataFormat.MAGIC) + " (CAIRNMD1)" :
                "not a Cairn checkpoint metadata file: magic 0x" + Long.toHexString(headMagic) + "; expected 0x" +
                Long.toHexString(MetadataFormat.MAGIC) + " (CAIRNMD1)");
        }
        final int version = header.getInt(MetadataFormat.VERSION_OFFSET);
        if (version < MetadataFormat.MIN_VERSION || version > MetadataFormat.VERSION)
        {
            throw new CorruptedStateException(name, MetadataFormat.VERSION_OFFSET, version > MetadataFormat.VERSION ?
                "metadata format version " + version + " is newer than " + MetadataFormat.VERSION +
                ", the newest this version of Cairn reads: read it with the newer Cairn that wrote it (if none " +
                "did, the version field is damaged)" :
                "unknown metadata format version " + version + "; expected " + MetadataFormat.MIN_VERSION + " to " +
                MetadataFormat.VERSION);
        }
        if (tailMagic != MetadataFormat.MAGIC)
        {
            throw new CorruptedStateException(name, footerOffset + MetadataFormat.FOOTER_MAGIC_OFFSET,
                "truncated or damaged: the closing magic is 0x" + Long.toHexString(tailMagic) + "; expected 0x" +
                Long.toHexString(MetadataFormat.MAGIC) + " (CAIRNMD1)");
        }
        final long totalLength = footer.getLong(MetadataFormat.FOOTER_TOTAL_LENGTH_OFFSET);
        if (totalLength != size)
        {
            throw new CorruptedStateException(name, footerOffset + MetadataFormat.FOOTER_TOTAL_LENGTH_OFFSET,
                "truncated or damaged: the footer says " + totalLength + " bytes, the file has " + size);
        }
        if (size > MetadataFormat.MAX_LENGTH)
        {
            throw new CorruptedStateException(name, footerOffset + MetadataFormat.FOOTER_TOTAL_LENGTH_OFFSET,
                "length=" + size + "; expected at most " + MetadataFormat.MAX_LENGTH + " bytes of metadata");
        }
    }

    private static void readFully(
        final FileChannel channel, final ByteBuffer target, final long position, final String name)
        throws IOException
    {
        while (target.hasRemaining())
        {
            final long at = position + target.position();
            if (channel.read(target, at) < 0)
            {
                final CorruptedStateException ex = new CorruptedStateException(name, at,
                    "truncated: the file ended while it was read");
                ex.initCause(new EOFException(name));
                throw ex;
            }
        }
    }
}

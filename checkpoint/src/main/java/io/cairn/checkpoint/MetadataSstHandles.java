package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.snapshot.UploadedFile;

/**
 * How an {@link IncrementalSstStateHandle} is written to and read from checkpoint metadata (format version 3, tag
 * {@link MetadataFormat#TAG_INCREMENTAL_SST}):
 *
 * <pre>
 *  7 | startKeyGroup (u32) | endKeyGroup (u32) | checkpointId (i64) | backendId (u64 most, u64 least significant)
 *    | meta: file
 *    | sharedCount (u32), then per SST file: writerCheckpointId (i64) | file
 *    | privateCount (u32), then per private file: file
 *  file = fileName (string) | length (i64) | crc32c (u32) | stream handle
 * </pre>
 *
 * Reading checks what the handle's constructor would, but at the offset of the field at fault: the checkpoint id
 * not negative, every file name a plain name and unique in the handle, every length not negative and equal to its
 * stream's size, every writer id between 0 and the handle's checkpoint id, and no stream in two files. A private
 * file and the meta stream are written by the handle's own checkpoint, so they record no writer.
 */
final class MetadataSstHandles
{
    /** The fewest bytes a file takes: a one-byte name, its length and CRC, and a stream handle. */
    private static final int MIN_FILE_LENGTH =
        Integer.BYTES + 1 + Long.BYTES + Integer.BYTES + MetadataHandles.MIN_STREAM_HANDLE_LENGTH;

    private MetadataSstHandles()
    {
    }

    static void write(
        final MetadataOutput out, final IncrementalSstStateHandle handle, final Path directory, final String where)
        throws IOException
    {
        final KeyGroupRange range = handle.getKeyGroupRange();
        out.writeByte(MetadataFormat.TAG_INCREMENTAL_SST);
        out.writeInt(range.getStartKeyGroup());
        out.writeInt(range.getEndKeyGroup());
        out.writeLong(handle.getCheckpointId());
        out.writeLong(handle.getBackendId().getMostSignificantBits());
        out.writeLong(handle.getBackendId().getLeastSignificantBits());
        writeFile(out, handle.getMeta(), directory, where + ".meta");
        final List<UploadedFile> shared = handle.getSharedFiles();
        out.writeInt(shared.size());
        for (int i = 0; i < shared.size(); i++)
        {
            out.writeLong(shared.get(i).checkpointId());
            writeFile(out, shared.get(i), directory, where + ".sharedFiles[" + i + "]");
        }
        final List<UploadedFile> privateFiles = handle.getPrivateFiles();
        out.writeInt(privateFiles.size());
        for (int i = 0; i < privateFiles.size(); i++)
        {
            writeFile(out, privateFiles.get(i), directory, where + ".privateFiles[" + i + "]");
        }
    }

    private static void writeFile(
        final MetadataOutput out, final UploadedFile file, final Path directory, final String where)
        throws IOException
    {
        out.writeString(file.fileName(), where + ".fileName");
        out.writeLong(file.length());
        out.writeInt(file.crc32c());
        MetadataHandles.writeStream(out, file.stream(), directory, where + ".stream");
    }

    /** Reads the handle whose tag was just read at {@code in.position() - 1}. */
    static IncrementalSstStateHandle read(final MetadataInput in, final Path directory)
        throws CorruptedStateException
    {
        final int at = in.position() - 1;
        final KeyGroupRange range = MetadataHandles.readRange(in);
        final int idAt = in.position();
        final long checkpointId = in.readLong("SST handle checkpointId");
        if (checkpointId < 0)
        {
            throw in.corrupt(idAt, "SST handle checkpointId=" + checkpointId + "; expected >= 0");
        }
        final UUID backendId = new UUID(in.readLong("backendId"), in.readLong("backendId"));
        final HandleFiles files = new HandleFiles(in, directory);
        final UploadedFile meta = files.read(checkpointId, "meta");
        final int sharedCount = in.readCount("SST file count", Long.BYTES + MIN_FILE_LENGTH);
        final List<UploadedFile> shared = new ArrayList<>(sharedCount);
        for (int i = 0; i < sharedCount; i++)
        {
            final int writerAt = in.position();
            final long writer = in.readLong("SST file checkpointId");
            if (writer < 0 || writer > checkpointId)
            {
                throw in.corrupt(writerAt, "sharedFiles[" + i + "] checkpointId=" + writer + "; expected 0.." +
                    checkpointId + ", a checkpoint not newer than the handle's");
            }
            shared.add(files.read(writer, "sharedFiles[" + i + "]"));
        }
        final int privateCount = in.readCount("private file count", MIN_FILE_LENGTH);
        final List<UploadedFile> privateFiles = new ArrayList<>(privateCount);
        for (int i = 0; i < privateCount; i++)
        {
            privateFiles.add(files.read(checkpointId, "privateFiles[" + i + "]"));
        }
        try
        {
            return new IncrementalSstStateHandle(range, checkpointId, backendId, meta, shared, privateFiles);
        }
        catch (final IllegalArgumentException ex)
        {
            throw MetadataHandles.corrupt(in, at, "bad SST handle: " + ex.getMessage(), ex);
        }
    }

    /** Reads the files of one handle, checking that names and streams are unique in it. */
    private static final class HandleFiles
    {
        private final MetadataInput in;
        private final Path directory;
        private final Map<String, String> names = new HashMap<>();
        private final Map<StreamStateHandle, String> streams = new HashMap<>();

        HandleFiles(final MetadataInput in, final Path directory)
        {
            this.in = in;
            this.directory = directory;
        }

        UploadedFile read(final long checkpointId, final String what) throws CorruptedStateException
        {
            final int nameAt = in.position();
            final String name = in.readString(what + " fileName");
            if (!UploadedFile.isPlainFileName(name))
            {
                throw in.corrupt(nameAt, what + " fileName=\"" + name + "\"; expected a plain file name: not " +
                    "empty, \".\" or \"..\", without '/', '\\' or NUL");
            }
            final String sameName = names.putIfAbsent(name, what);
            if (sameName != null)
            {
                throw in.corrupt(nameAt, what + " fileName=\"" + name + "\" is the name of " + sameName +
                    " too; expected file names unique in the handle");
            }
            final int lengthAt = in.position();
            final long length = in.readLong(what + " length");
            if (length < 0)
            {
                throw in.corrupt(lengthAt, what + " length=" + length + "; expected >= 0");
            }
            final int crc32c = in.readInt(what + " crc32c");
            final int streamAt = in.position();
            final StreamStateHandle stream = MetadataHandles.readStream(in, directory);
            if (stream.getStateSize() != length)
            {
                throw in.corrupt(lengthAt, what + " length=" + length + "; expected the size of its stream " +
                    stream.describe() + ", " + stream.getStateSize());
            }
            final String sameStream = streams.putIfAbsent(stream, what);
            if (sameStream != null)
            {
                throw in.corrupt(streamAt, what + " stream=" + stream.describe() + " is the stream of " +
                    sameStream + " too; expected each stream in one file of the handle");
            }
            return new UploadedFile(name, stream, checkpointId, length, crc32c);
        }
    }
}

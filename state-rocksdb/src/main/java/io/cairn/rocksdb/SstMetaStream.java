package io.cairn.rocksdb;

import java.io.IOException;
import java.util.Map;

import io.cairn.codec.Codec;
import io.cairn.format.KeyedRestorePlan;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamReader;
import io.cairn.format.StateStreamWriter;
import io.cairn.format.StreamMeta;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.UploadedFile;

/**
 * The meta stream of an incremental checkpoint's files ({@link io.cairn.snapshot.IncrementalSstStateHandle}): a
 * state stream with no partitions ({@code docs/format.md}), so its meta (the writer's max parallelism, key-group
 * range and key codec, and every state's name, kind and codecs) comes with the stream format's own magic, version,
 * footer and CRC32C. A state's column family is named after it ({@link StateColumn#columnFamilyName}), so the meta
 * is all a restore needs to map the database's column families to states.
 */
final class SstMetaStream
{
    /** The name the meta stream is recorded under in the handle; no RocksDB file has it. */
    static final String FILE_NAME = "cairn-meta";

    private SstMetaStream()
    {
    }

    /**
     * Writes the meta stream, exclusive to the checkpoint.
     *
     * @return it, with its length and CRC32C.
     */
    static UploadedFile write(final CheckpointStreamFactory factory, final StreamMeta meta) throws IOException
    {
        try (CheckpointStateOutputStream out =
            factory.createCheckpointStateOutputStream(CheckpointedStateScope.EXCLUSIVE))
        {
            final UploadedFiles.Checksummed checksummed = new UploadedFiles.Checksummed(out);
            new StateStreamWriter(checksummed, meta).finish();
            return UploadedFiles.uploaded(FILE_NAME, out, checksummed, meta.checkpointId());
        }
    }

    /**
     * Reads a meta stream (its length and CRC32C checked first, then the stream's own structure) and checks that
     * it fits the backend, adding its states to {@code states}.
     *
     * @param file              the meta stream.
     * @param numberOfKeyGroups the backend's max parallelism.
     * @param keyCodec          the backend's key codec.
     * @param states            the states seen so far, by name.
     * @return the meta.
     * @throws CorruptedStateException if the stream is damaged or not a keyed state stream.
     * @throws io.cairn.backend.IncompatibleStateException if it was written with another max parallelism or key
     *                                                     codec, or a state disagrees with one seen before.
     * @throws IOException             if it cannot be read.
     */
    static StreamMeta read(
        final UploadedFile file,
        final int numberOfKeyGroups,
        final Codec<?> keyCodec,
        final Map<String, StateMetaInfo> states) throws IOException
    {
        final byte[] bytes = UploadedFiles.read(file);
        try (StateStreamReader reader =
            StateStreamReader.open(new ByteStreamStateHandle(file.stream().describe(), bytes)))
        {
            KeyedRestorePlan.checkFits(reader, numberOfKeyGroups, keyCodec, states);
            if (reader.partitions().length != 0)
            {
                throw new CorruptedStateException(reader.describe(), 0, "the meta stream of checkpoint " +
                    file.checkpointId() + " holds " + reader.partitions().length + " partitions; expected none");
            }
            return reader.meta();
        }
    }
}

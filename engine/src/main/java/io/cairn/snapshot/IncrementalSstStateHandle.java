package io.cairn.snapshot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import io.cairn.keygroup.KeyGroupRange;

/**
 * The keyed state of an incremental checkpoint of the RocksDB backend: the files of a RocksDB checkpoint of the
 * backend's database, which a restore downloads into a directory and opens as a database again.
 *
 * <ul>
 *     <li><em>Shared files</em>: the SST files. RocksDB never changes an SST file once written, so a file uploaded
 *     by one checkpoint is referenced, not uploaded again, by the next ones for as long as it is live in the
 *     database. Each records the id of the checkpoint that uploaded it.</li>
 *     <li><em>Private files</em>: the rest of the checkpoint directory (the {@code MANIFEST}, {@code CURRENT} and
 *     {@code OPTIONS} files, which change with every checkpoint), uploaded by this checkpoint for itself alone.</li>
 *     <li>The <em>meta stream</em>: a state stream without partitions ({@code docs/format.md}) whose meta names the
 *     states (name, kind, codecs) with the writer's max parallelism, key-group range and key codec, so that a
 *     restore checks compatibility and creates the column families before it opens anything. Private too.</li>
 * </ul>
 *
 * <p>Every file records its length and CRC32C ({@link UploadedFile}); a restore checks both before it opens the
 * database. The backend id names the RocksDB backend instance that wrote the handle: file names are unique only
 * within one database, so two handles' files are the same file only if their streams are equal.
 *
 * <p>Ownership ({@link SharedStateHandle}): the SST files are shared, the private files and the meta stream
 * exclusive. {@link #discardState()} deletes only what this handle's checkpoint wrote: its private files, its meta
 * stream and the SST files it uploaded itself, never those of earlier checkpoints.
 *
 * <p>The off-heap backend cannot restore this handle; a savepoint (always whole, in the portable stream format)
 * moves state between backends.
 */
public final class IncrementalSstStateHandle implements SharedStateHandle
{
    private static final long serialVersionUID = 1L;

    private final KeyGroupRange keyGroupRange;
    private final long checkpointId;
    private final UUID backendId;
    private final UploadedFile meta;
    private final List<UploadedFile> sharedFiles;
    private final List<UploadedFile> privateFiles;

    /**
     * @param keyGroupRange the key groups the handle stands for (the writer's, or a part of them).
     * @param checkpointId  the checkpoint it belongs to, {@code >= 0}.
     * @param backendId     the backend instance that wrote it.
     * @param meta          the meta stream, written by this checkpoint.
     * @param sharedFiles   the SST files, each written by this checkpoint or an earlier one.
     * @param privateFiles  the other files of the RocksDB checkpoint, written by this checkpoint.
     * @throws IllegalArgumentException if an argument is null or inconsistent (a file of a newer checkpoint, a
     *                                  private file of another, two files of one name or stream), naming what.
     */
    public IncrementalSstStateHandle(
        final KeyGroupRange keyGroupRange,
        final long checkpointId,
        final UUID backendId,
        final UploadedFile meta,
        final List<UploadedFile> sharedFiles,
        final List<UploadedFile> privateFiles)
    {
        if (keyGroupRange == null || keyGroupRange.isEmpty())
        {
            throw new IllegalArgumentException("keyGroupRange=" + keyGroupRange + "; expected a non-empty range");
        }
        if (checkpointId < 0)
        {
            throw new IllegalArgumentException("checkpointId=" + checkpointId + "; expected >= 0");
        }
        if (backendId == null || meta == null || sharedFiles == null || privateFiles == null)
        {
            throw new IllegalArgumentException("backendId=" + backendId + ", meta=" + meta + ", sharedFiles=" +
                sharedFiles + ", privateFiles=" + privateFiles + "; expected all non-null");
        }
        if (meta.checkpointId() != checkpointId)
        {
            throw new IllegalArgumentException("meta=" + meta + "; expected a stream of checkpoint " + checkpointId);
        }
        final Set<String> names = new HashSet<>();
        final Set<StreamStateHandle> streams = new HashSet<>();
        checkDistinct(meta, "meta", names, streams);
        for (int i = 0; i < sharedFiles.size(); i++)
        {
            final UploadedFile file = sharedFiles.get(i);
            if (file == null || file.checkpointId() > checkpointId)
            {
                throw new IllegalArgumentException("sharedFiles[" + i + "]=" + file + "; expected a file of " +
                    "checkpoint 0.." + checkpointId + ", not newer than this one");
            }
            checkDistinct(file, "sharedFiles[" + i + "]", names, streams);
        }
        for (int i = 0; i < privateFiles.size(); i++)
        {
            final UploadedFile file = privateFiles.get(i);
            if (file == null || file.checkpointId() != checkpointId)
            {
                throw new IllegalArgumentException("privateFiles[" + i + "]=" + file + "; expected a file of " +
                    "checkpoint " + checkpointId + ", which alone references it");
            }
            checkDistinct(file, "privateFiles[" + i + "]", names, streams);
        }
        this.keyGroupRange = keyGroupRange;
        this.checkpointId = checkpointId;
        this.backendId = backendId;
        this.meta = meta;
        this.sharedFiles = List.copyOf(sharedFiles);
        this.privateFiles = List.copyOf(privateFiles);
    }

    private static void checkDistinct(
        final UploadedFile file, final String what, final Set<String> names, final Set<StreamStateHandle> streams)
    {
        if (!names.add(file.fileName()))
        {
            throw new IllegalArgumentException(what + "=" + file + "; expected file names unique in the handle");
        }
        if (!streams.add(file.stream()))
        {
            throw new IllegalArgumentException(what + "=" + file + "; expected each stream in one file of the handle");
        }
    }

    @Override
    public KeyGroupRange getKeyGroupRange()
    {
        return keyGroupRange;
    }

    @Override
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return the backend instance that wrote the handle. */
    public UUID getBackendId()
    {
        return backendId;
    }

    /** @return the meta stream: the states, max parallelism, key-group range and key codec of the writer. */
    public UploadedFile getMeta()
    {
        return meta;
    }

    /** @return the SST files, each uploaded by this checkpoint or an earlier one (unmodifiable). */
    public List<UploadedFile> getSharedFiles()
    {
        return sharedFiles;
    }

    /** @return the other files of the RocksDB checkpoint, uploaded by this checkpoint (unmodifiable). */
    public List<UploadedFile> getPrivateFiles()
    {
        return privateFiles;
    }

    /** @return the streams of the SST files, in the order of {@link #getSharedFiles()}. */
    @Override
    public List<StreamStateHandle> getSharedStreams()
    {
        final List<StreamStateHandle> streams = new ArrayList<>(sharedFiles.size());
        for (final UploadedFile file : sharedFiles)
        {
            streams.add(file.stream());
        }
        return Collections.unmodifiableList(streams);
    }

    @Override
    public long getSharedStreamCheckpointId(final int index)
    {
        return sharedFiles.get(index).checkpointId();
    }

    /** @return the meta stream and the streams of the private files. */
    @Override
    public List<StreamStateHandle> getExclusiveStreams()
    {
        final List<StreamStateHandle> streams = new ArrayList<>(privateFiles.size() + 1);
        streams.add(meta.stream());
        for (final UploadedFile file : privateFiles)
        {
            streams.add(file.stream());
        }
        return Collections.unmodifiableList(streams);
    }

    /**
     * @return a handle to the same files standing for the key groups of both ranges, or null if they do not meet.
     * The files are RocksDB's and cannot be cut: a restore reads what it owns of them and deletes the rest.
     */
    @Override
    public IncrementalSstStateHandle getIntersection(final KeyGroupRange range)
    {
        final KeyGroupRange intersection = keyGroupRange.getIntersection(range);
        if (intersection.isEmpty())
        {
            return null;
        }
        return intersection.equals(keyGroupRange) ? this :
            new IncrementalSstStateHandle(intersection, checkpointId, backendId, meta, sharedFiles, privateFiles);
    }

    /**
     * Deletes what this handle's checkpoint wrote (its meta stream, its private files and the SST files it
     * uploaded), for a checkpoint that did not complete. SST files of earlier checkpoints are left to the registry
     * that counts their references.
     */
    @Override
    public void discardState() throws IOException
    {
        StateHandles.discardAll(getOwnStreams());
    }

    /** @return the bytes of every file: what a restore downloads. */
    @Override
    public long getStateSize()
    {
        long size = meta.length();
        for (final UploadedFile file : sharedFiles)
        {
            size += file.length();
        }
        for (final UploadedFile file : privateFiles)
        {
            size += file.length();
        }
        return size;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof IncrementalSstStateHandle))
        {
            return false;
        }
        final IncrementalSstStateHandle that = (IncrementalSstStateHandle)o;
        return checkpointId == that.checkpointId && keyGroupRange.equals(that.keyGroupRange) &&
            backendId.equals(that.backendId) && meta.equals(that.meta) && sharedFiles.equals(that.sharedFiles) &&
            privateFiles.equals(that.privateFiles);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(keyGroupRange, checkpointId, backendId, sharedFiles);
    }

    @Override
    public String toString()
    {
        return "IncrementalSstStateHandle{" + keyGroupRange + ", checkpointId=" + checkpointId + ", backendId=" +
            backendId + ", sharedFiles=" + sharedFiles.size() + ", privateFiles=" + privateFiles.size() +
            ", checkpointedSize=" + getCheckpointedSize() + "}";
    }
}

package io.cairn.rocksdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RunnableFuture;
import java.util.stream.Stream;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StreamMeta;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.AsyncSnapshotTask;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SnapshotResult;
import io.cairn.snapshot.StateHandles;
import io.cairn.snapshot.StreamStateHandle;
import io.cairn.snapshot.UploadedFile;

/**
 * An incremental checkpoint of a RocksDB backend, from a RocksDB checkpoint of its database.
 *
 * <p>{@link #capture} is the synchronous part: RocksDB flushes the memtables and hard-links the live SST files
 * (copies the few other files) into a new directory in the backend's working directory. Writes wait for the flush,
 * no longer; the links cost microseconds each, whatever the files' sizes. It also takes the list of states and the
 * SST files already uploaded by the last checkpoint the backend was told completed ({@link SstUploads}).
 *
 * <p>Running the returned future is the asynchronous part. Each SST file the confirmed checkpoint uploaded (same
 * name, same length) is referenced, not uploaded; every other SST file is uploaded once into a SHARED stream, the
 * other files (MANIFEST, CURRENT, OPTIONS) into EXCLUSIVE ones, computing each file's length and CRC32C while it is
 * copied; then the meta stream. The handle lists them all ({@link IncrementalSstStateHandle}), and its SST files
 * are remembered until the checkpoint completes (then the next one builds on them) or is aborted (then never).
 *
 * <p>The local directory is deleted, and the lease on the instance returned, when the upload ends, fails or is
 * cancelled (a cancel before it started included). A failed or cancelled upload deletes the streams it wrote.
 */
final class IncrementalSstSnapshot implements Callable<SnapshotResult<KeyedStateHandle>>
{
    private static final String SST_SUFFIX = ".sst";

    private final long checkpointId;
    private final StreamMeta meta;
    private final UUID backendId;
    private final Path localDirectory;
    private final Map<String, UploadedFile> confirmed;
    private final SstUploads uploads;
    private final CheckpointStreamFactory streamFactory;

    private IncrementalSstSnapshot(
        final long checkpointId,
        final StreamMeta meta,
        final UUID backendId,
        final Path localDirectory,
        final Map<String, UploadedFile> confirmed,
        final SstUploads uploads,
        final CheckpointStreamFactory streamFactory)
    {
        this.checkpointId = checkpointId;
        this.meta = meta;
        this.backendId = backendId;
        this.localDirectory = localDirectory;
        this.confirmed = confirmed;
        this.uploads = uploads;
        this.streamFactory = streamFactory;
    }

    /**
     * The synchronous part: a RocksDB checkpoint of the database as it is now.
     *
     * @return the asynchronous part.
     * @throws RocksDbAccessException if RocksDB cannot create the checkpoint.
     */
    static RunnableFuture<SnapshotResult<KeyedStateHandle>> capture(
        final long checkpointId,
        final long timestamp,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final UUID backendId,
        final RocksDbInstance instance,
        final Collection<StateColumn> columns,
        final SstUploads uploads,
        final CheckpointStreamFactory streamFactory)
    {
        final List<StateMetaInfo> metas = new ArrayList<>(columns.size());
        boolean empty = true;
        for (final StateColumn column : columns)
        {
            metas.add(column.meta);
            empty &= column.handleOrNull() == null;
        }
        if (empty)
        {
            // Like a full snapshot: no column family, no state, no handle.
            return new FutureTask<>(SnapshotResult::empty);
        }
        instance.acquireLease();
        final Path localDirectory = instance.newDirectoryPath("chk-" + checkpointId);
        final Runnable release = () ->
        {
            try
            {
                Directories.delete(localDirectory);
            }
            finally
            {
                instance.releaseLease();
            }
        };
        try
        {
            instance.createCheckpoint(localDirectory);
        }
        catch (final RuntimeException ex)
        {
            release.run();
            throw ex;
        }
        final Map<String, UploadedFile> confirmed = uploads.confirmed();
        uploads.taken(checkpointId);
        final StreamMeta meta =
            StreamMeta.keyed(checkpointId, timestamp, numberOfKeyGroups, keyGroupRange, keyCodec, metas);
        return new AsyncSnapshotTask<>(
            new IncrementalSstSnapshot(checkpointId, meta, backendId, localDirectory, confirmed, uploads,
                streamFactory),
            release);
    }

    @Override
    public SnapshotResult<KeyedStateHandle> call() throws IOException
    {
        final List<StreamStateHandle> written = new ArrayList<>();
        try
        {
            final Map<String, UploadedFile> sstFiles = new LinkedHashMap<>();
            final List<UploadedFile> privateFiles = new ArrayList<>();
            final byte[] buffer = UploadedFiles.newCopyBuffer();
            for (final Path file : localFiles())
            {
                if (Thread.currentThread().isInterrupted())
                {
                    throw new CancellationException("snapshot " + checkpointId + " was cancelled");
                }
                final String name = file.getFileName().toString();
                if (name.endsWith(SST_SUFFIX))
                {
                    final UploadedFile uploaded = confirmed.get(name);
                    if (uploaded != null && uploaded.length() == Files.size(file))
                    {
                        sstFiles.put(name, uploaded);
                        continue;
                    }
                    final UploadedFile sst =
                        UploadedFiles.upload(file, streamFactory, CheckpointedStateScope.SHARED, checkpointId, buffer);
                    written.add(sst.stream());
                    sstFiles.put(name, sst);
                }
                else
                {
                    final UploadedFile own = UploadedFiles.upload(
                        file, streamFactory, CheckpointedStateScope.EXCLUSIVE, checkpointId, buffer);
                    written.add(own.stream());
                    privateFiles.add(own);
                }
            }
            final UploadedFile metaStream = SstMetaStream.write(streamFactory, meta);
            written.add(metaStream.stream());
            final IncrementalSstStateHandle handle = new IncrementalSstStateHandle(meta.keyGroupRange(),
                checkpointId, backendId, metaStream, new ArrayList<>(sstFiles.values()), privateFiles);
            uploads.uploaded(checkpointId, sstFiles);
            return SnapshotResult.of(handle);
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            try
            {
                StateHandles.discardAll(written);
            }
            catch (final IOException discardFailure)
            {
                ex.addSuppressed(discardFailure);
            }
            throw ex;
        }
    }

    /** @return the files of the RocksDB checkpoint, by name. */
    private List<Path> localFiles() throws IOException
    {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> listing = Files.list(localDirectory))
        {
            for (final Path path : (Iterable<Path>)listing.sorted()::iterator)
            {
                if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS))
                {
                    throw new IOException("the RocksDB checkpoint " + localDirectory + " holds " + path +
                        ", which is not a regular file; expected the files of a database only");
                }
                files.add(path);
            }
        }
        return files;
    }
}

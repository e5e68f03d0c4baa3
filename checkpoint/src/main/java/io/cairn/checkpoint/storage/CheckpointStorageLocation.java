package io.cairn.checkpoint.storage;

import java.io.IOException;
import java.nio.file.Path;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;

/**
 * Where one checkpoint or savepoint is stored: its own directory, made by
 * {@link FileSystemCheckpointStorage#initializeLocationForCheckpoint(long)} or
 * {@link FileSystemCheckpointStorage#initializeLocationForSavepoint(long, String)}. It is also the stream factory
 * of that checkpoint; {@link #getExternalPointer()} is what a worker in another process resolves it by
 * ({@link FileSystemCheckpointStorage#resolveCheckpointStorageLocation(long, String)}).
 */
public final class CheckpointStorageLocation implements CheckpointStreamFactory
{
    private final long checkpointId;
    private final Path directory;
    private final boolean savepoint;
    private final FsCheckpointStreamFactory streamFactory;

    CheckpointStorageLocation(
        final long checkpointId,
        final Path directory,
        final boolean savepoint,
        final FsCheckpointStreamFactory streamFactory)
    {
        this.checkpointId = checkpointId;
        this.directory = directory;
        this.savepoint = savepoint;
        this.streamFactory = streamFactory;
    }

    /** @return the checkpoint's id. */
    public long getCheckpointId()
    {
        return checkpointId;
    }

    /** @return the directory of the checkpoint's exclusive state ({@code chk-<id>}, or the savepoint's). */
    public Path getDirectory()
    {
        return directory;
    }

    /** @return true if this is a savepoint's location, which holds all of its state, shared or not. */
    public boolean isSavepoint()
    {
        return savepoint;
    }

    /** @return the factory of this checkpoint's streams (this location delegates to it). */
    public FsCheckpointStreamFactory getStreamFactory()
    {
        return streamFactory;
    }

    /** @return the absolute path of the directory: how the location is named in metadata and to workers. */
    public String getExternalPointer()
    {
        return directory.toString();
    }

    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
        throws IOException
    {
        return streamFactory.createCheckpointStateOutputStream(scope);
    }

    /**
     * Deletes the directory and everything in it: for a checkpoint that failed or was aborted. Shared state is
     * not touched (it is not in this directory, except for a savepoint, whose state is all its own). Call it once
     * the checkpoint's writers are done or cancelled: a stream created afterwards fails, as the directory is gone.
     * Idempotent.
     *
     * @throws IOException if something could not be deleted.
     */
    public void disposeOnFailure() throws IOException
    {
        CheckpointDirectories.deleteRecursively(directory);
    }

    @Override
    public String toString()
    {
        return "CheckpointStorageLocation{checkpointId=" + checkpointId + ", directory=" + directory +
            ", savepoint=" + savepoint + "}";
    }
}

package io.cairn.checkpoint.storage;

import java.io.IOException;
import java.nio.file.Path;

import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;

/**
 * Creates the streams of one checkpoint (or savepoint) as files: {@link CheckpointedStateScope#EXCLUSIVE} state
 * goes to the checkpoint's own directory, {@link CheckpointedStateScope#SHARED} state to the job's shared
 * directory (for a savepoint, both go to the savepoint's directory, which is self-contained). Every file is new,
 * named by a random UUID and created exclusively, so a retried attempt or another process never overwrites one.
 *
 * <p>The directories are made by {@link FileSystemCheckpointStorage}; the factory never creates them. A stream
 * asked for after its checkpoint's directory was disposed therefore fails instead of leaving a stray file.
 * Thread-safe: any number of tasks may create streams at once.
 */
public final class FsCheckpointStreamFactory implements CheckpointStreamFactory
{
    private final Path checkpointDirectory;
    private final Path sharedStateDirectory;
    private final int writeBufferSize;

    FsCheckpointStreamFactory(
        final Path checkpointDirectory, final Path sharedStateDirectory, final int writeBufferSize)
    {
        this.checkpointDirectory = checkpointDirectory;
        this.sharedStateDirectory = sharedStateDirectory;
        this.writeBufferSize = writeBufferSize;
    }

    /**
     * @param scope {@link CheckpointedStateScope#EXCLUSIVE} for the checkpoint's own state,
     *              {@link CheckpointedStateScope#SHARED} for state later checkpoints may reference.
     * @return a stream to a new file; the caller closes it.
     * @throws IOException if the file cannot be created.
     */
    @Override
    public CheckpointStateOutputStream createCheckpointStateOutputStream(final CheckpointedStateScope scope)
        throws IOException
    {
        if (scope == null)
        {
            throw new IllegalArgumentException("scope=null; expected EXCLUSIVE or SHARED");
        }
        final Path directory = scope == CheckpointedStateScope.SHARED ? sharedStateDirectory : checkpointDirectory;
        return FsCheckpointStateOutputStream.createInDirectory(directory, writeBufferSize);
    }

    /** @return where exclusive state goes. */
    public Path getCheckpointDirectory()
    {
        return checkpointDirectory;
    }

    /** @return where shared state goes. */
    public Path getSharedStateDirectory()
    {
        return sharedStateDirectory;
    }

    /** @return how many bytes a stream buffers before writing to its file. */
    public int getWriteBufferSize()
    {
        return writeBufferSize;
    }

    @Override
    public String toString()
    {
        return "FsCheckpointStreamFactory{checkpointDirectory=" + checkpointDirectory + ", sharedStateDirectory=" +
            sharedStateDirectory + ", writeBufferSize=" + writeBufferSize + "}";
    }
}

package io.cairn.checkpoint.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.cairn.snapshot.PositionedInput;
import io.cairn.snapshot.StreamStateHandle;

/**
 * A handle to one stream stored as a file: its absolute path and its size. The path is kept as a string, so the
 * handle serialises the same way on every platform and never holds a file open; {@link #openInput()} opens the
 * file for positional reads each time it is called.
 *
 * <p>{@link #discardState()} deletes the file only, never its directory: a checkpoint's directory belongs to the
 * checkpoint (it may still be pending and about to receive other files and its metadata), and is removed with it.
 */
public final class FileStateHandle implements StreamStateHandle
{
    private static final long serialVersionUID = 1L;

    private final String filePath;
    private final long stateSize;

    /**
     * @param filePath  the file; stored as its absolute, normalised path.
     * @param stateSize the file's size in bytes.
     */
    public FileStateHandle(final Path filePath, final long stateSize)
    {
        if (filePath == null)
        {
            throw new IllegalArgumentException("filePath=null; expected the path of the state file");
        }
        if (stateSize < 0)
        {
            throw new IllegalArgumentException("stateSize=" + stateSize + "; expected >= 0");
        }
        this.filePath = filePath.toAbsolutePath().normalize().toString();
        this.stateSize = stateSize;
    }

    /** @return the file's absolute path. */
    public Path getFilePath()
    {
        return Path.of(filePath);
    }

    /**
     * Opens the file for positional reads; the input's length is the file's length when asked, which differs
     * from {@link #getStateSize()} only if the file was changed after it was written.
     */
    @Override
    public PositionedInput openInput() throws IOException
    {
        return new FilePositionedInput(Path.of(filePath));
    }

    /** @return the file's absolute path. */
    @Override
    public String describe()
    {
        return filePath;
    }

    /**
     * Deletes the file; a missing file is not an error. Then removes the file's directory if it is an exclusive
     * checkpoint directory and now empty; a directory that is not empty, or already gone, is left as it is.
     */
    @Override
    public void discardState() throws IOException
    {
        Files.deleteIfExists(Path.of(filePath));
    }

    @Override
    public long getStateSize()
    {
        return stateSize;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof FileStateHandle))
        {
            return false;
        }
        final FileStateHandle that = (FileStateHandle)o;
        return stateSize == that.stateSize && filePath.equals(that.filePath);
    }

    @Override
    public int hashCode()
    {
        return 31 * filePath.hashCode() + Long.hashCode(stateSize);
    }

    @Override
    public String toString()
    {
        return "FileStateHandle{filePath=" + filePath + ", stateSize=" + stateSize + "}";
    }
}

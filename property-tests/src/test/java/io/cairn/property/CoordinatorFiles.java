package io.cairn.property;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;

/** File helpers of the coordinator model: what a state references, what is on disk, temporary directories. */
final class CoordinatorFiles
{
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private CoordinatorFiles()
    {
    }

    /**
     * A new temporary directory, in memory ({@code /dev/shm}) where the machine has it: every checkpoint file is
     * fsynced, which costs milliseconds on a disk and microseconds on tmpfs, and a run writes thousands.
     *
     * @param prefix the directory name's prefix.
     * @return the directory.
     * @throws IOException if it cannot be created.
     */
    static Path createTempDirectory(final String prefix) throws IOException
    {
        return Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY) ?
            Files.createTempDirectory(SHARED_MEMORY, prefix) : Files.createTempDirectory(prefix);
    }

    /**
     * @param directory a directory to delete with everything in it.
     * @throws IOException if something cannot be deleted.
     */
    static void deleteRecursively(final Path directory) throws IOException
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * @param state a subtask's state.
     * @return the files its keyed handles name.
     */
    static List<Path> filesOf(final TaskStateSnapshot state)
    {
        final List<Path> files = new ArrayList<>();
        for (final KeyedStateHandle handle : state.getKeyedState())
        {
            files.add(((FileStateHandle)((KeyGroupsStateHandle)handle).getDelegate()).getFilePath());
        }
        return files;
    }

    /**
     * @param files files.
     * @return those that do not exist.
     */
    static List<Path> missing(final List<Path> files)
    {
        return files.stream().filter(file -> !Files.exists(file)).collect(Collectors.toList());
    }

    /**
     * @param directory a directory, which may not exist.
     * @return its entries, sorted; none if it does not exist.
     */
    static List<Path> children(final Path directory)
    {
        if (!Files.isDirectory(directory))
        {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory))
        {
            return children.sorted().collect(Collectors.toList());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param directory a directory, which may not exist.
     * @return the regular files directly in it.
     */
    static List<Path> regularFiles(final Path directory)
    {
        return children(directory).stream().filter(Files::isRegularFile).collect(Collectors.toList());
    }
}

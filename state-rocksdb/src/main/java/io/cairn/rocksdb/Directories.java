package io.cairn.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the directories a backend makes: its working directory, databases, checkpoints and downloads. */
final class Directories
{
    private Directories()
    {
    }

    /**
     * Deletes a directory and everything in it; a directory already gone is fine.
     *
     * @throws UncheckedIOException if something in it cannot be deleted.
     */
    static void delete(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path path : (Iterable<Path>)paths.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete the directory " + directory, ex);
        }
    }
}

package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Temporary directories in memory ({@code /dev/shm}) where the machine has it, else in the default temporary
 * directory. Tests that write thousands of checkpoint files use it: every file is fsynced, and an fsync on a disk
 * costs milliseconds, on tmpfs microseconds. The code paths are the same; only durability is not tested here.
 */
final class CoordinatorTempDirFactory implements TempDirFactory
{
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    @Override
    public Path createTempDirectory(
        final AnnotatedElementContext elementContext, final ExtensionContext extensionContext) throws IOException
    {
        return createTempDirectory("cairn-coordinator-");
    }

    /**
     * @param prefix the directory name's prefix.
     * @return a new directory, in memory if the machine has tmpfs at {@code /dev/shm}.
     * @throws IOException if it cannot be created.
     */
    static Path createTempDirectory(final String prefix) throws IOException
    {
        if (Files.isDirectory(SHARED_MEMORY) && Files.isWritable(SHARED_MEMORY))
        {
            return Files.createTempDirectory(SHARED_MEMORY, prefix);
        }
        return Files.createTempDirectory(prefix);
    }
}

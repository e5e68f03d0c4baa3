package io.cairn.rocksdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where this module's tests put RocksDB's working directories: on a memory file system when the machine has one
 * ({@code /dev/shm}), else the system temporary directory. The contract tests open thousands of backends (the
 * corruption tests open one per damaged byte), and on a disk file system RocksDB's file syncs and deletions, not
 * Cairn, would dominate their time. The backend's own default, the system temporary directory, is tested in
 * {@code RocksDbStateBackendFactoryTest}.
 */
final class TestDirectories
{
    private static final Path SHM = Paths.get("/dev/shm");

    private TestDirectories()
    {
    }

    /** @return the parent of the tests' working directories. */
    static Path localDirectory()
    {
        if (Files.isDirectory(SHM) && Files.isWritable(SHM))
        {
            return SHM.resolve("cairn-rocksdb-tests");
        }
        return RocksDbStateBackend.defaultLocalDirectory().resolve("cairn-rocksdb-tests");
    }

    /** @return a backend whose working directories go under {@link #localDirectory()}. */
    static RocksDbStateBackend backend()
    {
        return new RocksDbStateBackend(localDirectory());
    }
}

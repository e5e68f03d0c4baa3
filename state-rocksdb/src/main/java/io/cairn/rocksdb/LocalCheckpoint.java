package io.cairn.rocksdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * A RocksDB checkpoint of a database into a directory of the backend's working directory, made from RocksDB's own
 * primitives: with file deletions disabled, {@code getLiveFiles(true)} flushes the memtables and names the files
 * of a consistent database (the live SST files, the MANIFEST and how much of it counts, OPTIONS); SST files are
 * hard-linked, the MANIFEST copied up to that size, OPTIONS copied, and CURRENT written to name the MANIFEST.
 *
 * <p>This is what RocksDB's {@code Checkpoint} does, less its {@code fsync} of every copied file and of the
 * directory: the directory is a private staging copy, uploaded and deleted by the same backend, never reopened
 * after a crash (state comes back from the uploaded files, whose length and CRC32C are checked). Those syncs were
 * most of the synchronous part of a checkpoint, on the processing thread.
 *
 * <p>The database's write-ahead log is disabled ({@link RocksDbOptions}), so no log file belongs to a checkpoint.
 */
final class LocalCheckpoint
{
    private static final String SST_SUFFIX = ".sst";
    private static final String MANIFEST_PREFIX = "MANIFEST-";
    private static final String CURRENT = "CURRENT";

    private LocalCheckpoint()
    {
    }

    /**
     * @param db                the database.
     * @param databaseDirectory its directory.
     * @param target            a directory that does not exist yet; created.
     * @throws RocksDBException if RocksDB cannot flush or list its files.
     * @throws IOException      if a file cannot be linked, copied or written.
     */
    static void create(final RocksDB db, final Path databaseDirectory, final Path target)
        throws RocksDBException, IOException
    {
        db.disableFileDeletions();
        try
        {
            final RocksDB.LiveFiles live = db.getLiveFiles(true);
            Files.createDirectory(target);
            String manifest = null;
            for (final String file : live.files)
            {
                final String name = file.startsWith("/") ? file.substring(1) : file;
                final Path source = databaseDirectory.resolve(name);
                if (name.endsWith(SST_SUFFIX))
                {
                    Files.createLink(target.resolve(name), source);
                }
                else if (name.startsWith(MANIFEST_PREFIX))
                {
                    manifest = name;
                    copyPrefix(source, target.resolve(name), live.manifestFileSize);
                }
                else if (!name.equals(CURRENT))
                {
                    Files.copy(source, target.resolve(name));
                }
            }
            if (manifest == null)
            {
                throw new IOException("RocksDB listed no MANIFEST among the live files of " + databaseDirectory +
                    ": " + live.files + "; expected one");
            }
            Files.writeString(target.resolve(CURRENT), manifest + "\n", StandardCharsets.US_ASCII);
        }
        finally
        {
            RocksDbCompat.enableFileDeletions(db);
        }
    }

    /** Copies the first {@code length} bytes of {@code source}, which must have as many, to a new file. */
    private static void copyPrefix(final Path source, final Path target, final long length) throws IOException
    {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
            FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            long copied = 0;
            while (copied < length)
            {
                final long transferred = in.transferTo(copied, length - copied, out);
                if (transferred <= 0)
                {
                    throw new IOException(source + " ends at offset " + copied + "; expected " + length +
                        " bytes, the size RocksDB gave for it");
                }
                copied += transferred;
            }
        }
    }
}

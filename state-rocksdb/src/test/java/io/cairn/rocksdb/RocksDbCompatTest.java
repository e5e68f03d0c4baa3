package io.cairn.rocksdb;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs on the RocksDB build the module is tested with: rocksdbjni, or frocksdbjni with {@code -P frocksdbjni}. */
class RocksDbCompatTest
{
    private static final String DELETIONS_ENABLED = "rocksdb.is-file-deletions-enabled";

    @Test
    void shouldResumeFileDeletionsOnlyWhenEveryDisableIsUndone(@TempDir final Path directory) throws RocksDBException
    {
        RocksDB.loadLibrary();
        try (Options options = new Options().setCreateIfMissing(true);
            RocksDB db = RocksDB.open(options, directory.toString()))
        {
            assertEquals("1", db.getProperty(DELETIONS_ENABLED));
            // Disabled by two callers: the first to re-enable must not resume deletions under the other (RocksDB 8's
            // forced variant would).
            db.disableFileDeletions();
            db.disableFileDeletions();

            RocksDbCompat.enableFileDeletions(db);
            assertEquals("0", db.getProperty(DELETIONS_ENABLED));

            RocksDbCompat.enableFileDeletions(db);
            assertEquals("1", db.getProperty(DELETIONS_ENABLED));
        }
    }
}

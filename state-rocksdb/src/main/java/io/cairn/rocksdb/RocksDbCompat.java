package io.cairn.rocksdb;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The calls whose signature differs between the two RocksDB builds the backend runs on: {@code org.rocksdb:rocksdbjni}
 * (its dependency) and {@code com.ververica:frocksdbjni} (Apache Flink's build, RocksDB 8.10, what a Flink cluster
 * has on its class path). Resolved once, when the class loads; nothing here is on a hot path.
 */
final class RocksDbCompat
{
    /** {@code enableFileDeletions()} (RocksDB 9 and later) or {@code enableFileDeletions(false)} (8.x). */
    private static final MethodHandle ENABLE_FILE_DELETIONS = enableFileDeletionsHandle();

    private RocksDbCompat()
    {
    }

    /**
     * Undoes one {@link RocksDB#disableFileDeletions()}: deletions resume when every disable has been undone (not
     * RocksDB 8's forced variant, which would resume them at once).
     *
     * @throws RocksDBException if RocksDB refuses.
     */
    static void enableFileDeletions(final RocksDB db) throws RocksDBException
    {
        try
        {
            ENABLE_FILE_DELETIONS.invokeExact(db);
        }
        catch (final RocksDBException | RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException("RocksDB.enableFileDeletions threw " + ex, ex);
        }
    }

    private static MethodHandle enableFileDeletionsHandle()
    {
        final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try
        {
            return lookup.findVirtual(RocksDB.class, "enableFileDeletions", MethodType.methodType(void.class));
        }
        catch (final NoSuchMethodException ex)
        {
            try
            {
                final MethodHandle forced = lookup.findVirtual(
                    RocksDB.class, "enableFileDeletions", MethodType.methodType(void.class, boolean.class));
                return MethodHandles.insertArguments(forced, 1, false);
            }
            catch (final NoSuchMethodException | IllegalAccessException inner)
            {
                inner.addSuppressed(ex);
                throw new IllegalStateException("this RocksDB build (" + RocksDB.class.getProtectionDomain()
                    .getCodeSource() + ") has neither enableFileDeletions() nor enableFileDeletions(boolean)", inner);
            }
        }
        catch (final IllegalAccessException ex)
        {
            throw new IllegalStateException("RocksDB.enableFileDeletions() is not accessible", ex);
        }
    }
}

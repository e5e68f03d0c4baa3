package io.cairn.rocksdb;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.snapshot.UploadedFile;

/**
 * Which SST files of a backend's database are already uploaded, so an incremental checkpoint uploads only the
 * others: per checkpoint taken, the SST files its handle lists (uploaded by it or by the one it built on), and the
 * <em>confirmed</em> ones, those of the newest checkpoint the backend was told completed.
 *
 * <p>A checkpoint builds only on confirmed files: a checkpoint that is still pending, aborted, declined or expired
 * may never complete, and the coordinator deletes the files of checkpoints that do not. So the files of a
 * checkpoint become the confirmed ones on {@link #complete} only, and an aborted one's are forgotten. SST files are
 * named by RocksDB, uniquely within one database; when the database is swapped for a restored one, the confirmed
 * files become the restored checkpoint's ({@link #restored}) or none.
 *
 * <p>Threads: the backend's thread, except {@link #uploaded}, which a snapshot's writer calls; synchronized (a few
 * calls per checkpoint).
 */
final class SstUploads
{
    private final Map<Long, Map<String, UploadedFile>> byCheckpoint = new HashMap<>();
    private Map<String, UploadedFile> confirmed = Map.of();
    private long confirmedCheckpointId = -1;
    private int abortsSinceCompletion;

    /**
     * @return the confirmed SST files by local name: what the next checkpoint need not upload (unmodifiable); none
     * after {@link IncrementalCheckpointSettings#ABORTS_BEFORE_WHOLE} checkpoints in a row ended without
     * completing, since they may have failed because those files are gone, and building on them again would fail
     * forever.
     */
    synchronized Map<String, UploadedFile> confirmed()
    {
        return abortsSinceCompletion >= IncrementalCheckpointSettings.ABORTS_BEFORE_WHOLE ? Map.of() : confirmed;
    }

    /** @return the id of the checkpoint whose files are confirmed, or -1 if none. */
    synchronized long confirmedCheckpointId()
    {
        return confirmedCheckpointId;
    }

    /** Remembers a checkpoint taken, until it completes or is aborted. */
    synchronized void taken(final long checkpointId)
    {
        byCheckpoint.put(checkpointId, null);
    }

    /**
     * Called by a checkpoint's writer when its files are uploaded; ignored if it was aborted meanwhile.
     *
     * @param sstFiles every SST file its handle lists, by local name.
     */
    synchronized void uploaded(final long checkpointId, final Map<String, UploadedFile> sstFiles)
    {
        if (byCheckpoint.containsKey(checkpointId))
        {
            byCheckpoint.put(checkpointId, Map.copyOf(sstFiles));
        }
    }

    /**
     * A checkpoint completed: if its files were uploaded and it is newer than the confirmed one, its files become
     * the confirmed ones. Older checkpoints are forgotten: a newer one is confirmed.
     *
     * @return true if the confirmed files changed.
     */
    synchronized boolean complete(final long checkpointId)
    {
        final Map<String, UploadedFile> files = byCheckpoint.get(checkpointId);
        if (files == null || checkpointId <= confirmedCheckpointId)
        {
            // Not one of this backend's incremental checkpoints (a savepoint, say): pending ones may complete yet.
            return false;
        }
        confirmed = files;
        confirmedCheckpointId = checkpointId;
        abortsSinceCompletion = 0;
        for (final Iterator<Long> ids = byCheckpoint.keySet().iterator(); ids.hasNext(); )
        {
            if (ids.next() <= checkpointId)
            {
                ids.remove();
            }
        }
        return true;
    }

    /** A checkpoint was aborted: its files never become the confirmed ones. */
    synchronized void abort(final long checkpointId)
    {
        if (byCheckpoint.containsKey(checkpointId))
        {
            byCheckpoint.remove(checkpointId);
            abortsSinceCompletion++;
        }
    }

    /**
     * The database was swapped: for the files of a restored checkpoint (the confirmed ones from now on), or for an
     * empty database (none). Checkpoints taken before are forgotten.
     *
     * @param sstFiles     the SST files of the restored database by local name; empty for none.
     * @param checkpointId the restored checkpoint, or -1.
     */
    synchronized void restored(final Map<String, UploadedFile> sstFiles, final long checkpointId)
    {
        byCheckpoint.clear();
        confirmed = Map.copyOf(sstFiles);
        confirmedCheckpointId = checkpointId;
        abortsSinceCompletion = 0;
    }

    @Override
    public synchronized String toString()
    {
        return "SstUploads{confirmedCheckpointId=" + confirmedCheckpointId + ", confirmed=" + confirmed.size() +
            ", pending=" + byCheckpoint.keySet() + "}";
    }
}

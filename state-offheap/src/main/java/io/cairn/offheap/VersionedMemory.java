package io.cairn.offheap;

import java.util.concurrent.ConcurrentLinkedQueue;

import io.cairn.backend.MemoryBudgetExceededException;
import org.agrona.collections.IntArrayList;

/**
 * The backend's memory seen through snapshot versions: what makes copy-on-write snapshots safe.
 *
 * <p>Every record, list element and shard carries the version at which it was written. Taking a snapshot
 * ({@link #beginSnapshot()}) returns the current version {@code v} and moves to {@code v + 1}; the snapshot then
 * reads blocks written at versions up to {@code v}. While it is live, such a block is <em>shared</em>
 * ({@link #isShared}): writers copy it instead of changing it, and dropping it retires it instead of freeing it.
 * A block retired at version {@code r} is freed once no live snapshot older than {@code r} remains.
 *
 * <p>Threads: everything here runs on the backend's thread except {@link #releaseSnapshot}, which the thread
 * that wrote (or cancelled) a snapshot calls; releases are queued and applied by the backend's thread at its next
 * snapshot, allocation failure or close. The pool is freed when the backend is closed and the last live snapshot
 * is released, whichever comes last, so a writer never reads freed memory.
 */
final class VersionedMemory
{
    private final MemoryPool pool;
    private final IntArrayList liveSnapshots = new IntArrayList();
    private long[] retiredAddresses = new long[64];
    private long[] retiredCapacityAndVersion = new long[64];
    private int retiredCount;
    private final ConcurrentLinkedQueue<Integer> releases = new ConcurrentLinkedQueue<>();
    private final Object closeLock = new Object();
    private int version = 1;
    private int highestLiveSnapshot;
    private int unreleasedSnapshots;
    private boolean closed;

    VersionedMemory(final MemoryPool pool)
    {
        this.pool = pool;
    }

    /** @return the version new writes carry. */
    int version()
    {
        return version;
    }

    /**
     * @param writtenVersion the version a block was written at.
     * @return true if a live snapshot may read the block, so it must not change.
     */
    boolean isShared(final int writtenVersion)
    {
        return writtenVersion <= highestLiveSnapshot;
    }

    /**
     * Allocates a block. Snapshot releases queued since the last call are applied first, so memory only old
     * snapshots kept is reused before the pool grows.
     *
     * @throws MemoryBudgetExceededException if the budget still has no room; nothing changed.
     */
    long allocate(final int length)
    {
        if (!releases.isEmpty())
        {
            applyReleases();
        }
        try
        {
            return pool.allocate(length);
        }
        catch (final MemoryBudgetExceededException ex)
        {
            // A snapshot may have been released between the check above and the refusal.
            if (applyReleases() == 0)
            {
                throw ex;
            }
            return pool.allocate(length);
        }
    }

    int blockCapacity(final int length)
    {
        return pool.blockCapacity(length);
    }

    /**
     * Gives a block back: at once if no live snapshot may read it, else once none does.
     *
     * @param writtenVersion the version the block was written at.
     */
    void free(final long address, final int capacity, final int writtenVersion)
    {
        if (isShared(writtenVersion))
        {
            if (retiredCount == retiredAddresses.length)
            {
                retiredAddresses = java.util.Arrays.copyOf(retiredAddresses, retiredCount * 2);
                retiredCapacityAndVersion = java.util.Arrays.copyOf(retiredCapacityAndVersion, retiredCount * 2);
            }
            retiredAddresses[retiredCount] = address;
            retiredCapacityAndVersion[retiredCount] = ((long)capacity << 32) | (version & 0xFFFF_FFFFL);
            retiredCount++;
        }
        else
        {
            pool.free(address, capacity);
        }
    }

    /**
     * Moves to the next version without a snapshot, so that writes from now on are told apart from everything
     * written so far (after a restore, which becomes an incremental checkpoint's baseline).
     */
    void advanceVersion()
    {
        version++;
    }

    /**
     * Starts a snapshot: blocks written so far become shared until it is released.
     *
     * @return the snapshot's version.
     */
    int beginSnapshot()
    {
        applyReleases();
        synchronized (closeLock)
        {
            unreleasedSnapshots++;
        }
        final int snapshotVersion = version++;
        liveSnapshots.addInt(snapshotVersion);
        highestLiveSnapshot = snapshotVersion;
        return snapshotVersion;
    }

    /**
     * Ends a snapshot; callable from any thread, once per snapshot.
     *
     * @param snapshotVersion what {@link #beginSnapshot()} returned.
     */
    void releaseSnapshot(final int snapshotVersion)
    {
        releases.add(snapshotVersion);
        synchronized (closeLock)
        {
            unreleasedSnapshots--;
            if (closed && unreleasedSnapshots == 0)
            {
                pool.close();
            }
        }
    }

    /**
     * Applies queued releases: forgets released snapshots and frees retired blocks none of the rest can read.
     *
     * @return the number of snapshots released.
     */
    int applyReleases()
    {
        int released = 0;
        Integer snapshotVersion;
        while ((snapshotVersion = releases.poll()) != null)
        {
            liveSnapshots.removeInt(snapshotVersion);
            released++;
        }
        if (released == 0)
        {
            return 0;
        }
        int lowest = Integer.MAX_VALUE;
        int highest = 0;
        for (int i = 0, n = liveSnapshots.size(); i < n; i++)
        {
            lowest = Math.min(lowest, liveSnapshots.getInt(i));
            highest = Math.max(highest, liveSnapshots.getInt(i));
        }
        highestLiveSnapshot = highest;
        // Blocks are retired in version order, so the ones no live snapshot can read form a prefix.
        int freed = 0;
        while (freed < retiredCount && (int)retiredCapacityAndVersion[freed] <= lowest)
        {
            pool.free(retiredAddresses[freed], (int)(retiredCapacityAndVersion[freed] >>> 32));
            freed++;
        }
        if (freed > 0)
        {
            retiredCount -= freed;
            System.arraycopy(retiredAddresses, freed, retiredAddresses, 0, retiredCount);
            System.arraycopy(retiredCapacityAndVersion, freed, retiredCapacityAndVersion, 0, retiredCount);
        }
        return released;
    }

    /** @return the number of blocks waiting for snapshots to be released. */
    int retiredBlockCount()
    {
        return retiredCount;
    }

    /** @return the number of snapshots taken and not yet released. */
    int liveSnapshotCount()
    {
        synchronized (closeLock)
        {
            return unreleasedSnapshots;
        }
    }

    /** @return bytes taken from the operating system. */
    long reservedBytes()
    {
        return pool.reservedBytes();
    }

    /** @return bytes in blocks in use, retired ones included. */
    long allocatedBytes()
    {
        return pool.allocatedBytes();
    }

    /** @return the budget. */
    long budgetBytes()
    {
        return pool.budgetBytes();
    }

    /** Frees the pool now, or when the last live snapshot is released. Idempotent. */
    void close()
    {
        synchronized (closeLock)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            if (unreleasedSnapshots == 0)
            {
                pool.close();
            }
        }
    }

}

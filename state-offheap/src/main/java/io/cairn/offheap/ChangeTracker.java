package io.cairn.offheap;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cairn.backend.IncrementalCheckpointSettings;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;

/**
 * What an off-heap backend knows about its last completed incremental checkpoint, from which the next one writes
 * only what changed: the <em>baseline</em> (the snapshot version of that checkpoint: records and list elements of a
 * newer version changed since), its handle (the chains of every key group), and per key group the entries its
 * chain's deltas hold. Deletions are logged by the states ({@link TombstoneLog}) while {@link #logging()}.
 *
 * <p>The baseline moves only when a checkpoint completes ({@link #complete}): a checkpoint that is aborted,
 * declined or expired changes nothing here, so the next one still holds its changes.
 *
 * <p>Threads: the backend's thread, except {@link #recordResult}, which a snapshot's writer calls when it is done.
 */
final class ChangeTracker
{
    /** The baseline before any checkpoint completed: the next checkpoint writes every key group whole. */
    static final int NO_BASELINE = -1;

    private final IncrementalCheckpointSettings settings;
    private final KeyGroupRange keyGroupRange;
    private final VersionedMemory memory;
    private final int[] forcedBaseVersions;
    private final Map<Long, Result> results = new ConcurrentHashMap<>();
    private long[] chainDeltaEntries;
    private IncrementalKeyGroupsStateHandle confirmed;
    private long confirmedCheckpointId = -1;
    private int baseline = NO_BASELINE;
    private int abortsSinceCompletion;
    private boolean logging;

    ChangeTracker(
        final IncrementalCheckpointSettings settings, final KeyGroupRange keyGroupRange, final VersionedMemory memory)
    {
        this.settings = settings;
        this.keyGroupRange = keyGroupRange;
        this.memory = memory;
        this.forcedBaseVersions = new int[keyGroupRange.getNumberOfKeyGroups()];
        this.chainDeltaEntries = new long[keyGroupRange.getNumberOfKeyGroups()];
    }

    IncrementalCheckpointSettings settings()
    {
        return settings;
    }

    /** @return true if deletions must be logged: an incremental checkpoint may need them. */
    boolean logging()
    {
        return logging;
    }

    /** Starts logging deletions: an incremental snapshot is being taken, or a chain was restored. */
    void startLogging()
    {
        logging = settings.isEnabled();
    }

    /** @return the version new writes carry. */
    int version()
    {
        return memory.version();
    }

    /** Makes the next checkpoint write the key group whole: its deletions since the baseline are not all known. */
    void forceBase(final int keyGroup)
    {
        forcedBaseVersions[keyGroup - keyGroupRange.getStartKeyGroup()] = memory.version();
    }

    /** @return the baseline the next checkpoint builds on, or {@link #NO_BASELINE} if it must be whole. */
    int baseline()
    {
        return abortsSinceCompletion >= IncrementalCheckpointSettings.ABORTS_BEFORE_WHOLE ? NO_BASELINE : baseline;
    }

    /** @return the chains the next checkpoint continues, or null if it must be whole. */
    IncrementalKeyGroupsStateHandle confirmed()
    {
        return abortsSinceCompletion >= IncrementalCheckpointSettings.ABORTS_BEFORE_WHOLE ? null : confirmed;
    }

    long[] chainDeltaEntries()
    {
        return chainDeltaEntries.clone();
    }

    int[] forcedBaseVersions()
    {
        return forcedBaseVersions.clone();
    }

    /** Remembers an incremental snapshot taken at {@code snapshotVersion}, until it completes or is aborted. */
    void snapshotTaken(final long checkpointId, final int snapshotVersion)
    {
        results.put(checkpointId, new Result(snapshotVersion));
    }

    /** Called by the snapshot's writer when its stream is written. */
    void recordResult(
        final long checkpointId, final IncrementalKeyGroupsStateHandle handle, final long[] chainDeltaEntries)
    {
        final Result result = results.get(checkpointId);
        if (result != null)
        {
            result.chainDeltaEntries = chainDeltaEntries;
            result.handle = handle;
        }
    }

    /**
     * A checkpoint completed: if it is an incremental snapshot of this backend, it becomes the baseline.
     *
     * @return the new baseline version, or {@link #NO_BASELINE} if the baseline did not move.
     */
    int complete(final long checkpointId)
    {
        final Result result = results.get(checkpointId);
        if (result == null || result.handle == null || checkpointId <= confirmedCheckpointId)
        {
            // Not one of this backend's incremental snapshots (a savepoint, say): nothing moves, and the snapshots
            // still pending may complete yet.
            return NO_BASELINE;
        }
        baseline = result.snapshotVersion;
        confirmed = result.handle;
        confirmedCheckpointId = checkpointId;
        chainDeltaEntries = result.chainDeltaEntries;
        abortsSinceCompletion = 0;
        // Older snapshots can no longer complete usefully: a newer baseline exists.
        for (final Iterator<Long> ids = results.keySet().iterator(); ids.hasNext(); )
        {
            if (ids.next() <= checkpointId)
            {
                ids.remove();
            }
        }
        return baseline;
    }

    /** A checkpoint was aborted: its snapshot will never be the baseline. */
    void abort(final long checkpointId)
    {
        if (results.remove(checkpointId) != null)
        {
            abortsSinceCompletion++;
        }
    }

    /**
     * Continues from restored chains: the state now in memory is what they hold, so the baseline is the current
     * version (the caller moves past it before any write).
     *
     * @param handle      the chains of the backend's key groups, or null if none was restored.
     * @param deltaCounts the entries each key group's deltas hold, as the restore read them.
     */
    void restored(final IncrementalKeyGroupsStateHandle handle, final long[] deltaCounts)
    {
        if (handle == null || !settings.isEnabled())
        {
            return;
        }
        confirmed = handle;
        confirmedCheckpointId = handle.getCheckpointId();
        chainDeltaEntries = Arrays.copyOf(deltaCounts, deltaCounts.length);
        baseline = memory.version();
        logging = true;
    }

    /** A finished snapshot's outcome, kept until its checkpoint completes or is aborted. */
    private static final class Result
    {
        private final int snapshotVersion;
        private volatile IncrementalKeyGroupsStateHandle handle;
        private volatile long[] chainDeltaEntries;

        private Result(final int snapshotVersion)
        {
            this.snapshotVersion = snapshotVersion;
        }
    }
}

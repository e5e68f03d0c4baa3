package io.cairn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link CompletedCheckpointStore} in memory: the newest {@code maxRetained} checkpoints by id, for tests and
 * jobs whose checkpoints need not survive the process. {@link FileSystemCompletedCheckpointStore} keeps the same
 * set, recovered from the filesystem when it opens.
 *
 * <p><b>Assumptions.</b> Checkpoint ids are unique. {@link #shutdown(JobStatus)} is called once, when no
 * checkpoint completes any more.
 *
 * <p><b>Guarantees.</b> Whatever the interleaving of concurrent adds, once they have returned the store retains
 * exactly the newest {@code maxRetained} of the checkpoints added, every other one was returned as subsumed by
 * exactly one add, and a checkpoint is subsumed only when {@code maxRetained} newer ones were added.
 *
 * <p><b>Progress.</b> Adds are lock-free: no lock is held, let alone one across I/O (the caller discards subsumed
 * checkpoints, outside the store).
 *
 * <p><b>Example.</b>
 * <pre>{@code
 * final List<CompletedCheckpoint> subsumed = store.addCheckpointAndSubsumeOldest(checkpoint);
 * for (final CompletedCheckpoint old : subsumed)
 * {
 *     old.discardOnSubsume();
 * }
 * }</pre>
 */
public final class StandaloneCompletedCheckpointStore implements CompletedCheckpointStore
{
    /*
     * Design: the checkpoints live in a skip list by id. An add inserts its checkpoint, then increments a count of
     * the checkpoints inserted and not yet claimed for removal. While that count exceeds maxRetained, an add claims
     * one removal by decrementing the count with a CAS, and only then polls the lowest id. The count never exceeds
     * the size of the map, so a claimed poll always finds an entry; each polled entry belongs to exactly one add,
     * so the subsumed lists are disjoint; and a poll happens only while maxRetained others remain above the entry
     * it removes, so no checkpoint among the newest maxRetained is ever removed.
     */

    private final int maxRetained;
    private final ConcurrentSkipListMap<Long, CompletedCheckpoint> checkpoints = new ConcurrentSkipListMap<>();
    private final AtomicInteger unclaimed = new AtomicInteger();
    private volatile boolean shutdown;

    /**
     * @param maxRetained how many checkpoints to retain at most, at least 1.
     * @throws IllegalArgumentException if {@code maxRetained < 1}.
     */
    public StandaloneCompletedCheckpointStore(final int maxRetained)
    {
        if (maxRetained < 1)
        {
            throw new IllegalArgumentException("maxRetained=" + maxRetained + "; expected >= 1");
        }
        this.maxRetained = maxRetained;
    }

    /**
     * @throws IllegalArgumentException if the checkpoint is null, a savepoint, or has the id of one in the store.
     * @throws IllegalStateException    if the store was shut down.
     */
    @Override
    public List<CompletedCheckpoint> addCheckpointAndSubsumeOldest(final CompletedCheckpoint checkpoint)
    {
        if (checkpoint == null)
        {
            throw new IllegalArgumentException("checkpoint=null; expected a completed checkpoint");
        }
        if (checkpoint.getProperties().isSavepoint())
        {
            throw new IllegalArgumentException("checkpoint=" + checkpoint + "; expected a checkpoint, not a " +
                "savepoint (savepoints are kept by their owner, not by the store)");
        }
        if (shutdown)
        {
            throw new IllegalStateException("checkpoint=" + checkpoint + "; the store is shut down, expected an " +
                "open store");
        }
        final CompletedCheckpoint previous = checkpoints.putIfAbsent(checkpoint.getCheckpointId(), checkpoint);
        if (previous != null)
        {
            throw new IllegalArgumentException("checkpointId=" + checkpoint.getCheckpointId() + "; expected an id " +
                "not in the store, which holds " + previous);
        }
        unclaimed.incrementAndGet();

        List<CompletedCheckpoint> subsumed = List.of();
        while (true)
        {
            final int count = unclaimed.get();
            if (count <= maxRetained)
            {
                return subsumed;
            }
            if (unclaimed.compareAndSet(count, count - 1))
            {
                final Map.Entry<Long, CompletedCheckpoint> oldest = checkpoints.pollFirstEntry();
                assert oldest != null : "a claimed removal always finds an entry";
                if (subsumed.isEmpty())
                {
                    subsumed = new ArrayList<>(2);
                }
                subsumed.add(oldest.getValue());
            }
        }
    }

    @Override
    public CompletedCheckpoint getLatestCheckpoint()
    {
        final Map.Entry<Long, CompletedCheckpoint> latest = checkpoints.lastEntry();
        return latest == null ? null : latest.getValue();
    }

    @Override
    public List<CompletedCheckpoint> getAllCheckpoints()
    {
        return List.copyOf(checkpoints.values());
    }

    @Override
    public int getNumberOfRetainedCheckpoints()
    {
        return checkpoints.size();
    }

    @Override
    public int getMaxNumberOfRetainedCheckpoints()
    {
        return maxRetained;
    }

    /**
     * Forgets every checkpoint, oldest first, discarding those whose retention policy discards them when the job
     * ends as {@code jobStatus}; later adds are refused. Every checkpoint is tried, even if discarding some fails.
     *
     * @throws IllegalArgumentException if {@code jobStatus} is null.
     * @throws UncheckedIOException     if some checkpoints could not be discarded: the first failure, with the
     *                                  others suppressed.
     */
    @Override
    public void shutdown(final JobStatus jobStatus)
    {
        if (jobStatus == null)
        {
            throw new IllegalArgumentException("jobStatus=null; expected how the job ended");
        }
        shutdown = true;
        UncheckedIOException failure = null;
        Map.Entry<Long, CompletedCheckpoint> entry;
        while ((entry = checkpoints.pollFirstEntry()) != null)
        {
            unclaimed.decrementAndGet();
            final CompletedCheckpoint checkpoint = entry.getValue();
            try
            {
                checkpoint.discardOnShutdown(jobStatus).join();
            }
            catch (final CompletionException ex)
            {
                final UncheckedIOException problem = asUnchecked(checkpoint, ex.getCause());
                if (failure == null)
                {
                    failure = problem;
                }
                else
                {
                    failure.addSuppressed(problem);
                }
            }
        }
        if (failure != null)
        {
            throw failure;
        }
    }

    @Override
    public String toString()
    {
        return "StandaloneCompletedCheckpointStore{maxRetained=" + maxRetained + ", retained=" +
            checkpoints.keySet() + (shutdown ? ", shut down" : "") + "}";
    }

    private static UncheckedIOException asUnchecked(final CompletedCheckpoint checkpoint, final Throwable cause)
    {
        final Throwable root = cause instanceof UncheckedIOException ? cause.getCause() : cause;
        final IOException io = root instanceof IOException ? (IOException)root :
            new IOException(String.valueOf(root), root);
        return new UncheckedIOException("checkpoint=" + checkpoint + "; could not be discarded on shutdown", io);
    }
}

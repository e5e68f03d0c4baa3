package io.cairn.checkpoint;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link CompletedCheckpointStore} that records how often each checkpoint was added and subsumed, and can run a
 * hook just before an add: a test uses it to do something while a checkpoint is being finalized.
 */
final class RecordingCompletedCheckpointStore implements CompletedCheckpointStore
{
    private final CompletedCheckpointStore delegate;
    private final Map<Long, AtomicInteger> adds = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> subsumptions = new ConcurrentHashMap<>();
    private volatile Consumer<CompletedCheckpoint> beforeAdd = checkpoint -> {};

    /**
     * @param delegate the store that does the work.
     */
    RecordingCompletedCheckpointStore(final CompletedCheckpointStore delegate)
    {
        this.delegate = delegate;
    }

    /**
     * @param hook runs on the finalizing thread before each add.
     */
    void beforeAdd(final Consumer<CompletedCheckpoint> hook)
    {
        this.beforeAdd = hook;
    }

    @Override
    public List<CompletedCheckpoint> addCheckpointAndSubsumeOldest(final CompletedCheckpoint checkpoint)
    {
        beforeAdd.accept(checkpoint);
        adds.computeIfAbsent(checkpoint.getCheckpointId(), id -> new AtomicInteger()).incrementAndGet();
        final List<CompletedCheckpoint> subsumed = delegate.addCheckpointAndSubsumeOldest(checkpoint);
        for (final CompletedCheckpoint old : subsumed)
        {
            subsumptions.computeIfAbsent(old.getCheckpointId(), id -> new AtomicInteger()).incrementAndGet();
        }
        return subsumed;
    }

    /** @return how many times each checkpoint id was added. */
    Map<Long, Integer> adds()
    {
        return counts(adds);
    }

    /** @return how many times each checkpoint id was returned as subsumed. */
    Map<Long, Integer> subsumptions()
    {
        return counts(subsumptions);
    }

    @Override
    public CompletedCheckpoint getLatestCheckpoint()
    {
        return delegate.getLatestCheckpoint();
    }

    @Override
    public List<CompletedCheckpoint> getAllCheckpoints()
    {
        return delegate.getAllCheckpoints();
    }

    @Override
    public int getNumberOfRetainedCheckpoints()
    {
        return delegate.getNumberOfRetainedCheckpoints();
    }

    @Override
    public int getMaxNumberOfRetainedCheckpoints()
    {
        return delegate.getMaxNumberOfRetainedCheckpoints();
    }

    @Override
    public void shutdown(final JobStatus jobStatus)
    {
        delegate.shutdown(jobStatus);
    }

    private static Map<Long, Integer> counts(final Map<Long, AtomicInteger> counters)
    {
        final Map<Long, Integer> counts = new TreeMap<>();
        counters.forEach((id, count) -> counts.put(id, count.get()));
        return counts;
    }
}

package io.cairn.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Collects checkpoint figures from the threads that complete and fail checkpoints, without locking them: each
 * distribution is an HdrHistogram {@link Recorder} (writers never block; a reader swaps its interval histogram
 * out). {@link #snapshot()} folds what was recorded since the last call into the totals, under the reader's lock.
 */
final class CheckpointStatsTracker
{
    private static final int HISTORY = 10;

    private final Recorder endToEndMillis = new Recorder(3);
    private final Recorder syncMicros = new Recorder(3);
    private final Recorder asyncMicros = new Recorder(3);
    private final Recorder stateBytes = new Recorder(3);
    private final AtomicLong triggered = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ConcurrentLinkedDeque<CompletedCheckpointStats> history = new ConcurrentLinkedDeque<>();
    private final Object readerLock = new Object();
    private final Histogram totalEndToEnd = new Histogram(3);
    private final Histogram totalSync = new Histogram(3);
    private final Histogram totalAsync = new Histogram(3);
    private final Histogram totalBytes = new Histogram(3);
    private Histogram recycleEndToEnd;
    private Histogram recycleSync;
    private Histogram recycleAsync;
    private Histogram recycleBytes;

    void reportTriggered()
    {
        triggered.incrementAndGet();
    }

    void reportFailed()
    {
        failed.incrementAndGet();
    }

    void reportCompleted(final CompletedCheckpointStats stats)
    {
        completed.incrementAndGet();
        endToEndMillis.recordValue(Math.max(0, stats.getEndToEndDurationMillis()));
        syncMicros.recordValue(Math.max(0, stats.getMaxSyncDurationNanos() / 1000));
        asyncMicros.recordValue(Math.max(0, stats.getMaxAsyncDurationNanos() / 1000));
        stateBytes.recordValue(Math.max(0, stats.getStateSize()));
        history.addLast(stats);
        while (history.size() > HISTORY)
        {
            history.pollFirst();
        }
    }

    CheckpointStatsSnapshot snapshot(final int pending)
    {
        synchronized (readerLock)
        {
            recycleEndToEnd = fold(endToEndMillis, recycleEndToEnd, totalEndToEnd);
            recycleSync = fold(syncMicros, recycleSync, totalSync);
            recycleAsync = fold(asyncMicros, recycleAsync, totalAsync);
            recycleBytes = fold(stateBytes, recycleBytes, totalBytes);
            final List<CompletedCheckpointStats> recent = new ArrayList<>(history);
            return new CheckpointStatsSnapshot(
                triggered.get(), completed.get(), failed.get(), pending,
                CheckpointStatsSnapshot.Distribution.of(totalEndToEnd),
                CheckpointStatsSnapshot.Distribution.of(totalSync),
                CheckpointStatsSnapshot.Distribution.of(totalAsync),
                CheckpointStatsSnapshot.Distribution.of(totalBytes),
                recent);
        }
    }

    private static Histogram fold(final Recorder recorder, final Histogram recycle, final Histogram total)
    {
        final Histogram interval = recorder.getIntervalHistogram(recycle);
        total.add(interval);
        return interval;
    }
}

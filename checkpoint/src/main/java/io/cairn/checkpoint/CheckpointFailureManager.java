package io.cairn.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts consecutive checkpoint failures (those whose reason {@link CheckpointFailureReason#countsAsFailure()
 * counts}); a success resets the count. When the count first exceeds the tolerable number, the listener hears of
 * it, once, with the causes. Lock-free.
 */
final class CheckpointFailureManager
{
    private final int tolerableFailures;
    private final CheckpointFailureListener listener;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final ConcurrentLinkedDeque<CheckpointException> causes = new ConcurrentLinkedDeque<>();

    CheckpointFailureManager(final int tolerableFailures, final CheckpointFailureListener listener)
    {
        this.tolerableFailures = tolerableFailures;
        this.listener = listener;
    }

    void handleFailure(final CheckpointException failure)
    {
        if (!failure.getReason().countsAsFailure())
        {
            return;
        }
        causes.addLast(failure);
        while (causes.size() > tolerableFailures + 1)
        {
            causes.pollFirst();
        }
        final int count = consecutiveFailures.incrementAndGet();
        if (count == tolerableFailures + 1 && listener != null)
        {
            listener.onTolerableFailuresExceeded(count, new ArrayList<>(causes));
        }
    }

    void handleSuccess()
    {
        consecutiveFailures.set(0);
        causes.clear();
    }

    int consecutiveFailures()
    {
        return consecutiveFailures.get();
    }

    List<CheckpointException> recentCauses()
    {
        return new ArrayList<>(causes);
    }
}

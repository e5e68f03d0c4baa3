package io.cairn.checkpoint;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A failure listener that records each time it hears that more failures than tolerated happened in a row. */
final class RecordingFailureListener implements CheckpointFailureListener
{
    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onTolerableFailuresExceeded(final int consecutiveFailures, final List<CheckpointException> causes)
    {
        calls.add(new Call(consecutiveFailures, List.copyOf(causes)));
    }

    /** @return the calls, in order. */
    List<Call> calls()
    {
        return List.copyOf(calls);
    }

    /**
     * One call.
     *
     * @param consecutiveFailures the count it reported.
     * @param causes              the failures it reported, oldest first.
     */
    record Call(int consecutiveFailures, List<CheckpointException> causes)
    {
    }
}

package io.cairn.checkpoint;

/**
 * The coordinator's clock and timer: real time in production ({@link SystemTimeService}), a clock a test moves by
 * hand ({@link ManualTimeService}), so no test ever sleeps.
 */
public interface TimeService
{
    /** @return the current time in epoch milliseconds. */
    long currentTimeMillis();

    /**
     * Runs {@code task} once after {@code delayMillis}.
     *
     * @return a handle to cancel it.
     */
    Cancellable schedule(Runnable task, long delayMillis);

    /**
     * Runs {@code task} after {@code initialDelayMillis}, then every {@code periodMillis}.
     *
     * @return a handle to cancel it.
     */
    Cancellable scheduleAtFixedRate(Runnable task, long initialDelayMillis, long periodMillis);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable
    {
        /** Cancels the task; a run in progress finishes. Idempotent. */
        void cancel();
    }
}

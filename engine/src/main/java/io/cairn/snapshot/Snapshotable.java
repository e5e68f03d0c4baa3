package io.cairn.snapshot;

import java.util.concurrent.RunnableFuture;

/**
 * Something whose state can be snapshotted in two parts: a synchronous part on the caller's thread, which
 * captures a consistent copy-on-write view and returns at once, and an asynchronous part, run by any thread,
 * which writes that view.
 *
 * @param <H> the handle type the snapshot produces.
 */
public interface Snapshotable<H extends StateHandle>
{
    /**
     * Captures the state as it is now (the synchronous part) and returns the asynchronous part. State written
     * after this call returns never appears in the snapshot. Running the future writes the snapshot; cancelling
     * it stops the write and leaves no file behind. Whatever the outcome, the future must be run or cancelled, or
     * the memory the view holds is not released.
     *
     * @param checkpointId  the checkpoint's id.
     * @param timestamp     when it was triggered.
     * @param streamFactory where to write.
     * @param options       checkpoint or savepoint, and where to.
     * @return the asynchronous part; its result holds the handle, or is empty if there is no state.
     * @throws Exception if the view could not be captured.
     */
    RunnableFuture<SnapshotResult<H>> snapshot(
        long checkpointId, long timestamp, CheckpointStreamFactory streamFactory, CheckpointOptions options)
        throws Exception;
}

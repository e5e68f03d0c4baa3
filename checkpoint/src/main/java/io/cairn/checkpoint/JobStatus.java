package io.cairn.checkpoint;

/** How a job ended, which decides what {@link CompletedCheckpoint#discardOnShutdown} keeps. */
public enum JobStatus
{
    /** Ran to completion. */
    FINISHED,
    /** Cancelled by the user. */
    CANCELED,
    /** Failed for good. */
    FAILED,
    /** Stopped to be resumed later (for example, on another machine): every checkpoint is kept. */
    SUSPENDED
}

package io.cairn.checkpoint;

/** Hands out checkpoint ids: strictly increasing, never reused. */
public interface CheckpointIdCounter
{
    /** @return the next id; every call returns a larger one than the last. */
    long getAndIncrement();

    /** @return the id the next {@link #getAndIncrement()} returns. */
    long get();

    /**
     * Moves the counter forward (after a restart, past every id already used).
     *
     * @param nextId the id to hand out next; ignored if not larger than {@link #get()}.
     */
    void advanceTo(long nextId);
}

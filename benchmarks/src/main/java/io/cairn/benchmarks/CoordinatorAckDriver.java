package io.cairn.benchmarks;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Feeds acknowledgements to a coordinator from any number of threads, one checkpoint after another, for
 * {@link CoordinatorBenchmark}.
 *
 * <p>Work is a sequence of tickets: ticket {@code t} is the acknowledgement of subtask {@code t % n} for the
 * checkpoint of round {@code t / n}, where {@code n} is the number of participants. A thread takes the next ticket
 * from one counter, waits until its round's checkpoint has been triggered (it almost always has), and acknowledges.
 * {@value #LOOKAHEAD} rounds are triggered up front; after that, the thread that sends the last acknowledgement of
 * a round triggers one more, so a thread can acknowledge the next checkpoint while another finalises the previous
 * one. Triggers are serialised by this harness (one per round, outside the acknowledgement path), so checkpoint ids
 * follow round order.
 *
 * <p>If a thread is descheduled while holding a ticket, later rounds can complete first and subsume its checkpoint;
 * its acknowledgement is then refused (and counted in {@link #rejectedAcknowledgements()}), and the round still
 * counts as done. Per acknowledgement the harness adds two contended atomic increments (the ticket and the round's
 * countdown) and a volatile read, the same for both coordinator variants.
 */
final class CoordinatorAckDriver
{
    /** Rounds triggered ahead of the acknowledgements. */
    static final int LOOKAHEAD = 2;

    // Rounds tracked at once; a thread would have to stall for this many rounds to overrun it, which is checked.
    private static final int RING = 1 << 16;
    private static final int RING_MASK = RING - 1;
    private static final int SPINS_BEFORE_YIELD = 100;

    private final CoordinatorBenchmarkSupport job;
    private final int participants;
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLongArray roundOfSlot = new AtomicLongArray(RING);
    private final AtomicLongArray checkpointIdOfSlot = new AtomicLongArray(RING);
    private final AtomicIntegerArray missingOfSlot = new AtomicIntegerArray(RING);
    private final LongAdder rejected = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final Object triggerLock = new Object();
    private volatile long triggeredRounds;

    /**
     * Triggers the first {@value #LOOKAHEAD} rounds.
     *
     * @param job the coordinator to drive.
     */
    CoordinatorAckDriver(final CoordinatorBenchmarkSupport job)
    {
        this.job = job;
        this.participants = job.participants();
        for (int i = 0; i < RING; i++)
        {
            roundOfSlot.set(i, -1);
        }
        for (int i = 0; i < LOOKAHEAD; i++)
        {
            triggerNextRound();
        }
    }

    /**
     * Sends the next acknowledgement; callable from any number of threads.
     *
     * @return true if the coordinator took it.
     */
    boolean acknowledgeNext()
    {
        final long ticket = tickets.getAndIncrement();
        final long round = ticket / participants;
        final int subtask = (int)(ticket - round * participants);
        if (triggeredRounds <= round)
        {
            awaitTrigger(round);
        }
        final int slot = (int)(round & RING_MASK);
        if (roundOfSlot.get(slot) != round)
        {
            throw new IllegalStateException("round " + round + " was overrun in the harness's ring of " + RING +
                " rounds: a thread stalled for that long");
        }
        final boolean taken = job.acknowledge(checkpointIdOfSlot.get(slot), subtask);
        if (!taken)
        {
            rejected.increment();
        }
        if (missingOfSlot.decrementAndGet(slot) == 0)
        {
            triggerNextRound();
        }
        return taken;
    }

    /** @return acknowledgements the coordinator refused (their checkpoint was subsumed first). */
    long rejectedAcknowledgements()
    {
        return rejected.sum();
    }

    /** @return acknowledgements that had to wait for their checkpoint's trigger. */
    long waitsForTrigger()
    {
        return waits.sum();
    }

    /** @return the rounds triggered so far. */
    long triggeredRounds()
    {
        return triggeredRounds;
    }

    private void awaitTrigger(final long round)
    {
        waits.increment();
        int spins = 0;
        while (triggeredRounds <= round)
        {
            if (++spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    private void triggerNextRound()
    {
        synchronized (triggerLock)
        {
            final long round = triggeredRounds;
            final int slot = (int)(round & RING_MASK);
            job.trigger();
            checkpointIdOfSlot.set(slot, job.lastTriggeredId());
            missingOfSlot.set(slot, participants);
            roundOfSlot.set(slot, round);
            triggeredRounds = round + 1; // publishes the slot
        }
    }
}

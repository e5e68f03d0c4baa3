package io.cairn.examples.pipeline;

/**
 * A deliberate bug for tests, to prove that the main job's check can fail: the event at one position is counted
 * {@code applications} times instead of once (0: lost, 2: counted twice), every time a subtask processes it,
 * before or after the crash.
 */
final class Fault
{
    /** No fault: every event is counted once. */
    static final Fault NONE = new Fault(-1, 1);

    private final long position;
    private final int applications;

    private Fault(final long position, final int applications)
    {
        this.position = position;
        this.applications = applications;
    }

    /**
     * @param position the position of the event to lose.
     * @return a fault that never counts that event.
     */
    static Fault loseEvent(final long position)
    {
        return new Fault(checkPosition(position), 0);
    }

    /**
     * @param position the position of the event to count twice.
     * @return a fault that counts that event twice each time it is processed.
     */
    static Fault duplicateEvent(final long position)
    {
        return new Fault(checkPosition(position), 2);
    }

    /** @return the position of the faulty event, or -1 for none. */
    long position()
    {
        return position;
    }

    /** @return how many times the faulty event is counted. */
    int applications()
    {
        return applications;
    }

    private static long checkPosition(final long position)
    {
        if (position < 0)
        {
            throw new IllegalArgumentException("position=" + position + "; expected >= 0");
        }
        return position;
    }
}

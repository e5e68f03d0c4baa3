package io.cairn.examples.pipeline;

import java.util.Queue;
import java.util.concurrent.locks.LockSupport;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.checkpoint.SubtaskCheckpointAgent;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.state.ListState;
import io.cairn.state.LongValueState;
import io.cairn.state.LongValueStateDescriptor;
import org.HdrHistogram.Histogram;

/**
 * One subtask of the main job, run by its own thread: it reads the whole stream from its restored position,
 * counts the events of the key groups it owns in a {@link LongValueState}, and runs checkpoint work between
 * events.
 *
 * <p>Design notes:
 * <ol>
 *     <li>The mailbox. The {@link SubtaskCheckpointAgent} hands its work (the synchronous part of a snapshot,
 *     completion notices) to its mailbox, a queue this thread drains every {@value #BATCH} stream positions,
 *     between two events. So a snapshot sees the state of every event before the read position and of none after
 *     it, and the read position is stored, as operator state, in the very snapshot it describes.</li>
 *     <li>Positions per key group ({@link KeyGroupPositions}). After a restore the subtask starts at the lowest
 *     position of its key groups and skips, per key group, the events its restored state already counts: no event
 *     is lost and none is counted twice, whatever the old subtasks' positions were.</li>
 *     <li>Stopping. A subtask arrives at the first batch boundary at or after its stop position at which the
 *     phase allows it (before the crash: once a checkpoint has completed), waits there, still draining its
 *     mailbox, until every subtask has arrived ({@link PhaseControl}), and then stops and does nothing more:
 *     work still in its mailbox is dropped, as a crashed process drops it.</li>
 *     <li>Latency. One state access in {@value #SAMPLE_EVERY} (set key, get, update) is timed with
 *     {@link System#nanoTime()} into the subtask's own {@link Histogram}; the job merges them at the end.</li>
 * </ol>
 */
final class PipelineSubtask implements Runnable
{
    /** Stream positions between two looks at the mailbox and the stop rule. */
    static final int BATCH = 1024;

    /** One state access in this many is timed. */
    static final int SAMPLE_EVERY = 16;

    /** The count of each key. */
    static final LongValueStateDescriptor COUNT = new LongValueStateDescriptor("count");

    private static final long IDLE_NANOS = 1_000_000;

    private final SubtaskCheckpointAgent agent;
    private final JobInput input;
    private final PhaseControl control;
    private final long stopAt;
    private final long catchUp;
    private final Queue<Runnable> mailbox;
    private final Histogram latency = new Histogram(3);
    private volatile long position;
    private volatile long applied;
    private volatile long startPosition;
    private volatile long catchUpNanos;
    private volatile Throwable failure;

    /**
     * @param mailbox the queue the agent was given as its subtask executor ({@code mailbox::add}).
     * @param agent   the subtask's checkpoint agent, already restored if the phase restores.
     * @param input   the stream and its key tables.
     * @param control the phase's shared flags.
     * @param stopAt  the stream position at which to stop once the phase allows it.
     * @param catchUp the stream position whose reaching {@link #catchUpNanos()} notes, or -1.
     */
    PipelineSubtask(
        final Queue<Runnable> mailbox,
        final SubtaskCheckpointAgent agent,
        final JobInput input,
        final PhaseControl control,
        final long stopAt,
        final long catchUp)
    {
        this.mailbox = mailbox;
        this.agent = agent;
        this.input = input;
        this.control = control;
        this.stopAt = stopAt;
        this.catchUp = catchUp;
    }

    @Override
    public void run()
    {
        try
        {
            process();
        }
        catch (final Throwable ex)
        {
            failure = ex;
            control.abort();
        }
    }

    private void process()
    {
        final KeyedStateBackend<Long> backend = keyedBackend(agent);
        final LongValueState count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, COUNT);
        final ListState<Long> positionState =
            agent.operatorStateBackend().getUnionListState(KeyGroupPositions.DESCRIPTOR);
        final KeyGroupRange range = backend.getKeyGroupRange();
        final KeyGroupPositions restored = KeyGroupPositions.restore(range, positionState.get());
        final SkewedKeyStream stream = input.stream();
        final int[] keyGroups = input.keyGroups();
        final Long[] keys = input.boxedKeys();
        final long events = stream.events();
        final long faultPosition = input.fault().position();
        final int faultApplications = input.fault().applications();
        final long replayEnd = restored.highest();
        final int first = range.getStartKeyGroup();
        final int last = range.getEndKeyGroup();
        final Histogram latency = this.latency;

        long readPosition = restored.lowest();
        long appliedCount = 0;
        boolean caughtUp = catchUp < 0;
        boolean arrived = false;
        startPosition = readPosition;
        position = readPosition;
        while (!control.isAborted())
        {
            if (!caughtUp && readPosition >= catchUp)
            {
                caughtUp = true;
                catchUpNanos = System.nanoTime();
            }
            if (readPosition >= stopAt || readPosition >= events)
            {
                if (!arrived && control.mayStop())
                {
                    arrived = true;
                    control.arrive();
                }
                if (arrived && control.allArrived())
                {
                    return;
                }
                if (arrived || readPosition >= events)
                {
                    runMailbox(positionState, restored, readPosition);
                    LockSupport.parkNanos(IDLE_NANOS);
                    continue;
                }
            }
            final long end = Math.min(readPosition + BATCH, events);
            for (long p = readPosition; p < end; p++)
            {
                final int key = stream.keyAt(p);
                final int keyGroup = keyGroups[key];
                if (keyGroup < first || keyGroup > last || p < replayEnd && p < restored.position(keyGroup))
                {
                    continue;
                }
                final int applications = p == faultPosition ? faultApplications : 1;
                for (int i = 0; i < applications; i++)
                {
                    if ((++appliedCount & (SAMPLE_EVERY - 1)) == 0)
                    {
                        final long start = System.nanoTime();
                        backend.setCurrentKeyAndKeyGroup(keys[key], keyGroup);
                        count.updateLong(count.getLong(0) + 1);
                        latency.recordValue(System.nanoTime() - start);
                    }
                    else
                    {
                        backend.setCurrentKeyAndKeyGroup(keys[key], keyGroup);
                        count.updateLong(count.getLong(0) + 1);
                    }
                }
            }
            readPosition = end;
            position = end;
            applied = appliedCount;
            runMailbox(positionState, restored, readPosition);
        }
    }

    /**
     * Runs what the agent queued. The positions are written first, so a snapshot in the queue stores exactly the
     * position up to which the keyed state it captures counts.
     */
    private void runMailbox(
        final ListState<Long> positionState, final KeyGroupPositions restored, final long readPosition)
    {
        if (mailbox.isEmpty())
        {
            return;
        }
        positionState.update(restored.encode(readPosition));
        Runnable work;
        while ((work = mailbox.poll()) != null)
        {
            work.run();
        }
    }

    @SuppressWarnings("unchecked")
    static KeyedStateBackend<Long> keyedBackend(final SubtaskCheckpointAgent agent)
    {
        // The job's agents are made with Long-keyed backend factories.
        return (KeyedStateBackend<Long>)agent.keyedStateBackend();
    }

    /** @return the stream position read so far. */
    long position()
    {
        return position;
    }

    /** @return where the subtask started reading. */
    long startPosition()
    {
        return startPosition;
    }

    /** @return when the subtask reached its catch-up position ({@link System#nanoTime()}), or 0 if it did not. */
    long catchUpNanos()
    {
        return catchUpNanos;
    }

    /** @return the state accesses done so far (events counted). */
    long applied()
    {
        return applied;
    }

    /** @return the sampled state-access latencies, in ns; read it once the subtask's thread has ended. */
    Histogram latency()
    {
        return latency;
    }

    /** @return what ended the subtask's thread abnormally, or null. */
    Throwable failure()
    {
        return failure;
    }

    /** @return the subtask's checkpoint agent. */
    SubtaskCheckpointAgent agent()
    {
        return agent;
    }
}

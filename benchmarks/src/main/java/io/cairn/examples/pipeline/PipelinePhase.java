package io.cairn.examples.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.StateBackend;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.CheckpointStatsSnapshot;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.JobStatus;
import io.cairn.checkpoint.SubtaskCheckpointAgent;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.operator.DefaultOperatorStateBackend;

/**
 * One run of the main job's subtasks at one parallelism, with its own checkpoint coordinator: either the first
 * run, which ends in a crash, or the run after it, which restores the latest completed checkpoint (at another
 * parallelism) and reads the stream to its end.
 *
 * <p>The calling thread builds everything, restores if asked, starts one thread per subtask and the periodic
 * checkpoints, and then watches: it prints progress about once a second and, before the crash, lets the
 * subtasks stop once a checkpoint has completed. A crash leaves the coordinator without a shutdown: its timer
 * stops and the snapshot writers are interrupted, as they would be with the process, but nothing is aborted,
 * discarded or closed. A finish stops the coordinator properly.
 */
final class PipelinePhase
{
    private static final long WATCH_MILLIS = 20;
    private static final long PROGRESS_NANOS = 1_000_000_000L;
    private static final long CHECKPOINT_TIMEOUT_MS = 60_000;
    private static final long WRITER_STOP_SECONDS = 30;
    private static final long BASE_MEMORY_BUDGET_BYTES = 64L << 20;
    /** Generous: the off-heap backend holds about 120 bytes per counter of this job. */
    private static final long BYTES_PER_KEY = 256;

    private final String name;
    private final int parallelism;
    private final JobInput input;
    private final StateBackend stateBackend;
    private final FileSystemCheckpointStorage storage;
    private final long checkpointIntervalMillis;
    private final long jobStartNanos;
    private final PrintStream out;
    private final ExecutorService writers;
    private final CrashableTimeService timeService = new CrashableTimeService();
    private final List<SubtaskCheckpointAgent> agents = new ArrayList<>();
    private final List<Queue<Runnable>> mailboxes = new ArrayList<>();
    private final List<PipelineSubtask> subtasks = new ArrayList<>();
    private CheckpointCoordinator coordinator;
    private long startNanos;
    private CheckpointStatsSnapshot checkpointStats;
    private CompletedCheckpoint restoredCheckpoint;
    private long reopenNanos;
    private long loadNanos;
    private long processingNanos;

    /**
     * @param name                     what the progress lines call this phase.
     * @param parallelism              the number of subtasks.
     * @param input                    the stream and its key tables.
     * @param stateBackend             makes the subtasks' keyed backends.
     * @param storage                  where checkpoints go, shared by the phases of the job.
     * @param checkpointIntervalMillis ms between periodic checkpoints.
     * @param jobStartNanos            when the job started, for the progress lines.
     * @param out                      where progress goes.
     */
    PipelinePhase(
        final String name,
        final int parallelism,
        final JobInput input,
        final StateBackend stateBackend,
        final FileSystemCheckpointStorage storage,
        final long checkpointIntervalMillis,
        final long jobStartNanos,
        final PrintStream out)
    {
        this.name = name;
        this.parallelism = parallelism;
        this.input = input;
        this.stateBackend = stateBackend;
        this.storage = storage;
        this.checkpointIntervalMillis = checkpointIntervalMillis;
        this.jobStartNanos = jobStartNanos;
        this.out = out;
        this.writers = Executors.newFixedThreadPool(parallelism, daemonThreads("snapshot-writer"));
    }

    /**
     * Makes the subtasks' agents and backends and the coordinator, which finds the completed checkpoints in the
     * storage, and restores the latest of them into the agents if asked.
     *
     * @param restore whether to restore the latest completed checkpoint.
     */
    void open(final boolean restore)
    {
        for (int i = 0; i < parallelism; i++)
        {
            final Queue<Runnable> mailbox = new ConcurrentLinkedQueue<>();
            final KeyGroupRange range = rangeOf(i);
            mailboxes.add(mailbox);
            agents.add(new SubtaskCheckpointAgent(i, mailbox::add, writers,
                () -> stateBackend.createKeyedStateBackend(KeyedStateBackendParameters.builder(LongCodec.INSTANCE)
                    .numberOfKeyGroups(input.maxParallelism())
                    .keyGroupRange(range)
                    .memoryBudgetBytes(memoryBudgetBytes(input.stream().keys()))
                    .build()),
                DefaultOperatorStateBackend::new));
        }
        final long reopenStart = System.nanoTime();
        coordinator = CheckpointCoordinator.builder(storage.getJobId(), storage)
            .configuration(CheckpointCoordinatorConfiguration.builder()
                .setCheckpointInterval(checkpointIntervalMillis)
                .setCheckpointTimeout(CHECKPOINT_TIMEOUT_MS)
                .setMaxParallelism(input.maxParallelism())
                .build())
            .participants(agents)
            .timeService(timeService)
            .build();
        reopenNanos = System.nanoTime() - reopenStart;
        if (restore)
        {
            final long loadStart = System.nanoTime();
            if (coordinator.restoreLatestCheckpointedStateToAll(agents, false))
            {
                restoredCheckpoint = coordinator.getCheckpointStore().getLatestCheckpoint();
            }
            loadNanos = System.nanoTime() - loadStart;
        }
    }

    /**
     * Runs the subtasks until each has reached {@code stopAt} after a checkpoint has completed, then crashes:
     * the coordinator's timer and the snapshot writers die, nothing is shut down, aborted or closed.
     *
     * @param stopAt the stream position of the crash.
     * @throws InterruptedException if the calling thread is interrupted.
     */
    void runUntilCrash(final long stopAt) throws InterruptedException
    {
        run(stopAt, -1, false);
    }

    /**
     * Runs the subtasks to the end of the stream, then stops the coordinator as for a finished job.
     *
     * @param catchUpPosition the stream position where the job was when it crashed.
     * @throws InterruptedException if the calling thread is interrupted.
     */
    void runToEnd(final long catchUpPosition) throws InterruptedException
    {
        run(input.stream().events(), catchUpPosition, true);
    }

    private void run(final long stopAt, final long catchUpPosition, final boolean finish) throws InterruptedException
    {
        final PhaseControl control = new PhaseControl(parallelism, finish);
        final List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < parallelism; i++)
        {
            final PipelineSubtask subtask =
                new PipelineSubtask(mailboxes.get(i), agents.get(i), input, control, stopAt, catchUpPosition);
            subtasks.add(subtask);
            threads.add(new Thread(subtask, "cairn-subtask-" + i + "-of-" + parallelism));
        }
        startNanos = System.nanoTime();
        coordinator.startCheckpointScheduler();
        threads.forEach(Thread::start);
        watch(threads, control);
        processingNanos = System.nanoTime() - startNanos;

        if (finish)
        {
            coordinator.stopCheckpointScheduler();
        }
        // With the process, the timer and the snapshot writers die; a finished job lets the writers end first.
        timeService.crash();
        if (finish)
        {
            writers.shutdown();
        }
        else
        {
            writers.shutdownNow();
        }
        if (!writers.awaitTermination(WRITER_STOP_SECONDS, TimeUnit.SECONDS))
        {
            throw new IllegalStateException("the snapshot writers of " + name + " did not stop within " +
                WRITER_STOP_SECONDS + " s");
        }
        checkpointStats = coordinator.getCheckpointStatsSnapshot();
        if (finish)
        {
            coordinator.shutdown(JobStatus.FINISHED);
        }
        for (final PipelineSubtask subtask : subtasks)
        {
            if (subtask.failure() != null)
            {
                throw new IllegalStateException("subtask " + subtask.agent().getSubtaskIndex() + " of " + name +
                    " failed: " + subtask.failure(), subtask.failure());
            }
        }
    }

    private void watch(final List<Thread> threads, final PhaseControl control) throws InterruptedException
    {
        long nextProgress = System.nanoTime() + PROGRESS_NANOS;
        while (true)
        {
            final Thread alive = threads.stream().filter(Thread::isAlive).findFirst().orElse(null);
            if (alive == null)
            {
                return;
            }
            alive.join(WATCH_MILLIS);
            final CheckpointStatsSnapshot stats = coordinator.getCheckpointStatsSnapshot();
            if (stats.getCompleted() > 0)
            {
                control.allowStop();
            }
            if (System.nanoTime() - nextProgress >= 0)
            {
                nextProgress += PROGRESS_NANOS;
                printProgress(stats.getCompleted());
            }
        }
    }

    private void printProgress(final long checkpoints)
    {
        long position = Long.MAX_VALUE;
        long applied = 0;
        for (final PipelineSubtask subtask : subtasks)
        {
            position = Math.min(position, subtask.position());
            applied += subtask.applied();
        }
        final long events = input.stream().events();
        out.printf(Locale.ROOT, "  %5.1f s  %s: position %,d of %,d (%.0f%%), %,d events counted, %d checkpoint%s " +
            "completed%n", (System.nanoTime() - jobStartNanos) / 1e9, name, position, events,
            100.0 * position / events, applied, checkpoints, checkpoints == 1 ? "" : "s");
    }

    /**
     * @param keys the number of distinct keys.
     * @return a budget that holds every key in one backend twice over: a copy-on-write snapshot may keep an old
     * version of each record while the subtask writes a new one.
     */
    static long memoryBudgetBytes(final int keys)
    {
        return BASE_MEMORY_BUDGET_BYTES + keys * 2L * BYTES_PER_KEY;
    }

    /**
     * @param subtaskIndex a subtask of this phase.
     * @return the key groups it owns.
     */
    KeyGroupRange rangeOf(final int subtaskIndex)
    {
        return KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
            input.maxParallelism(), parallelism, subtaskIndex);
    }

    /**
     * Releases the backends and threads: after a crash, only as the dead process's memory and threads would be.
     * Idempotent.
     */
    void release()
    {
        timeService.crash();
        writers.shutdownNow();
        agents.forEach(SubtaskCheckpointAgent::dispose);
    }

    /** @return the number of subtasks. */
    int parallelism()
    {
        return parallelism;
    }

    /** @return the subtasks, ended. */
    List<PipelineSubtask> subtasks()
    {
        return subtasks;
    }

    /** @return the coordinator's statistics when the phase ended. */
    CheckpointStatsSnapshot checkpointStats()
    {
        return checkpointStats;
    }

    /** @return the checkpoint restored, or null if none was (none completed, or the phase did not restore). */
    CompletedCheckpoint restoredCheckpoint()
    {
        return restoredCheckpoint;
    }

    /** @return ns to open the checkpoint directory and find its completed checkpoints (a new coordinator). */
    long reopenNanos()
    {
        return reopenNanos;
    }

    /** @return ns to load the restored checkpoint into the subtasks' new backends. */
    long loadNanos()
    {
        return loadNanos;
    }

    /** @return when the subtasks were started ({@link System#nanoTime()}). */
    long startNanos()
    {
        return startNanos;
    }

    /** @return ns from starting the subtasks to the last one ending. */
    long processingNanos()
    {
        return processingNanos;
    }

    /** @return events counted by all subtasks (state accesses). */
    long applied()
    {
        long applied = 0;
        for (final PipelineSubtask subtask : subtasks)
        {
            applied += subtask.applied();
        }
        return applied;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(final String prefix)
    {
        final AtomicInteger count = new AtomicInteger();
        return (runnable) ->
        {
            final Thread thread = new Thread(runnable, "cairn-" + prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

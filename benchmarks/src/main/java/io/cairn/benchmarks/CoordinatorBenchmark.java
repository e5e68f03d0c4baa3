package io.cairn.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.cairn.checkpoint.CompletedCheckpoint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The checkpoint coordinator under load: {@code participants} subtasks (100 by default) with empty state, each
 * checkpoint completed by their acknowledgements, on the real file-system storage (on tmpfs where there is one;
 * see {@link CoordinatorBenchmarkSupport}). The {@code coordinator} parameter picks the variant:
 * {@code lockfree}, Cairn's coordinator called directly, or {@code locked}, the same coordinator with one global
 * lock around each entry point ({@link LockedCheckpointCoordinator}, the design Apache Flink uses). The figures to
 * look at are the ratios {@code lockfree / locked}.
 *
 * <ul>
 *     <li>{@link #ackOneThread} and {@link #ackTwoThreads}: acknowledgements per millisecond sent by one or two
 *     threads ({@link CoordinatorAckDriver}); every {@code participants}-th one completes a checkpoint, which
 *     writes its metadata, replaces the retained checkpoint and deletes the old one, and the next checkpoint is
 *     triggered. The cost of a checkpoint's trigger and finalisation is spread over its acknowledgements.</li>
 *     <li>{@link #triggerToComplete}: the time from trigger to completion of one checkpoint when a single thread
 *     triggers it and sends all of its acknowledgements; with one thread, the lock is never contended.</li>
 * </ul>
 */
@Fork(value = 2, jvmArgsAppend = { BenchmarkBackends.ADD_EXPORTS, BenchmarkBackends.DISABLE_BOUNDS_CHECKS })
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CoordinatorBenchmark
{
    /**
     * Sends the next acknowledgement from one thread.
     *
     * @param acks the coordinator and the harness that hands out acknowledgements.
     * @return true if the coordinator took it.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public boolean ackOneThread(final Acks acks)
    {
        return acks.driver.acknowledgeNext();
    }

    /**
     * Sends the next acknowledgement, from each of two threads.
     *
     * @param acks the coordinator and the harness that hands out acknowledgements.
     * @return true if the coordinator took it.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(2)
    public boolean ackTwoThreads(final Acks acks)
    {
        return acks.driver.acknowledgeNext();
    }

    /**
     * Triggers a checkpoint, acknowledges it for every subtask, and returns it completed.
     *
     * @param latency the coordinator.
     * @return the completed checkpoint.
     */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(1)
    public CompletedCheckpoint triggerToComplete(final Latency latency)
    {
        final CoordinatorBenchmarkSupport job = latency.job;
        final CompletableFuture<CompletedCheckpoint> future = job.trigger();
        final long checkpointId = job.lastTriggeredId();
        for (int i = 0, n = job.participants(); i < n; i++)
        {
            job.acknowledge(checkpointId, i);
        }
        final CompletedCheckpoint completed = future.getNow(null);
        if (completed == null)
        {
            throw new IllegalStateException("checkpoint " + checkpointId + " did not complete with its last " +
                "acknowledgement: " + future);
        }
        return completed;
    }

    /**
     * A coordinator shared by the acknowledging threads, and the harness that feeds it. Not final: JMH generates
     * subclasses of it.
     */
    @State(Scope.Benchmark)
    public static class Acks
    {
        /** {@code lockfree} or {@code locked}. */
        @Param({ CoordinatorBenchmarkSupport.LOCK_FREE, CoordinatorBenchmarkSupport.LOCKED })
        public String coordinator;

        /** The number of subtasks, each acknowledging every checkpoint. */
        @Param("100")
        public int participants;

        CoordinatorAckDriver driver;
        private CoordinatorBenchmarkSupport job;

        /** Builds the coordinator and triggers the first checkpoints. */
        @Setup(Level.Trial)
        public void setUp()
        {
            job = new CoordinatorBenchmarkSupport(coordinator, participants);
            driver = new CoordinatorAckDriver(job);
        }

        /** Reports what the harness saw, shuts the coordinator down and deletes its files. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            System.out.println("CoordinatorBenchmark: coordinator=" + coordinator + ", rounds triggered=" +
                driver.triggeredRounds() + ", acknowledgements refused=" + driver.rejectedAcknowledgements() +
                ", waits for a trigger=" + driver.waitsForTrigger());
            job.close();
        }
    }

    /** A coordinator driven by one thread. Not final: JMH generates subclasses of it. */
    @State(Scope.Thread)
    public static class Latency
    {
        /** {@code lockfree} or {@code locked}. */
        @Param({ CoordinatorBenchmarkSupport.LOCK_FREE, CoordinatorBenchmarkSupport.LOCKED })
        public String coordinator;

        /** The number of subtasks, each acknowledging every checkpoint. */
        @Param("100")
        public int participants;

        CoordinatorBenchmarkSupport job;

        /** Builds the coordinator. */
        @Setup(Level.Trial)
        public void setUp()
        {
            job = new CoordinatorBenchmarkSupport(coordinator, participants);
        }

        /** Shuts the coordinator down and deletes its files. */
        @TearDown(Level.Trial)
        public void tearDown()
        {
            job.close();
        }
    }
}

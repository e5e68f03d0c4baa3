package io.cairn.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.io.TempDir;

import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads acknowledge many checkpoints at once, with repeats, acknowledgements of other state and (in one
 * test) declines thrown in. Whatever the interleaving: every checkpoint either completes exactly once, with exactly
 * the state that was accepted from each subtask, or is aborted (subsumed by a newer one that completed, or
 * declined); the newest N completed checkpoints are retained with every file they reference; and every other file
 * written is gone, so state that reached an aborted checkpoint was discarded, and no state was discarded twice
 * over a file that a retained checkpoint needs.
 */
class CheckpointCoordinatorStressTest
{
    private static final int CHECKPOINTS = 200;
    private static final int SUBTASKS = 8;
    private static final int THREADS = 4;
    private static final int RETAINED = 5;
    /** The messages of this many consecutive checkpoints are interleaved, so most checkpoints complete in order. */
    private static final int WINDOW = 4;

    @TempDir(factory = CoordinatorTempDirFactory.class)
    Path directory;

    @RepeatedTest(2)
    void shouldCompleteEachCheckpointExactlyOnceWithTheAcceptedStateWhenThreadsRaceToAcknowledge(
        final RepetitionInfo repetition) throws Exception
    {
        race(0x5eed_0000L + repetition.getCurrentRepetition(), 0);
    }

    @RepeatedTest(2)
    void shouldDiscardEveryStateOfAbortedCheckpointsWhenDeclinesRaceAcknowledgements(
        final RepetitionInfo repetition) throws Exception
    {
        race(0xdec1_0000L + repetition.getCurrentRepetition(), 5);
    }

    /**
     * @param seed          what the random choices come from.
     * @param declineOneIn  one checkpoint in this many gets a decline too, somewhere among its acknowledgements;
     *                      0 for none.
     */
    private void race(final long seed, final int declineOneIn) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, SUBTASKS);
        final RecordingCompletedCheckpointStore store = new RecordingCompletedCheckpointStore(
            FileSystemCompletedCheckpointStore.open(fixture.checkpointsDirectory(), CoordinatorFixture.JOB_ID,
                RETAINED, RecoveryMode.STRICT));
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setMaxConcurrentCheckpoints(CHECKPOINTS).setNumberOfRetainedCheckpoints(RETAINED),
            builder -> builder.completedCheckpointStore(store));

        final List<CompletableFuture<CompletedCheckpoint>> futures = new ArrayList<>();
        final List<Long> ids = new ArrayList<>();
        for (int i = 0; i < CHECKPOINTS; i++)
        {
            futures.add(coordinator.triggerCheckpoint(false));
            ids.add(CoordinatorFixture.pendingId(coordinator, futures.get(i)));
        }
        final List<Delivery> deliveries = deliveries(fixture, ids, declineOneIn, random);
        final boolean[] taken = deliver(coordinator, deliveries);

        final String context = "seed=" + seed;
        assertEquals(0, coordinator.getNumberOfPendingCheckpoints(), context);
        final List<Long> completed = new ArrayList<>();
        final List<Long> subsumed = new ArrayList<>();
        int declined = 0;
        for (int i = 0; i < CHECKPOINTS; i++)
        {
            final long id = ids.get(i);
            assertTrue(futures.get(i).isDone(), "checkpoint " + id + " ended, " + context);
            if (futures.get(i).isCompletedExceptionally())
            {
                final CheckpointFailureReason reason = failure(futures.get(i)).getReason();
                assertTrue(reason == CheckpointFailureReason.CHECKPOINT_SUBSUMED ||
                    (declineOneIn > 0 && reason == CheckpointFailureReason.CHECKPOINT_DECLINED),
                    "checkpoint " + id + " failed with " + reason + ", " + context);
                declined += reason == CheckpointFailureReason.CHECKPOINT_DECLINED ? 1 : 0;
                if (reason == CheckpointFailureReason.CHECKPOINT_SUBSUMED)
                {
                    subsumed.add(id);
                }
                assertNotifiedOnce(fixture, id, false);
                continue;
            }
            completed.add(id);
            assertEquals(Integer.valueOf(1), store.adds().get(id), "added to the store once: " + id + ", " + context);
            assertNotifiedOnce(fixture, id, true);
            assertAcceptedState(futures.get(i).join(), deliveries, taken, context);
        }
        final long newest = completed.get(completed.size() - 1);
        for (final long id : subsumed)
        {
            assertTrue(id < newest, "checkpoint " + id + " was subsumed, so a newer one completed, " + context);
        }

        final List<Long> retainedIds = new ArrayList<>();
        final Set<Path> expectedFiles = new TreeSet<>();
        for (final CompletedCheckpoint checkpoint : coordinator.getCheckpointStore().getAllCheckpoints())
        {
            retainedIds.add(checkpoint.getCheckpointId());
            expectedFiles.addAll(CoordinatorFiles.filesOf(checkpoint));
            expectedFiles.add(fixture.metadataFile(checkpoint.getCheckpointId()).toAbsolutePath().normalize());
        }
        assertEquals(completed.subList(Math.max(0, completed.size() - RETAINED), completed.size()), retainedIds,
            "the newest completed checkpoints are retained, " + context);
        assertEquals(expectedFiles, CoordinatorFiles.regularFilesUnder(fixture.checkpointsDirectory()),
            "exactly the retained checkpoints' files are left, " + context);
        assertFalse(completed.size() < CHECKPOINTS / 10,
            "a fair share completed: " + completed.size() + ", " + context);
        assertTrue(declineOneIn == 0 || declined > 0, "some checkpoints were declined, " + context);
    }

    private static void assertAcceptedState(
        final CompletedCheckpoint checkpoint, final List<Delivery> deliveries, final boolean[] taken,
        final String context)
    {
        final long id = checkpoint.getCheckpointId();
        for (int subtask = 0; subtask < SUBTASKS; subtask++)
        {
            final List<TaskStateSnapshot> accepted = new ArrayList<>();
            for (int d = 0; d < deliveries.size(); d++)
            {
                final AcknowledgeCheckpoint message = deliveries.get(d).ack();
                if (taken[d] && message != null && message.getCheckpointId() == id &&
                    message.getSubtaskIndex() == subtask)
                {
                    accepted.add(message.getSubtaskState());
                }
            }
            assertEquals(1, accepted.size(), "acknowledgements taken, checkpoint " + id + " subtask " + subtask +
                ", " + context);
            assertEquals(accepted.get(0), checkpoint.getTaskStates().get(subtask),
                "the accepted state, checkpoint " + id + " subtask " + subtask + ", " + context);
        }
    }

    private static void assertNotifiedOnce(final CoordinatorFixture fixture, final long id, final boolean completed)
    {
        for (final FakeParticipant participant : fixture.participants())
        {
            assertEquals(completed ? 1 : 0, Collections.frequency(participant.completed(), id),
                participant + " told of the completion of " + id);
            assertEquals(completed ? 0 : 1, Collections.frequency(participant.aborted(), id),
                participant + " told of the abort of " + id);
        }
    }

    /**
     * Every subtask's acknowledgement of every checkpoint, plus repeats of some, acknowledgements of other state for
     * others and declines, each written before the race starts; ordered roughly by checkpoint.
     */
    private static List<Delivery> deliveries(
        final CoordinatorFixture fixture, final List<Long> ids, final int declineOneIn, final SplittableRandom random)
    {
        final List<Delivery> deliveries = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++)
        {
            final long id = ids.get(i);
            for (final FakeParticipant participant : fixture.participants())
            {
                final AcknowledgeCheckpoint ack = participant.acknowledgement(id);
                deliveries.add(new Delivery(ack, null, i + random.nextDouble() * WINDOW));
                final int extra = random.nextInt(8);
                if (extra == 0)
                {
                    deliveries.add(new Delivery(ack, null, i + random.nextDouble() * WINDOW));
                }
                else if (extra == 1)
                {
                    deliveries.add(new Delivery(participant.acknowledgement(id), null,
                        i + random.nextDouble() * WINDOW));
                }
            }
            if (declineOneIn > 0 && random.nextInt(declineOneIn) == 0)
            {
                deliveries.add(new Delivery(null, new DeclineCheckpoint(id, random.nextInt(SUBTASKS), null),
                    i + random.nextDouble() * WINDOW));
            }
        }
        deliveries.sort(Comparator.comparingDouble(Delivery::order));
        return deliveries;
    }

    /** Deals the deliveries round robin to the threads, starts them together and waits for all. */
    private static boolean[] deliver(final CheckpointCoordinator coordinator, final List<Delivery> deliveries)
        throws Exception
    {
        final boolean[] taken = new boolean[deliveries.size()];
        final CountDownLatch start = new CountDownLatch(1);
        final ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try
        {
            final List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++)
            {
                final int first = t;
                running.add(threads.submit(() ->
                {
                    start.await();
                    for (int d = first; d < deliveries.size(); d += THREADS)
                    {
                        final Delivery delivery = deliveries.get(d);
                        taken[d] = delivery.ack() != null ?
                            coordinator.receiveAcknowledgeMessage(delivery.ack(), null) :
                            coordinator.receiveDeclineMessage(delivery.decline(), null);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (final Future<?> thread : running)
            {
                thread.get(60, TimeUnit.SECONDS);
            }
        }
        finally
        {
            threads.shutdownNow();
        }
        return taken;
    }

    /**
     * One message to send: an acknowledgement or a decline.
     *
     * @param ack     the acknowledgement, or null.
     * @param decline the decline, or null.
     * @param order   where it goes in the sequence the threads share out.
     */
    private record Delivery(AcknowledgeCheckpoint ack, DeclineCheckpoint decline, double order)
    {
    }
}

package io.cairn.property;

import static io.cairn.property.CoordinatorFiles.children;
import static io.cairn.property.CoordinatorFiles.filesOf;
import static io.cairn.property.CoordinatorFiles.missing;
import static io.cairn.property.CoordinatorFiles.regularFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import io.cairn.checkpoint.AcknowledgeCheckpoint;
import io.cairn.checkpoint.CheckpointCoordinator;
import io.cairn.checkpoint.CheckpointCoordinatorConfiguration;
import io.cairn.checkpoint.CheckpointException;
import io.cairn.checkpoint.CheckpointFailureReason;
import io.cairn.checkpoint.CheckpointMetadata;
import io.cairn.checkpoint.CheckpointMetadataSerializer;
import io.cairn.checkpoint.CheckpointMetrics;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.DeclineCheckpoint;
import io.cairn.checkpoint.ManualTimeService;
import io.cairn.checkpoint.SavepointFormatType;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.storage.CheckpointStorageLocation;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.snapshot.CheckpointedStateScope;

/**
 * Runs a {@link CoordinatorScenario} against a real {@link CheckpointCoordinator} (filesystem storage in a
 * temporary directory, a {@link ManualTimeService}, the default completed-checkpoint store) and against a model of
 * what it must do, and checks after every step:
 * <ul>
 *     <li>ids increase, within a run and across crashes (above every {@code chk-<id>} directory and every completed
 *     savepoint there was at the crash);</li>
 *     <li>the pending checkpoints are the model's, never more checkpoints than the maximum, and none completes
 *     before every subtask acknowledged it;</li>
 *     <li>the retained checkpoints are the newest N completed, in the store and on disk ({@code chk-<id>/_metadata}),
 *     and each holds exactly the state that was acknowledged;</li>
 *     <li>read back from every {@code _metadata} on disk, no file a retained checkpoint or a savepoint references
 *     is ever deleted; the state of what is pending is kept, and refused or aborted state is deleted.</li>
 * </ul>
 */
final class CoordinatorModel implements AutoCloseable
{
    private static final String JOB_ID = "model-job";
    private static final int MAX_PARALLELISM = 128;
    private static final long TIMEOUT_MILLIS = 100;

    private final CoordinatorScenario scenario;
    private final boolean repeatsReachSavepoints;
    private final Path base;
    private final Path checkpointsDirectory;
    private final Path savepointsDirectory;

    private final FileSystemCheckpointStorage storage;
    private ManualTimeService time;
    private CheckpointCoordinator coordinator;
    private List<CoordinatorParticipant> participants;
    private int run;

    private final TreeMap<Long, Pending> pending = new TreeMap<>();
    private final TreeSet<Long> retained = new TreeSet<>();
    private final TreeMap<Long, Path> savepoints = new TreeMap<>();
    private final Map<Long, List<TaskStateSnapshot>> completedStates = new HashMap<>();
    private final List<Sent> sent = new ArrayList<>();
    private long highestIdThisRun;
    private long idsBeforeThisRun;
    private String where = "start";

    private CoordinatorModel(final CoordinatorScenario scenario, final boolean repeatsReachSavepoints)
        throws IOException
    {
        this.scenario = scenario;
        this.repeatsReachSavepoints = repeatsReachSavepoints;
        this.base = CoordinatorFiles.createTempDirectory("cairn-model-");
        this.checkpointsDirectory = base.resolve(JOB_ID).toAbsolutePath().normalize();
        this.savepointsDirectory = base.resolve("savepoints").toAbsolutePath().normalize();
        this.storage = new FileSystemCheckpointStorage(base, JOB_ID);
    }

    /**
     * Runs the scenario, checking the invariants after every step.
     *
     * @param scenario               the scenario.
     * @param repeatsReachSavepoints whether a repeated acknowledgement may be one of a completed savepoint.
     */
    static void run(final CoordinatorScenario scenario, final boolean repeatsReachSavepoints)
    {
        try (CoordinatorModel model = new CoordinatorModel(scenario, repeatsReachSavepoints))
        {
            model.startCoordinator();
            model.checkInvariants();
            for (int i = 0; i < scenario.steps().size(); i++)
            {
                final CoordinatorStep step = scenario.steps().get(i);
                model.where = "step " + i + " (" + step + ")";
                model.apply(step);
                model.checkInvariants();
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private void startCoordinator()
    {
        time = new ManualTimeService(time == null ? 0 : time.currentTimeMillis());
        participants = new ArrayList<>();
        for (int i = 0; i < scenario.parallelism(); i++)
        {
            participants.add(new CoordinatorParticipant(i, scenario.parallelism(), MAX_PARALLELISM));
        }
        coordinator = CheckpointCoordinator.builder(JOB_ID, storage)
            .configuration(CheckpointCoordinatorConfiguration.builder()
                .setMaxParallelism(MAX_PARALLELISM)
                .setCheckpointTimeout(TIMEOUT_MILLIS)
                .setMaxConcurrentCheckpoints(scenario.maxConcurrent())
                .setNumberOfRetainedCheckpoints(scenario.retained())
                .build())
            .timeService(time)
            .participants(participants)
            .build();
        highestIdThisRun = 0;
    }

    private void apply(final CoordinatorStep step)
    {
        switch (step.kind())
        {
            case SKIP:
                break;
            case TRIGGER_CHECKPOINT:
                triggerCheckpoint();
                break;
            case TRIGGER_SAVEPOINT:
                triggerSavepoint();
                break;
            case ACK:
                acknowledge(step.target(), step.choice());
                break;
            case REPEAT_ACK:
                repeatAcknowledgement(step.target());
                break;
            case ACK_OTHER_STATE:
                acknowledgeOtherState(step.target());
                break;
            case DECLINE:
                decline(step.target(), step.choice());
                break;
            case ADVANCE:
                advance(CoordinatorStep.ADVANCE_MILLIS.get(step.choice()));
                break;
            case CRASH_AND_RESTART:
                crashAndRestart();
                break;
            default:
                fail("unknown step " + step);
        }
    }

    private void triggerCheckpoint()
    {
        final long before = participants.get(0).lastTriggered();
        final CompletableFuture<CompletedCheckpoint> future = coordinator.triggerCheckpoint(false);
        if (pending.size() >= scenario.maxConcurrent())
        {
            assertEquals(CheckpointFailureReason.TOO_MANY_CONCURRENT_CHECKPOINTS, failureOf(future).getReason(), where);
            assertEquals(before, participants.get(0).lastTriggered(), where + ": a refused trigger reaches nobody");
            return;
        }
        final long id = newId(future);
        pending.put(id, new Pending(id, false, time.currentTimeMillis(), future, scenario.parallelism(),
            checkpointsDirectory.resolve("chk-" + id)));
    }

    private void triggerSavepoint()
    {
        final CompletableFuture<CompletedCheckpoint> future =
            coordinator.triggerSavepoint(savepointsDirectory.toString(), SavepointFormatType.CANONICAL);
        final long id = newId(future);
        final Path directory =
            ((CheckpointStorageLocation)participants.get(0).location(id)).getDirectory().toAbsolutePath().normalize();
        assertTrue(directory.startsWith(savepointsDirectory), where + ": savepoint in " + directory);
        pending.put(id, new Pending(id, true, time.currentTimeMillis(), future, scenario.parallelism(), directory));
    }

    private long newId(final CompletableFuture<CompletedCheckpoint> future)
    {
        assertFalse(future.isDone(), () -> where + ": expected a pending checkpoint, got " + future);
        final long id = participants.get(0).lastTriggered();
        assertTrue(id > highestIdThisRun, where + ": id " + id + " after " + highestIdThisRun);
        assertTrue(id > idsBeforeThisRun, where + ": id " + id + " after a restart; expected above " +
            idsBeforeThisRun + ", the highest id of a chk-<id> directory or a completed savepoint at the crash");
        for (final CoordinatorParticipant participant : participants)
        {
            assertEquals(id, participant.lastTriggered(), where + ": every subtask is triggered");
        }
        highestIdThisRun = id;
        return id;
    }

    private void acknowledge(final int target, final int choice)
    {
        if (pending.isEmpty())
        {
            return;
        }
        final Pending checkpoint = pick(new ArrayList<>(pending.values()), target);
        final List<Integer> missing = new ArrayList<>();
        for (int subtask = 0; subtask < checkpoint.accepted.length; subtask++)
        {
            if (checkpoint.accepted[subtask] == null)
            {
                missing.add(subtask);
            }
        }
        final int subtask = pick(missing, choice);
        final CoordinatorParticipant participant = participants.get(subtask);
        final AcknowledgeCheckpoint ack = new AcknowledgeCheckpoint(checkpoint.id, subtask,
            participant.writeState(checkpoint.id, CheckpointedStateScope.EXCLUSIVE), CheckpointMetrics.none());

        assertTrue(coordinator.receiveAcknowledgeMessage(ack, null), where + ": " + ack + " is taken");

        checkpoint.accepted[subtask] = ack.getSubtaskState();
        sent.add(new Sent(run, ack, participant));
        if (missing.size() > 1)
        {
            return;
        }
        pending.remove(checkpoint.id);
        assertTrue(checkpoint.future.isDone() && !checkpoint.future.isCompletedExceptionally(),
            () -> where + ": the last acknowledgement completes " + checkpoint.id + ": " + checkpoint.future);
        final CompletedCheckpoint completed = checkpoint.future.join();
        final List<TaskStateSnapshot> states = Arrays.asList(checkpoint.accepted);
        assertEquals(states, completed.getTaskStates(), where + ": exactly the acknowledged state");
        completedStates.put(checkpoint.id, List.copyOf(states));
        if (checkpoint.savepoint)
        {
            savepoints.put(checkpoint.id, checkpoint.directory);
            return;
        }
        retained.add(checkpoint.id);
        while (retained.size() > scenario.retained())
        {
            final long dropped = retained.pollFirst();
            assertGone(completedStates.get(dropped), checkpointsDirectory.resolve("chk-" + dropped),
                "checkpoint " + dropped + " beyond retention");
        }
        for (final Pending older : new ArrayList<>(pending.headMap(checkpoint.id).values()))
        {
            if (!older.savepoint)
            {
                aborted(older, CheckpointFailureReason.CHECKPOINT_SUBSUMED);
            }
        }
    }

    /** The acknowledgements a repeat may go to: this run's, and those of checkpoints that outlived a crash. */
    private List<Sent> repeatable()
    {
        return sent.stream().filter(s -> s.run == run || completedStates.containsKey(s.message.getCheckpointId()))
            .collect(Collectors.toList());
    }

    private void repeatAcknowledgement(final int target)
    {
        final List<Sent> candidates = repeatable().stream()
            .filter(s -> repeatsReachSavepoints || !savepoints.containsKey(s.message.getCheckpointId()))
            .collect(Collectors.toList());
        if (candidates.isEmpty())
        {
            return;
        }
        final AcknowledgeCheckpoint ack = pick(candidates, target).message;

        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null), where + ": a repeat of " + ack + " is refused");
    }

    private void acknowledgeOtherState(final int target)
    {
        final List<Sent> candidates = repeatable();
        if (candidates.isEmpty())
        {
            return;
        }
        final Sent original = pick(candidates, target);
        final long id = original.message.getCheckpointId();
        // In the job's shared directory, which outlives the checkpoint's (which may be gone): only the coordinator
        // deletes it.
        final TaskStateSnapshot other = original.participant.writeState(
            storage.createCheckpointStreamFactory(id), id, CheckpointedStateScope.SHARED);
        final AcknowledgeCheckpoint ack =
            new AcknowledgeCheckpoint(id, original.message.getSubtaskIndex(), other, CheckpointMetrics.none());

        assertFalse(coordinator.receiveAcknowledgeMessage(ack, null), where + ": a second ack of other state");

        assertGone(List.of(other), null, "the refused state of " + ack);
    }

    private void decline(final int target, final int choice)
    {
        if (pending.isEmpty())
        {
            return;
        }
        final Pending checkpoint = pick(new ArrayList<>(pending.values()), target);

        assertTrue(coordinator.receiveDeclineMessage(
            new DeclineCheckpoint(checkpoint.id, choice % scenario.parallelism(), null), null), where);

        aborted(checkpoint, CheckpointFailureReason.CHECKPOINT_DECLINED);
    }

    private void advance(final long millis)
    {
        final long now = time.currentTimeMillis() + millis;
        final List<Pending> expired = pending.values().stream()
            .filter(checkpoint -> checkpoint.triggeredAt + TIMEOUT_MILLIS <= now).collect(Collectors.toList());

        time.advance(millis);

        for (final Pending checkpoint : expired)
        {
            aborted(checkpoint, CheckpointFailureReason.CHECKPOINT_EXPIRED);
        }
    }

    private void crashAndRestart()
    {
        // What the new process can know of: the ids on disk now. (An id whose directory a previous restart already
        // cleaned up is not on disk any more, and the counter is not persisted.)
        long highest = 0;
        for (final long id : checkpointDirectoryIds(false))
        {
            highest = Math.max(highest, id);
        }
        for (final long id : checkpointDirectoryIds(true))
        {
            highest = Math.max(highest, id);
        }
        // A savepoint still pending at the crash left a directory with a random name and no metadata: its id is
        // not known on disk, and it is not counted here.
        if (!savepoints.isEmpty())
        {
            highest = Math.max(highest, savepoints.lastKey());
        }
        // The old process is gone: its clock, its subtasks and its pending checkpoints with it.
        pending.clear();
        run++;
        idsBeforeThisRun = highest;
        startCoordinator();
    }

    private void aborted(final Pending checkpoint, final CheckpointFailureReason reason)
    {
        pending.remove(checkpoint.id);
        assertEquals(reason, failureOf(checkpoint.future).getReason(), where + ": checkpoint " + checkpoint.id);
        final List<TaskStateSnapshot> accepted = new ArrayList<>();
        for (final TaskStateSnapshot state : checkpoint.accepted)
        {
            if (state != null)
            {
                accepted.add(state);
            }
        }
        assertGone(accepted, checkpoint.directory, reason + " checkpoint " + checkpoint.id);
    }

    private void checkInvariants()
    {
        assertEquals(new ArrayList<>(pending.keySet()), coordinator.getPendingCheckpointIds(), where + ": pending");
        final long pendingCheckpoints = pending.values().stream().filter(checkpoint -> !checkpoint.savepoint).count();
        assertTrue(pendingCheckpoints <= scenario.maxConcurrent(), where + ": " + pendingCheckpoints + " pending");
        for (final Pending checkpoint : pending.values())
        {
            assertFalse(checkpoint.future.isDone(), () -> where + ": " + checkpoint.id + " is not done while " +
                "acknowledgements are missing: " + checkpoint.future);
            for (final TaskStateSnapshot state : checkpoint.accepted)
            {
                if (state != null)
                {
                    assertEquals(List.of(), missing(filesOf(state)), where + ": state of pending " + checkpoint.id);
                }
            }
        }

        final List<Long> stored = coordinator.getCheckpointStore().getAllCheckpoints().stream()
            .map(CompletedCheckpoint::getCheckpointId).collect(Collectors.toList());
        assertEquals(new ArrayList<>(retained), stored, where + ": the store retains the newest completed");
        assertEquals(retained, checkpointDirectoryIds(true), where + ": chk-<id> directories with _metadata");
        final TreeSet<Long> pendingDirectories = new TreeSet<>();
        pending.values().stream().filter(c -> !c.savepoint).forEach(c -> pendingDirectories.add(c.id));
        assertEquals(pendingDirectories, checkpointDirectoryIds(false), where + ": chk-<id> directories in progress");
        for (final long id : retained)
        {
            checkMetadata(checkpointsDirectory.resolve("chk-" + id), id);
        }

        final TreeSet<Long> savepointIds = new TreeSet<>();
        for (final Path directory : children(savepointsDirectory))
        {
            if (Files.exists(directory.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)))
            {
                savepointIds.add(checkMetadata(directory, -1));
            }
        }
        assertEquals(savepoints.keySet(), savepointIds, where + ": savepoints on disk");
        assertEquals(List.of(), regularFiles(checkpointsDirectory.resolve("shared")), where + ": refused state left");
    }

    /** Reads a {@code _metadata} back and checks it against the model and that every file it names exists. */
    private long checkMetadata(final Path directory, final long expectedId)
    {
        final CheckpointMetadata metadata;
        try
        {
            metadata = CheckpointMetadataSerializer.read(directory);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(where + ": cannot read the metadata in " + directory + ": " + ex, ex);
        }
        final long id = metadata.getCheckpointId();
        if (expectedId >= 0)
        {
            assertEquals(expectedId, id, where + ": metadata in " + directory);
        }
        assertEquals(completedStates.get(id), metadata.getTaskStates(), where + ": the state recorded for " + id);
        for (final TaskStateSnapshot state : metadata.getTaskStates())
        {
            assertEquals(List.of(), missing(filesOf(state)), where + ": files of retained checkpoint/savepoint " + id);
        }
        return id;
    }

    private void assertGone(final List<TaskStateSnapshot> states, final Path directory, final String what)
    {
        for (final TaskStateSnapshot state : states)
        {
            for (final Path file : filesOf(state))
            {
                assertFalse(Files.exists(file), where + ": " + what + " keeps " + file);
            }
        }
        if (directory != null)
        {
            assertFalse(Files.exists(directory), where + ": " + what + " keeps its directory " + directory);
        }
    }

    /** @return the ids of the {@code chk-<id>} directories that have (or have not) a {@code _metadata}. */
    private TreeSet<Long> checkpointDirectoryIds(final boolean withMetadata)
    {
        final TreeSet<Long> ids = new TreeSet<>();
        for (final Path child : children(checkpointsDirectory))
        {
            final String name = child.getFileName().toString();
            if (name.startsWith("chk-") && Files.isDirectory(child) &&
                Files.exists(child.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)) == withMetadata)
            {
                ids.add(Long.parseLong(name.substring("chk-".length())));
            }
        }
        return ids;
    }

    private CheckpointException failureOf(final CompletableFuture<CompletedCheckpoint> future)
    {
        assertTrue(future.isCompletedExceptionally(), () -> where + ": expected a failed checkpoint: " + future);
        try
        {
            future.join();
        }
        catch (final CompletionException ex)
        {
            return assertInstanceOf(CheckpointException.class, ex.getCause(), where);
        }
        return fail("unreachable");
    }

    private static <T> T pick(final List<T> candidates, final int index)
    {
        return candidates.get(index % candidates.size());
    }

    @Override
    public void close() throws IOException
    {
        CoordinatorFiles.deleteRecursively(base);
    }

    /** A checkpoint or savepoint the model expects to be pending, with the state accepted so far by subtask. */
    private static final class Pending
    {
        private final long id;
        private final boolean savepoint;
        private final long triggeredAt;
        private final CompletableFuture<CompletedCheckpoint> future;
        private final TaskStateSnapshot[] accepted;
        private final Path directory;

        Pending(
            final long id,
            final boolean savepoint,
            final long triggeredAt,
            final CompletableFuture<CompletedCheckpoint> future,
            final int parallelism,
            final Path directory)
        {
            this.id = id;
            this.savepoint = savepoint;
            this.triggeredAt = triggeredAt;
            this.future = future;
            this.accepted = new TaskStateSnapshot[parallelism];
            this.directory = directory;
        }
    }

    /**
     * An acknowledgement that was taken.
     *
     * @param run         which coordinator took it (0 until the first crash).
     * @param message     the acknowledgement.
     * @param participant the subtask that sent it.
     */
    private record Sent(int run, AcknowledgeCheckpoint message, CoordinatorParticipant participant)
    {
    }
}

package io.cairn.checkpoint;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyedStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.cairn.checkpoint.CoordinatorFiles.fileOf;
import static io.cairn.checkpoint.CoordinatorFiles.flipByte;
import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.pendingId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restoring from the latest checkpoint: after a crash, at another parallelism, with nothing to restore, from a
 * damaged checkpoint (strictly, or falling back to an older one), and with the state of master hooks.
 */
class CheckpointCoordinatorRestoreTest
{
    @TempDir
    Path directory;

    @Test
    void shouldAnswerFalseWhenThereIsNothingToRestoreAndThatIsAllowed()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());

        assertFalse(coordinator.restoreLatestCheckpointedStateToAll(fixture.participants(), false));

        assertEquals(List.of(), fixture.participant(0).restores());
    }

    @Test
    void shouldFailWhenThereIsNothingToRestoreAndThatIsAnError()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        coordinator.triggerCheckpoint(false);

        final IllegalStateException failure = assertThrows(IllegalStateException.class,
            () -> coordinator.restoreLatestCheckpointedStateToAll(fixture.participants(), true));

        assertTrue(failure.getMessage().contains(CoordinatorFixture.JOB_ID), failure.getMessage());
        assertEquals(List.of(), fixture.participant(1).restores());
    }

    @Test
    void shouldRestoreTheLatestCheckpointToEverySubtaskAfterACrash()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        fixture.completeCheckpoint(coordinator);
        final CompletedCheckpoint latest = fixture.completeCheckpoint(coordinator);

        final CoordinatorFixture restarted = fixture.restarted();
        final CheckpointCoordinator next = restarted.start(configuration().setNumberOfRetainedCheckpoints(2));

        assertTrue(next.restoreLatestCheckpointedStateToAll(restarted.participants(), true));
        for (final FakeParticipant participant : restarted.participants())
        {
            final List<FakeParticipant.Restore> restores = participant.restores();
            assertEquals(1, restores.size(), participant.toString());
            assertEquals(latest.getCheckpointId(), restores.get(0).checkpointId());
            assertEquals(participant.keyGroupRange(), restores.get(0).range());
            assertEquals(latest.getTaskStates().get(participant.getSubtaskIndex()).getKeyedState(),
                restores.get(0).keyedState(), "subtask " + participant.getSubtaskIndex() + " gets its own state");
        }
    }

    @Test
    void shouldRestoreEveryKeyGroupExactlyOnceAtAnotherParallelism()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final CompletedCheckpoint latest = fixture.completeCheckpoint(coordinator);
        final List<FakeParticipant> wider = FakeParticipant.create(5, CoordinatorFixture.MAX_PARALLELISM);

        assertTrue(coordinator.restoreLatestCheckpointedStateToAll(wider, true));

        final int[] owners = new int[CoordinatorFixture.MAX_PARALLELISM];
        for (final FakeParticipant participant : wider)
        {
            final FakeParticipant.Restore restore = participant.restores().get(0);
            assertEquals(latest.getCheckpointId(), restore.checkpointId());
            for (final KeyedStateHandle handle : restore.keyedState())
            {
                final KeyGroupRange range = handle.getKeyGroupRange();
                assertEquals(range, range.getIntersection(participant.keyGroupRange()), "only owned key groups");
                for (final int keyGroup : range)
                {
                    owners[keyGroup]++;
                }
            }
        }
        final int[] once = new int[CoordinatorFixture.MAX_PARALLELISM];
        Arrays.fill(once, 1);
        assertArrayEquals(once, owners, "every key group restored exactly once");
    }

    @Test
    void shouldFailAStrictRestoreNamingTheCheckpointWhenOneOfItsStateFilesIsDamaged()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        fixture.completeCheckpoint(coordinator);
        final CompletedCheckpoint latest = fixture.completeCheckpoint(coordinator);
        final Path damaged = fileOf(latest.getTaskStates().get(1));
        flipByte(damaged, 3);

        final CoordinatorFixture restarted = fixture.restarted();
        final CheckpointCoordinator next = restarted.start(configuration().setNumberOfRetainedCheckpoints(2));
        final IllegalStateException failure = assertThrows(IllegalStateException.class,
            () -> next.restoreLatestCheckpointedStateToAll(restarted.participants(), true));

        assertTrue(failure.getMessage().contains("checkpoint " + latest.getCheckpointId()), failure.getMessage());
        final CorruptedStateException cause = assertInstanceOf(CorruptedStateException.class, failure.getCause());
        assertEquals(damaged.toString(), cause.getStream());
    }

    @Test
    void shouldFallBackToTheOlderCheckpointWhenAStateFileOfTheLatestIsDamaged()
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        final CompletedCheckpoint older = fixture.completeCheckpoint(coordinator);
        final CompletedCheckpoint latest = fixture.completeCheckpoint(coordinator);
        flipByte(fileOf(latest.getTaskStates().get(1)), 0);

        final CoordinatorFixture restarted = fixture.restarted();
        final CheckpointCoordinator next = restarted.start(configuration().setNumberOfRetainedCheckpoints(2),
            builder -> builder.recoveryMode(RecoveryMode.FALL_BACK_TO_OLDER));

        assertTrue(next.restoreLatestCheckpointedStateToAll(restarted.participants(), true));
        assertRestoredFrom(older, restarted.participants());
    }

    @Test
    void shouldFailAStrictRestartNamingTheCheckpointWhenItsMetadataIsDamaged() throws Exception
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        fixture.completeCheckpoint(coordinator);
        final long latest = fixture.completeCheckpoint(coordinator).getCheckpointId();
        final Path metadata = fixture.metadataFile(latest);
        flipByte(metadata, Files.size(metadata) / 2);

        final CoordinatorFixture restarted = fixture.restarted();
        final UncheckedIOException failure = assertThrows(UncheckedIOException.class,
            () -> restarted.start(configuration().setNumberOfRetainedCheckpoints(2)));

        final CorruptedStateException cause = assertInstanceOf(CorruptedStateException.class, failure.getCause());
        assertTrue(cause.getMessage().contains("checkpoint " + latest), cause.getMessage());
        assertTrue(cause.getMessage().contains(metadata.toString()), cause.getMessage());
        assertTrue(Files.isRegularFile(metadata), "nothing is deleted");
    }

    @Test
    void shouldFallBackToTheOlderCheckpointWhenTheMetadataOfTheLatestIsDamaged() throws Exception
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        final CompletedCheckpoint older = fixture.completeCheckpoint(coordinator);
        final long latest = fixture.completeCheckpoint(coordinator).getCheckpointId();
        final Path metadata = fixture.metadataFile(latest);
        flipByte(metadata, Files.size(metadata) / 2);

        final CoordinatorFixture restarted = fixture.restarted();
        final CheckpointCoordinator next = restarted.start(configuration().setNumberOfRetainedCheckpoints(2),
            builder -> builder.recoveryMode(RecoveryMode.FALL_BACK_TO_OLDER));

        assertTrue(next.restoreLatestCheckpointedStateToAll(restarted.participants(), true));
        assertRestoredFrom(older, restarted.participants());
        assertTrue(Files.isRegularFile(metadata), "the damaged checkpoint is kept for inspection");
        final long id = pendingId(next, next.triggerCheckpoint(false));
        assertTrue(id > latest, "new id " + id + "; expected above the damaged checkpoint " + latest);
    }

    @Test
    void shouldStoreTheStateOfMasterHooksAndHandItBackOnRestore() throws Exception
    {
        final CoordinatorFixture fixture = new CoordinatorFixture(directory, 1);
        final RecordingMasterHook offsets = new RecordingMasterHook("offsets", true);
        final RecordingMasterHook stateless = new RecordingMasterHook("stateless", false);
        final CheckpointCoordinator coordinator = fixture.start(configuration(),
            builder -> builder.addMasterHook(offsets).addMasterHook(stateless));
        fixture.completeCheckpoint(coordinator);
        final CompletedCheckpoint latest = fixture.completeCheckpoint(coordinator);
        final long id = latest.getCheckpointId();

        assertEquals(fixture.participant(0).triggered(), offsets.triggered(), "each trigger asks the hooks");
        assertEquals(List.of(new MasterState("offsets", RecordingMasterHook.stateOf("offsets", id))),
            CheckpointMetadataSerializer.read(fixture.checkpointDirectory(id)).getMasterStates());

        final CoordinatorFixture restarted = fixture.restarted();
        final RecordingMasterHook offsetsAfter = new RecordingMasterHook("offsets", true);
        final RecordingMasterHook statelessAfter = new RecordingMasterHook("stateless", false);
        final CheckpointCoordinator next = restarted.start(configuration(),
            builder -> builder.addMasterHook(offsetsAfter).addMasterHook(statelessAfter));
        assertTrue(next.restoreLatestCheckpointedStateToAll(restarted.participants(), true));

        assertEquals(1, offsetsAfter.restored().size());
        assertEquals(id, offsetsAfter.restored().get(0).checkpointId());
        assertArrayEquals(RecordingMasterHook.stateOf("offsets", id), offsetsAfter.restored().get(0).state());
        assertEquals(id, statelessAfter.restored().get(0).checkpointId());
        assertNull(statelessAfter.restored().get(0).state(), "a hook that stored nothing gets null");
    }

    private static void assertRestoredFrom(final CompletedCheckpoint checkpoint, final List<FakeParticipant> subtasks)
    {
        final List<Long> restored = new ArrayList<>();
        for (final FakeParticipant participant : subtasks)
        {
            final List<FakeParticipant.Restore> restores = participant.restores();
            final FakeParticipant.Restore last = restores.get(restores.size() - 1);
            restored.add(last.checkpointId());
            assertEquals(checkpoint.getTaskStates().get(participant.getSubtaskIndex()).getKeyedState(),
                last.keyedState(), participant.toString());
        }
        assertEquals(Collections.nCopies(subtasks.size(), checkpoint.getCheckpointId()), restored);
    }
}

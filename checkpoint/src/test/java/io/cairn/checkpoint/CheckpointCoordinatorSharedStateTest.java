package io.cairn.checkpoint;

import static io.cairn.checkpoint.CoordinatorFixture.configuration;
import static io.cairn.checkpoint.CoordinatorFixture.failure;
import static io.cairn.checkpoint.CoordinatorFixture.pendingId;
import static io.cairn.checkpoint.IncrementalStates.chains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.cairn.checkpoint.IncrementalStates.Written;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointType;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator and its {@link SharedStateRegistry}: incremental checkpoints whose chains share streams, their
 * completion, subsumption, abortion and discarding, a stale baseline, a savepoint, late acknowledgements, and the
 * registry rebuilt when a coordinator starts on an existing directory. Subtask 0 of one, key groups 0..127.
 */
class CheckpointCoordinatorSharedStateTest
{
    @TempDir
    Path directory;

    private CoordinatorFixture fixture;

    @Test
    void shouldRegisterANewCheckpointBeforeSubsumingTheOldOneSoAStreamTheyShareSurvives()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(1));
        final long first = trigger(coordinator);
        final Written base1 = write(first);
        complete(coordinator, first, chains(range(), first).keyGroup(0, base1).build());
        final long second = trigger(coordinator);
        final Written delta2 = write(second);
        complete(coordinator, second, chains(range(), second).keyGroup(0, base1, delta2).build());

        assertFalse(Files.exists(fixture.checkpointDirectory(first)), "checkpoint 1 was subsumed");
        assertTrue(Files.exists(base1.file()), "checkpoint 2 references base-1");
        assertEquals(Map.of(base1.stream(), 1, delta2.stream(), 1),
            coordinator.getSharedStateRegistry().getReferenceCounts());

        final long third = trigger(coordinator);
        final Written base3 = write(third);
        complete(coordinator, third, chains(range(), third).keyGroup(0, base3).build());

        assertFalse(Files.exists(base1.file()), "re-based: no retained checkpoint references base-1");
        assertFalse(Files.exists(delta2.file()));
        assertEquals(Set.of(base3.file()), sharedFiles());
        assertEquals(Set.of(third), coordinator.getSharedStateRegistry().getRegisteredCheckpointIds());
    }

    @Test
    void shouldFailTheCompletionOfACheckpointWhoseStaleBaselineReferencesADeletedStream()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration()
            .setNumberOfRetainedCheckpoints(1).setMaxConcurrentCheckpoints(2));
        final long first = trigger(coordinator);
        final Written base1 = write(first);
        complete(coordinator, first, chains(range(), first).keyGroup(0, base1).build());
        // Both are triggered on baseline 1; the second re-bases, and the third, not yet told, builds on base-1.
        final long second = trigger(coordinator);
        final CompletableFuture<CompletedCheckpoint> thirdFuture = coordinator.triggerCheckpoint(false);
        final long third = pendingId(coordinator, thirdFuture);
        final Written base2 = write(second);
        final Written delta3 = write(third);
        complete(coordinator, second, chains(range(), second).keyGroup(0, base2).build());
        assertFalse(Files.exists(base1.file()), "checkpoint 1 was subsumed, and base-1 with it");

        acknowledge(coordinator, third, chains(range(), third).keyGroup(0, base1, delta3).build());

        assertEquals(CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, failure(thirdFuture).getReason());
        assertTrue(failure(thirdFuture).getMessage().contains(base1.file().toString()),
            failure(thirdFuture).getMessage());
        assertFalse(Files.exists(fixture.checkpointDirectory(third)), "no metadata: it never looked complete");
        assertFalse(Files.exists(delta3.file()), "its own stream is discarded");
        assertEquals(List.of(second), ids(coordinator.getCheckpointStore().getAllCheckpoints()));
        assertEquals(Map.of(base2.stream(), 1), coordinator.getSharedStateRegistry().getReferenceCounts());
        assertEquals(Set.of(base2.file()), sharedFiles());

        final long fourth = trigger(coordinator);
        final Written delta4 = write(fourth);
        complete(coordinator, fourth, chains(range(), fourth).keyGroup(0, base2, delta4).build());
        assertEquals(Set.of(base2.file(), delta4.file()), sharedFiles(), "the next checkpoint builds on checkpoint 2");
    }

    @Test
    void shouldDiscardOnlyTheStreamsItWroteWhenAPendingCheckpointIsDeclinedOrExpires()
    {
        fixture = new CoordinatorFixture(directory, 2);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setCheckpointTimeout(100));
        final long first = trigger(coordinator);
        final Written base1 = write(first);
        complete(coordinator, first, chains(range(), first).keyGroup(0, base1).build(),
            chains(fixture.participant(1).keyGroupRange(), first).build());

        final long declined = trigger(coordinator);
        final Written deltaDeclined = write(declined);
        acknowledge(coordinator, declined, chains(range(), declined).keyGroup(0, base1, deltaDeclined).build());
        assertTrue(coordinator.receiveDeclineMessage(new DeclineCheckpoint(declined, 1, null), null));
        final long expired = trigger(coordinator);
        final Written deltaExpired = write(expired);
        acknowledge(coordinator, expired, chains(range(), expired).keyGroup(0, base1, deltaExpired).build());
        fixture.time().advance(100);

        assertEquals(0, coordinator.getNumberOfPendingCheckpoints());
        assertFalse(Files.exists(deltaDeclined.file()));
        assertFalse(Files.exists(deltaExpired.file()));
        assertTrue(Files.exists(base1.file()), "a stream of a completed checkpoint is not the aborted one's");
        assertEquals(Map.of(base1.stream(), 1), coordinator.getSharedStateRegistry().getReferenceCounts());
    }

    @Test
    void shouldDeleteTheStreamsOfADiscardedRetainedCheckpointThatNoOtherReferences()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(3));
        final long first = trigger(coordinator);
        final Written base1 = write(first);
        final CompletedCheckpoint one = complete(coordinator, first, chains(range(), first).keyGroup(0, base1).build());
        final long second = trigger(coordinator);
        final Written delta2 = write(second);
        final Written base2 = write(second);
        final CompletedCheckpoint two = complete(coordinator, second,
            chains(range(), second).keyGroup(0, base1, delta2).keyGroup(1, base2).build());

        two.discard().join();

        assertEquals(Set.of(base1.file()), sharedFiles());
        one.discard().join();
        assertEquals(Set.of(), sharedFiles());
        assertEquals(Map.of(), coordinator.getSharedStateRegistry().getReferenceCounts());
    }

    @Test
    void shouldRefuseASavepointHoldingAnIncrementalHandle()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration());
        final long first = trigger(coordinator);
        final Written base1 = write(first);
        complete(coordinator, first, chains(range(), first).keyGroup(0, base1).build());
        final CompletableFuture<CompletedCheckpoint> savepoint =
            coordinator.triggerCheckpoint(CheckpointType.SAVEPOINT);
        final long id = pendingId(coordinator, savepoint);
        final Written own = write(id);

        acknowledge(coordinator, id, chains(range(), id).keyGroup(0, base1, own).build());

        assertEquals(CheckpointFailureReason.FINALIZE_CHECKPOINT_FAILURE, failure(savepoint).getReason());
        assertTrue(failure(savepoint).getMessage().contains("expected a full snapshot"),
            failure(savepoint).getMessage());
        assertTrue(Files.exists(base1.file()));
        assertFalse(Files.exists(own.file()));
        assertEquals(Set.of(first), coordinator.getSharedStateRegistry().getRegisteredCheckpointIds());
    }

    @Test
    void shouldRebuildTheRegistryFromTheRetainedCheckpointsOnDiskWhenRestarted()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator before = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        final long first = trigger(before);
        final Written base1 = write(first);
        complete(before, first, chains(range(), first).keyGroup(0, base1).build());
        final long second = trigger(before);
        final Written delta2 = write(second);
        complete(before, second, chains(range(), second).keyGroup(0, base1, delta2).build());
        final long third = trigger(before);
        final Written delta3 = write(third);
        complete(before, third, chains(range(), third).keyGroup(0, base1, delta2, delta3).build());
        final Map<?, Integer> counts = before.getSharedStateRegistry().getReferenceCounts();

        fixture = fixture.restarted();
        final CheckpointCoordinator after = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));

        assertEquals(counts, after.getSharedStateRegistry().getReferenceCounts());
        assertEquals(Set.of(second, third), after.getSharedStateRegistry().getRegisteredCheckpointIds());
        assertEquals(2, after.getSharedStateRegistry().getReferenceCount(base1.stream()));
        final long fourth = trigger(after);
        final Written base4 = write(fourth);
        complete(after, fourth, chains(range(), fourth).keyGroup(0, base4).build());
        assertEquals(Set.of(base1.file(), delta2.file(), delta3.file(), base4.file()), sharedFiles());
        final long fifth = trigger(after);
        final Written delta5 = write(fifth);
        complete(after, fifth, chains(range(), fifth).keyGroup(0, base4, delta5).build());
        assertEquals(Set.of(base4.file(), delta5.file()), sharedFiles(), "the rebuilt counts reached zero");
    }

    @Test
    void shouldDeleteSharedFilesNoRetainedCheckpointReferencesAndSpareTheOthersWhenRestarted() throws IOException
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator before = fixture.start(configuration().setNumberOfRetainedCheckpoints(3));
        final long first = trigger(before);
        final Written base1 = write(first);
        final Written onlyFirst = write(first);
        complete(before, first, chains(range(), first).keyGroup(0, base1).keyGroup(1, onlyFirst).build());
        final long second = trigger(before);
        final Written onlySecond = write(second);
        complete(before, second, chains(range(), second).keyGroup(0, base1).keyGroup(1, onlySecond).build());
        final long third = trigger(before);
        final Written delta3 = write(third);
        complete(before, third, chains(range(), third).keyGroup(0, base1, delta3).build());
        final long crashed = trigger(before);
        final Written pendingStream = write(crashed);
        final Path stray = Files.write(fixture.checkpointsDirectory().resolve("shared").resolve("stray"), new byte[1]);

        fixture = fixture.restarted();
        final CheckpointCoordinator after = fixture.start(configuration().setNumberOfRetainedCheckpoints(1));

        assertEquals(List.of(third), ids(after.getCheckpointStore().getAllCheckpoints()));
        assertEquals(Set.of(base1.file(), delta3.file()), sharedFiles(),
            "spared: what checkpoint 3 references; gone: checkpoints 1 and 2 beyond retention, " +
            pendingStream.file().getFileName() + " of the checkpoint pending at the crash, and " + stray);
        assertEquals(Map.of(base1.stream(), 1, delta3.stream(), 1),
            after.getSharedStateRegistry().getReferenceCounts());
    }

    @Test
    void shouldBuildOnTheChainsOfAnOlderRetainedCheckpointRestoredAfterARestart() throws IOException
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator before = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        final long first = trigger(before);
        final Written base1 = write(first);
        complete(before, first, chains(range(), first).keyGroup(0, base1).build());
        final long second = trigger(before);
        final Written base2 = write(second);
        complete(before, second, chains(range(), second).keyGroup(0, base2).build());

        fixture = fixture.restarted();
        final CheckpointCoordinator after = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        // The job restores checkpoint 1 by its directory, as a user pointing at an older checkpoint would.
        final KeyedStateHandle restored = CheckpointMetadataSerializer.read(fixture.checkpointDirectory(first))
            .getTaskStates().get(0).getKeyedState().get(0);
        final IncrementalKeyGroupsStateHandle older = (IncrementalKeyGroupsStateHandle)restored;
        final Written olderBase = new Written(older.getStreams().get(0), older.getStreamCheckpointId(0));
        final long third = trigger(after);
        final Written delta3 = write(third);
        complete(after, third, chains(range(), third).keyGroup(0, olderBase, delta3).build());
        final long fourth = trigger(after);
        final Written delta4 = write(fourth);
        complete(after, fourth, chains(range(), fourth).keyGroup(0, olderBase, delta3, delta4).build());

        assertEquals(List.of(third, fourth), ids(after.getCheckpointStore().getAllCheckpoints()));
        assertEquals(Set.of(base1.file(), delta3.file(), delta4.file()), sharedFiles(),
            "checkpoint 2's base is gone; checkpoint 1's outlived it, as the newer chains build on it");
    }

    @Test
    void shouldNeverDeleteAnotherJobsStreamThatACheckpointReferences()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator coordinator = fixture.start(configuration().setNumberOfRetainedCheckpoints(1));
        final Written foreign = IncrementalStates.writeFile(directory.resolve("other-job").resolve("shared")
            .resolve("restored-base"), 0);
        final long first = trigger(coordinator);
        final Written delta1 = write(first);
        complete(coordinator, first, chains(range(), first).keyGroup(0, foreign, delta1).build());
        final long second = trigger(coordinator);
        final Written base2 = write(second);
        complete(coordinator, second, chains(range(), second).keyGroup(0, base2).build());

        assertTrue(Files.exists(foreign.file()));
        assertFalse(Files.exists(delta1.file()));
        assertFalse(coordinator.getSharedStateRegistry().holds(foreign.stream()));
    }

    @Test
    void shouldKeepSharedStreamsOfALateAcknowledgementOfASubsumedCheckpointThatRetainedOnesReference()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator before = fixture.start(configuration().setNumberOfRetainedCheckpoints(1));
        final long first = trigger(before);
        final Written base1 = write(first);
        final AcknowledgeCheckpoint firstAck =
            acknowledgement(first, chains(range(), first).keyGroup(0, base1).build());
        assertTrue(before.receiveAcknowledgeMessage(firstAck, null));
        final long second = trigger(before);
        final Written delta2 = write(second);
        complete(before, second, chains(range(), second).keyGroup(0, base1, delta2).build());

        fixture = fixture.restarted();
        final CheckpointCoordinator after = fixture.start(configuration().setNumberOfRetainedCheckpoints(1));
        assertFalse(after.receiveAcknowledgeMessage(firstAck, null), "checkpoint 1 is long gone");

        assertTrue(Files.exists(base1.file()), "checkpoint 2 references base-1, which checkpoint 1 wrote");
        assertEquals(1, after.getSharedStateRegistry().getReferenceCount(base1.stream()));
    }

    @Test
    void shouldKeepSharedStreamsWhenSuspendedAndDeleteThemWhenTheRetentionPolicyDiscardsTheCheckpoints()
    {
        fixture = new CoordinatorFixture(directory, 1);
        final CheckpointCoordinator suspended = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        final long first = trigger(suspended);
        final Written base1 = write(first);
        complete(suspended, first, chains(range(), first).keyGroup(0, base1).build());
        final long second = trigger(suspended);
        final Written delta2 = write(second);
        complete(suspended, second, chains(range(), second).keyGroup(0, base1, delta2).build());
        suspended.shutdown(JobStatus.SUSPENDED);
        assertEquals(Set.of(base1.file(), delta2.file()), sharedFiles());

        fixture = fixture.restarted();
        final CheckpointCoordinator finished = fixture.start(configuration().setNumberOfRetainedCheckpoints(2));
        finished.shutdown(JobStatus.FINISHED);

        assertEquals(Set.of(), sharedFiles());
        assertEquals(Set.of(), finished.getSharedStateRegistry().getRegisteredCheckpointIds());
    }

    private long trigger(final CheckpointCoordinator coordinator)
    {
        return pendingId(coordinator, coordinator.triggerCheckpoint(false));
    }

    /** Subtask 0 writes a new shared stream for a triggered checkpoint. */
    private Written write(final long checkpointId)
    {
        return IncrementalStates.writeShared(
            fixture.participant(0).trigger(checkpointId).streamFactory(), checkpointId);
    }

    private KeyGroupRange range()
    {
        return fixture.participant(0).keyGroupRange();
    }

    private static AcknowledgeCheckpoint acknowledgement(
        final long checkpointId, final IncrementalKeyGroupsStateHandle handle)
    {
        return new AcknowledgeCheckpoint(
            checkpointId, 0, new TaskStateSnapshot(List.of(handle), List.of()), CheckpointMetrics.none());
    }

    private static void acknowledge(
        final CheckpointCoordinator coordinator, final long checkpointId, final IncrementalKeyGroupsStateHandle handle)
    {
        assertTrue(coordinator.receiveAcknowledgeMessage(acknowledgement(checkpointId, handle), null));
    }

    /** Every subtask acknowledges, subtask i with handles[i]; the checkpoint must complete. */
    private CompletedCheckpoint complete(
        final CheckpointCoordinator coordinator, final long checkpointId,
        final IncrementalKeyGroupsStateHandle... handles)
    {
        CompletableFuture<CompletedCheckpoint> future = null;
        for (int subtask = 0; subtask < handles.length; subtask++)
        {
            future = coordinator.pendingCheckpoints().get(checkpointId).future();
            assertTrue(coordinator.receiveAcknowledgeMessage(new AcknowledgeCheckpoint(checkpointId, subtask,
                new TaskStateSnapshot(List.of(handles[subtask]), List.of()), CheckpointMetrics.none()), null));
        }
        return CoordinatorFixture.completed(future);
    }

    private Set<Path> sharedFiles()
    {
        return CoordinatorFiles.regularFilesUnder(fixture.checkpointsDirectory().resolve("shared"));
    }

    private static List<Long> ids(final List<CompletedCheckpoint> checkpoints)
    {
        return AbstractCompletedCheckpointStoreTest.ids(checkpoints);
    }
}

package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.cairn.checkpoint.IncrementalStates.Written;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.CorruptedStateException;
import org.junit.jupiter.api.Test;

class FileSystemCompletedCheckpointStoreTest extends AbstractCompletedCheckpointStoreTest
{
    private static final CheckpointRetentionPolicy POLICY = CheckpointRetentionPolicy.RETAIN_ON_FAILURE;
    private static final KeyGroupRange RANGE = KeyGroupRange.of(0, 3);

    @Override
    CompletedCheckpointStore createStore(final int maxRetained) throws IOException
    {
        return FileSystemCompletedCheckpointStore.open(jobDirectory(), JOB_ID, maxRetained, RecoveryMode.STRICT);
    }

    @Test
    void shouldOpenEmptyWhenTheDirectoryDoesNotExistYet() throws IOException
    {
        final FileSystemCompletedCheckpointStore store = open(3, RecoveryMode.STRICT);

        assertNull(store.getLatestCheckpoint());
        assertEquals(List.of(), store.getDamagedCheckpoints());
        assertFalse(Files.exists(jobDirectory()), "opening creates nothing");
    }

    @Test
    void shouldFindTheLatestCheckpointByItselfWhenReopened() throws IOException
    {
        final FileSystemCompletedCheckpointStore store = open(2, RecoveryMode.STRICT);
        for (long id = 1; id <= 4; id++)
        {
            for (final CompletedCheckpoint subsumed :
                store.addCheckpointAndSubsumeOldest(writeCheckpoint(jobDirectory(), id, POLICY)))
            {
                subsumed.discardOnSubsume().join();
            }
        }

        final FileSystemCompletedCheckpointStore reopened = open(2, RecoveryMode.STRICT);

        assertEquals(4, reopened.getLatestCheckpoint().getCheckpointId());
        assertEquals(List.of(3L, 4L), ids(reopened.getAllCheckpoints()));
        assertEquals(checkpointDirectory(4), reopened.getLatestCheckpoint().getDirectory());
        assertEquals(List.of("chk-3", "chk-4"), children());
    }

    @Test
    void shouldDiscardCheckpointsBeyondRetentionAtOpenSparingFilesStillReferenced() throws IOException
    {
        final Path sharedByAll = jobDirectory().resolve("shared").resolve("all");
        final Path onlyOne = jobDirectory().resolve("shared").resolve("only-1");
        writeCheckpoint(jobDirectory(), 1, POLICY, sharedByAll, onlyOne);
        writeCheckpoint(jobDirectory(), 2, POLICY, sharedByAll);
        writeCheckpoint(jobDirectory(), 3, POLICY, sharedByAll);

        final FileSystemCompletedCheckpointStore store = open(2, RecoveryMode.STRICT);

        assertEquals(List.of(2L, 3L), ids(store.getAllCheckpoints()));
        assertFalse(Files.exists(checkpointDirectory(1)), "its subsumption was interrupted: finished now");
        assertFalse(Files.exists(onlyOne));
        assertTrue(Files.exists(sharedByAll), "a retained checkpoint still references it");
    }

    @Test
    void shouldSpareSharedStreamsOfRetainedIncrementalCheckpointsWhenDiscardingBeyondRetentionAtOpen()
        throws IOException
    {
        final Written base1 = sharedFile("base-1", 1);
        final Written delta2 = sharedFile("delta-2", 2);
        final Written delta3 = sharedFile("delta-3", 3);
        final Written foreign =
            IncrementalStates.writeFile(base.resolve("other-job").resolve("shared").resolve("f"), 0);
        writeIncrementalCheckpoint(1, IncrementalStates.chains(RANGE, 1).keyGroup(0, base1).keyGroup(1, foreign));
        writeIncrementalCheckpoint(2, IncrementalStates.chains(RANGE, 2).keyGroup(0, base1, delta2));
        writeIncrementalCheckpoint(3, IncrementalStates.chains(RANGE, 3).keyGroup(0, base1, delta3));

        final FileSystemCompletedCheckpointStore store = open(1, RecoveryMode.STRICT);

        assertEquals(List.of(3L), ids(store.getAllCheckpoints()));
        assertEquals(List.of("chk-3", "shared"), children());
        assertTrue(Files.exists(base1.file()), "checkpoint 3 references it");
        assertTrue(Files.exists(delta3.file()));
        assertFalse(Files.exists(delta2.file()), "only checkpoint 2, beyond retention, referenced it");
        assertTrue(Files.exists(foreign.file()), "another job's file is never deleted");
    }

    @Test
    void shouldDeleteSharedFilesNoRetainedCheckpointReferencesAtOpen() throws IOException
    {
        final Written base1 = sharedFile("base-1", 1);
        final Written onlyDamaged = sharedFile("only-damaged", 2);
        final Written leftover = sharedFile("leftover-of-a-crash", 3);
        final Path operatorInShared = jobDirectory().resolve("shared").resolve("operator");
        writeCheckpoint(jobDirectory(), 4, POLICY, operatorInShared);
        writeIncrementalCheckpoint(1, IncrementalStates.chains(RANGE, 1).keyGroup(0, base1));
        writeIncrementalCheckpoint(2, IncrementalStates.chains(RANGE, 2).keyGroup(0, base1, onlyDamaged));
        damage(2);
        final Path subdirectory = Files.createDirectories(jobDirectory().resolve("shared").resolve("not-ours"));
        Files.write(subdirectory.resolve("f"), new byte[]{1});

        final FileSystemCompletedCheckpointStore store = open(2, RecoveryMode.STRICT);

        assertEquals(List.of(1L, 4L), ids(store.getAllCheckpoints()));
        assertEquals(2, store.getDamagedCheckpoints().get(0).getCheckpointId());
        assertEquals(Set.of(base1.file(), operatorInShared, subdirectory.resolve("f")),
            CoordinatorFiles.regularFilesUnder(jobDirectory().resolve("shared")),
            "a damaged checkpoint is never restored from: the shared files only it might reference go; " +
            "a directory in shared/ is not the store's");
        assertFalse(Files.exists(leftover.file()));
        assertTrue(Files.exists(checkpointDirectory(2).resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)),
            "its own directory is kept for inspection");
    }

    @Test
    void shouldRecoverCompletedDeleteIncompleteAndKeepDamagedWhenFallingBack() throws IOException
    {
        final Path shared = jobDirectory().resolve("shared").resolve("s");
        writeMixedDirectory(shared);

        final FileSystemCompletedCheckpointStore store = open(2, RecoveryMode.FALL_BACK_TO_OLDER);

        assertEquals(5, store.getLatestCheckpoint().getCheckpointId());
        assertEquals(List.of(4L, 5L), ids(store.getAllCheckpoints()));
        assertEquals(List.of(3L, 7L), store.getDamagedCheckpoints().stream()
            .map(FileSystemCompletedCheckpointStore.DamagedCheckpoint::getCheckpointId).collect(Collectors.toList()));
        final FileSystemCompletedCheckpointStore.DamagedCheckpoint newest = store.getDamagedCheckpoints().get(1);
        assertEquals(checkpointDirectory(7), newest.getDirectory());
        assertEquals(metadataFile(7).toString(), newest.getCause().getStream());
        assertEquals(List.of("_metadata", "state"), MetadataRoundTripTest.fileNames(checkpointDirectory(7)),
            "damaged checkpoints are kept whole, for inspection");
        assertEquals(List.of("_metadata", "state"), MetadataRoundTripTest.fileNames(checkpointDirectory(3)));
        assertEquals(List.of("chk-007", "chk-3", "chk-4", "chk-5", "chk-7", "chk-8", "chk-x", "shared", "taskowned"),
            children(), "chk-6 never completed, chk-1 and chk-2 were beyond retention; the rest is not the store's");
        assertTrue(Files.exists(shared));
    }

    @Test
    void shouldFailLoudlyInStrictModeWhenTheNewestIsDamagedAndDeleteNothing() throws IOException
    {
        writeMixedDirectory(jobDirectory().resolve("shared").resolve("s"));
        final List<String> before = children();

        final CorruptedStateException ex =
            assertThrows(CorruptedStateException.class, () -> open(2, RecoveryMode.STRICT));

        assertEquals(metadataFile(7).toString(), ex.getStream());
        assertTrue(ex.getMessage().contains("checkpoint 7 is the newest"), ex.getMessage());
        assertTrue(ex.getMessage().contains("checkpoint 5"), ex.getMessage());
        assertEquals(before, children());
        assertTrue(Files.exists(checkpointDirectory(6).resolve("state")));
    }

    @Test
    void shouldOnlyReportDamageOlderThanTheNewestValidInStrictMode() throws IOException
    {
        writeCheckpoint(jobDirectory(), 1, POLICY);
        writeCheckpoint(jobDirectory(), 2, POLICY);
        damage(1);

        final FileSystemCompletedCheckpointStore store = open(3, RecoveryMode.STRICT);

        assertEquals(List.of(2L), ids(store.getAllCheckpoints()));
        assertEquals(1, store.getDamagedCheckpoints().size());
        assertEquals(1, store.getDamagedCheckpoints().get(0).getCheckpointId());
        assertTrue(Files.exists(metadataFile(1)));
    }

    @Test
    void shouldOpenWithNoCheckpointOnlyWhenFallingBackFromNothingButDamage() throws IOException
    {
        writeCheckpoint(jobDirectory(), 1, POLICY);
        damage(1);

        final CorruptedStateException ex =
            assertThrows(CorruptedStateException.class, () -> open(3, RecoveryMode.STRICT));
        assertTrue(ex.getMessage().contains("no checkpoint"), ex.getMessage());

        final FileSystemCompletedCheckpointStore store = open(3, RecoveryMode.FALL_BACK_TO_OLDER);
        assertNull(store.getLatestCheckpoint());
        assertEquals(1, store.getDamagedCheckpoints().size());
    }

    @Test
    void shouldTreatMetadataOfAnotherCheckpointOrJobAsDamaged() throws IOException
    {
        writeCheckpoint(jobDirectory(), 2, POLICY);
        final Path copy = Files.createDirectories(checkpointDirectory(9));
        Files.copy(metadataFile(2), copy.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME));

        final FileSystemCompletedCheckpointStore store = open(3, RecoveryMode.FALL_BACK_TO_OLDER);

        assertEquals(List.of(2L), ids(store.getAllCheckpoints()));
        assertTrue(store.getDamagedCheckpoints().get(0).getCause().getMessage().contains("checkpointId=2; expected 9"));
        final FileSystemCompletedCheckpointStore otherJob = FileSystemCompletedCheckpointStore.open(
            jobDirectory(), "another-job", 3, RecoveryMode.FALL_BACK_TO_OLDER);
        assertNull(otherJob.getLatestCheckpoint());
        assertEquals(2, otherJob.getDamagedCheckpoints().size());
        assertTrue(Files.exists(metadataFile(2)), "never deleted");
    }

    @Test
    void shouldRefuseAnotherJobsCheckpoint() throws IOException
    {
        final FileSystemCompletedCheckpointStore store = open(3, RecoveryMode.STRICT);
        final CompletedCheckpoint foreign = new CompletedCheckpoint("another-job", 1, 0, 0,
            CheckpointProperties.forCheckpoint(POLICY), null, List.of(), List.of(), MetadataRoundTripTest.stats(1));

        assertThrows(IllegalArgumentException.class, () -> store.addCheckpointAndSubsumeOldest(foreign));
    }

    @Test
    void shouldRefuseBadArguments()
    {
        assertThrows(IllegalArgumentException.class, () -> open(0, RecoveryMode.STRICT));
        assertThrows(IllegalArgumentException.class, () -> open(1, null));
        assertThrows(IllegalArgumentException.class,
            () -> FileSystemCompletedCheckpointStore.open(null, JOB_ID, 1, RecoveryMode.STRICT));
    }

    /**
     * chk-1..chk-5 complete, chk-3 damaged, chk-6 never completed (state and a temporary metadata file), chk-7
     * damaged; and what is not the store's: shared/, taskowned/, chk-x/, chk-007/ and a file chk-8.
     */
    private void writeMixedDirectory(final Path shared) throws IOException
    {
        for (long id = 1; id <= 5; id++)
        {
            writeCheckpoint(jobDirectory(), id, POLICY, shared);
        }
        damage(3);
        final Path incomplete = Files.createDirectories(checkpointDirectory(6));
        Files.write(incomplete.resolve("state"), new byte[]{6});
        Files.write(incomplete.resolve("_metadata.inprogress-" + UUID.randomUUID()), new byte[]{1, 2});
        writeCheckpoint(jobDirectory(), 7, POLICY, shared);
        damage(7);
        Files.createDirectories(jobDirectory().resolve("taskowned"));
        Files.write(Files.createDirectories(jobDirectory().resolve("chk-x")).resolve("f"), new byte[]{1});
        Files.write(Files.createDirectories(jobDirectory().resolve("chk-007")).resolve("f"), new byte[]{1});
        Files.write(jobDirectory().resolve("chk-8"), new byte[]{1});
    }

    private Written sharedFile(final String name, final long checkpointId)
    {
        return IncrementalStates.writeFile(jobDirectory().resolve("shared").resolve(name), checkpointId);
    }

    private void writeIncrementalCheckpoint(final long checkpointId, final IncrementalStates.Chains chains)
        throws IOException
    {
        final Path directory = Files.createDirectories(checkpointDirectory(checkpointId));
        final CheckpointMetadata metadata = new CheckpointMetadata(JOB_ID, checkpointId, checkpointId,
            checkpointId + 1, CheckpointProperties.forCheckpoint(POLICY),
            List.of(new TaskStateSnapshot(List.of(chains.build()), List.of())), List.of(),
            MetadataRoundTripTest.stats(checkpointId));
        CheckpointMetadataSerializer.write(metadata, directory);
    }

    private void damage(final long checkpointId) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(metadataFile(checkpointId));
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(metadataFile(checkpointId), bytes);
    }

    private FileSystemCompletedCheckpointStore open(final int maxRetained, final RecoveryMode mode)
        throws IOException
    {
        return FileSystemCompletedCheckpointStore.open(jobDirectory(), JOB_ID, maxRetained, mode);
    }

    private Path checkpointDirectory(final long checkpointId)
    {
        return jobDirectory().resolve("chk-" + checkpointId);
    }

    private Path metadataFile(final long checkpointId)
    {
        return checkpointDirectory(checkpointId).resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME);
    }

    private List<String> children() throws IOException
    {
        return MetadataRoundTripTest.fileNames(jobDirectory());
    }
}

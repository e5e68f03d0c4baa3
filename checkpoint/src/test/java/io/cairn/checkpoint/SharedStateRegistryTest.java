package io.cairn.checkpoint;

import static io.cairn.checkpoint.IncrementalStates.chains;
import static io.cairn.checkpoint.IncrementalStates.checkpoint;
import static io.cairn.checkpoint.IncrementalStates.writeFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cairn.checkpoint.IncrementalStates.Written;
import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.UploadedFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules of {@link SharedStateRegistry}, on real files and synthetic incremental checkpoints. */
class SharedStateRegistryTest
{
    private static final KeyGroupRange RANGE = KeyGroupRange.of(0, 3);

    @TempDir
    Path base;

    private Path shared;
    private SharedStateRegistry registry;

    @BeforeEach
    void createRegistry() throws IOException
    {
        shared = Files.createDirectories(base.resolve(CoordinatorFixture.JOB_ID).resolve("shared"));
        registry = new SharedStateRegistry(shared);
    }

    @Test
    void shouldCountOneReferencePerRegisteredCheckpointHoweverManyOfItsHandlesListAStream()
    {
        final Written base1 = writeShared("base-1", 1);
        final Written delta2 = writeShared("delta-2", 2);
        registry.registerCheckpoint(checkpoint(1, chains(RANGE, 1).keyGroup(0, base1).keyGroup(1, base1).build()));
        // After a rescale, two subtasks' handles list the same stream.
        final CompletedCheckpoint second = checkpoint(2,
            chains(KeyGroupRange.of(0, 1), 2).keyGroup(0, base1, delta2).build(),
            chains(KeyGroupRange.of(2, 3), 2).keyGroup(2, base1).build());

        registry.registerCheckpoint(second);

        assertEquals(2, registry.getReferenceCount(base1.stream()));
        assertEquals(1, registry.getReferenceCount(delta2.stream()));
        assertEquals(Map.of(base1.stream(), 2, delta2.stream(), 1), registry.getReferenceCounts());
        assertEquals(Set.of(1L, 2L), registry.getRegisteredCheckpointIds());
    }

    @Test
    void shouldDeleteAStreamAtTheNextCleanupOnceNoRegisteredCheckpointReferencesIt()
    {
        final Written base1 = writeShared("base-1", 1);
        final Written delta2 = writeShared("delta-2", 2);
        final CompletedCheckpoint first = checkpoint(1, chains(RANGE, 1).keyGroup(0, base1).build());
        final CompletedCheckpoint second = checkpoint(2, chains(RANGE, 2).keyGroup(0, base1, delta2).build());
        registry.registerCheckpoint(first);
        registry.registerCheckpoint(second);

        assertTrue(registry.unregisterCheckpoint(first));
        assertEquals(0, registry.cleanup(), "base-1 is still referenced by checkpoint 2");
        assertTrue(registry.unregisterCheckpoint(second));

        assertTrue(Files.exists(base1.file()), "nothing is deleted before the cleanup");
        assertTrue(registry.holds(base1.stream()));
        assertEquals(0, registry.getReferenceCount(base1.stream()));
        assertEquals(2, registry.cleanup());
        assertFalse(Files.exists(base1.file()));
        assertFalse(Files.exists(delta2.file()));
        assertFalse(registry.holds(base1.stream()));
        assertEquals(Map.of(), registry.getReferenceCounts());
    }

    @Test
    void shouldKeepAStreamReferencedAgainBeforeTheCleanup()
    {
        final Written base1 = writeShared("base-1", 1);
        final CompletedCheckpoint first = checkpoint(1, chains(RANGE, 1).keyGroup(0, base1).build());
        registry.registerCheckpoint(first);
        registry.unregisterCheckpoint(first);

        registry.registerCheckpoint(checkpoint(3, chains(RANGE, 3).keyGroup(0, base1).build()));

        assertEquals(0, registry.cleanup());
        assertTrue(Files.exists(base1.file()));
        assertEquals(1, registry.getReferenceCount(base1.stream()));
    }

    @Test
    void shouldFailARegistrationReferencingADeletedStreamAndChangeNothing()
    {
        final Written base1 = writeShared("base-1", 1);
        final Written base2 = writeShared("base-2", 2);
        final CompletedCheckpoint first = checkpoint(1, chains(RANGE, 1).keyGroup(0, base1).build());
        registry.registerCheckpoint(first);
        registry.registerCheckpoint(checkpoint(2, chains(RANGE, 2).keyGroup(1, base2).build()));
        registry.unregisterCheckpoint(first);
        registry.cleanup();
        final Written delta3 = writeShared("delta-3", 3);
        final CompletedCheckpoint stale =
            checkpoint(3, chains(RANGE, 3).keyGroup(0, base1, delta3).keyGroup(1, base2).build());

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> registry.registerCheckpoint(stale));

        assertTrue(ex.getMessage().contains("stream=" + base1.file()), ex.getMessage());
        assertTrue(ex.getMessage().contains("stale"), ex.getMessage());
        assertEquals(Map.of(base2.stream(), 1), registry.getReferenceCounts(), "no count changed");
        assertEquals(Set.of(2L), registry.getRegisteredCheckpointIds());
        assertFalse(registry.unregisterCheckpoint(stale));
    }

    @Test
    void shouldMarkAStreamDeletedBeforeItsFileIsGoneAndRetryAFailedDeletion() throws IOException
    {
        // A "file" that cannot be deleted: a directory that is not empty.
        final Path stuck = Files.createDirectories(shared.resolve("stuck"));
        Files.write(stuck.resolve("inside"), new byte[]{1});
        final Written stream = new Written(new FileStateHandle(stuck, 0), 1);
        final CompletedCheckpoint first = checkpoint(1, chains(RANGE, 1).keyGroup(0, stream).build());
        registry.registerCheckpoint(first);
        registry.unregisterCheckpoint(first);

        assertEquals(0, registry.cleanup());
        assertTrue(Files.exists(stuck));
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> registry.registerCheckpoint(checkpoint(2, chains(RANGE, 2).keyGroup(0, stream).build())));
        assertTrue(ex.getMessage().contains("was deleted"), ex.getMessage());

        Files.delete(stuck.resolve("inside"));
        assertEquals(1, registry.cleanup(), "the next cleanup tries again");
        assertFalse(Files.exists(stuck));
        assertFalse(registry.holds(stream.stream()));
    }

    @Test
    void shouldFailARegistrationReferencingAFileThatIsNotThere() throws IOException
    {
        final Written lost = writeShared("lost", 1);
        Files.delete(lost.file());

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> registry.registerCheckpoint(checkpoint(2, chains(RANGE, 2).keyGroup(0, lost).build())));

        assertTrue(ex.getMessage().contains(lost.file() + " of checkpoint 2 does not exist"), ex.getMessage());
        assertEquals(Set.of(), registry.getRegisteredCheckpointIds());
    }

    @Test
    void shouldNeverDeleteAStreamOutsideTheJobsSharedDirectory()
    {
        final Written foreign = writeFile(base.resolve("other-job").resolve("shared").resolve("restored"), 1);
        final Written inline = new Written(new ByteStreamStateHandle("inline", new byte[]{1}), 2);
        final CompletedCheckpoint restored =
            checkpoint(2, chains(RANGE, 2).keyGroup(0, foreign).keyGroup(1, inline).build());
        registry.registerCheckpoint(restored);
        assertEquals(1, registry.getReferenceCount(foreign.stream()));

        registry.unregisterCheckpoint(restored);
        assertEquals(0, registry.cleanup());

        assertTrue(Files.exists(foreign.file()), "another job's file is referenced, never deleted");
        assertFalse(registry.holds(foreign.stream()), "it is forgotten once unreferenced");
        assertFalse(registry.holds(inline.stream()));
    }

    @Test
    void shouldRefuseASharedStreamInACheckpointsOwnDirectory()
    {
        final Written exclusive = writeFile(shared.resolveSibling("chk-4").resolve("state"), 4);

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> registry.registerCheckpoint(checkpoint(4, chains(RANGE, 4).keyGroup(0, exclusive).build())));

        assertTrue(ex.getMessage().contains("CheckpointedStateScope.SHARED"), ex.getMessage());
    }

    @Test
    void shouldRefuseSavepointsAndRegisteringACheckpointTwice()
    {
        final Written base1 = writeShared("base-1", 1);
        final CompletedCheckpoint first = checkpoint(1, chains(RANGE, 1).keyGroup(0, base1).build());
        registry.registerCheckpoint(first);
        final CompletedCheckpoint savepoint = new CompletedCheckpoint(CoordinatorFixture.JOB_ID, 5, 5, 6,
            CheckpointProperties.forSavepoint(false), null, List.of(), List.of(), MetadataRoundTripTest.stats(5));

        assertThrows(IllegalArgumentException.class, () -> registry.registerCheckpoint(first));
        assertThrows(IllegalArgumentException.class, () -> registry.registerCheckpoint(savepoint));
        assertThrows(IllegalArgumentException.class, () -> registry.unregisterCheckpoint(null));
        assertThrows(IllegalArgumentException.class, () -> new SharedStateRegistry(null));
        assertEquals(1, registry.getReferenceCount(base1.stream()));
        assertTrue(registry.unregisterCheckpoint(first));
        assertFalse(registry.unregisterCheckpoint(first), "unregistered once");
    }

    @Test
    void shouldDiscardACompletedCheckpointsSharedStreamsOnlyThroughTheRegistry() throws IOException
    {
        final Written base1 = writeShared("base-1", 1);
        final Written delta2 = writeShared("delta-2", 2);
        final CompletedCheckpoint first = writeCheckpoint(1, chains(RANGE, 1).keyGroup(0, base1).build());
        final CompletedCheckpoint second = writeCheckpoint(2, chains(RANGE, 2).keyGroup(0, base1, delta2).build());
        registry.registerCheckpoint(first);
        registry.registerCheckpoint(second);

        second.discard().join();

        assertFalse(Files.exists(second.getDirectory()), "its metadata, exclusive state and directory");
        assertFalse(Files.exists(delta2.file()), "only it referenced delta-2");
        assertTrue(Files.exists(base1.file()), "checkpoint 1 still references base-1");
        assertEquals(Set.of(1L), registry.getRegisteredCheckpointIds());
        second.discard().join();
        assertEquals(1, registry.getReferenceCount(base1.stream()), "discarding twice unregisters once");
    }

    @Test
    void shouldCountTheSstFilesOfRocksDbHandlesLikeChainsAndDeleteTheirPrivateFilesWithTheirCheckpoint()
        throws IOException
    {
        final Written sst1 = writeShared("sst-1", 1);
        final Written sst2 = writeShared("sst-2", 2);
        final Written base2 = writeShared("base-2", 2);
        final CompletedCheckpoint first = writeCheckpoint(1, sstHandle(1, sst1));
        // Checkpoint 2 keeps sst-1, uploads sst-2, and holds an off-heap backend's chain beside it.
        final IncrementalSstStateHandle second = sstHandle(2, sst1, sst2);
        final CompletedCheckpoint two = writeCheckpoint(2, second,
            chains(KeyGroupRange.of(8, 9), 2).keyGroup(8, base2).build());
        registry.registerCheckpoint(first);
        registry.registerCheckpoint(two);

        assertEquals(Map.of(sst1.stream(), 2, sst2.stream(), 1, base2.stream(), 1), registry.getReferenceCounts(),
            "the meta stream and the private files are not shared, and not counted");
        two.discard().join();

        assertFalse(Files.exists(two.getDirectory()), "its meta stream and private files went with it");
        for (final UploadedFile file : second.getPrivateFiles())
        {
            assertFalse(Files.exists(((FileStateHandle)file.stream()).getFilePath()), file.toString());
        }
        assertFalse(Files.exists(sst2.file()), "only checkpoint 2 referenced sst-2");
        assertFalse(Files.exists(base2.file()));
        assertTrue(Files.exists(sst1.file()), "checkpoint 1 still references sst-1");
        assertEquals(Map.of(sst1.stream(), 1), registry.getReferenceCounts());
    }

    @Test
    void shouldLeaveSharedStreamsAloneWhenDiscardingACheckpointNeverRegistered() throws IOException
    {
        final Written base1 = writeShared("base-1", 1);
        final CompletedCheckpoint unregistered = writeCheckpoint(1, chains(RANGE, 1).keyGroup(0, base1).build());

        unregistered.discard().join();

        assertFalse(Files.exists(unregistered.getDirectory()));
        assertTrue(Files.exists(base1.file()), "shared streams are the registry's to delete");
    }

    @Test
    void shouldKeepTheCountsRightUnderConcurrentRegistrationsAndCleanups() throws Exception
    {
        final Written common = writeShared("common", 0);
        registry.registerCheckpoint(checkpoint(0, chains(RANGE, 0).keyGroup(0, common).build()));
        final int threads = 4;
        final int perThread = 50;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        final CountDownLatch start = new CountDownLatch(1);
        final List<Future<List<Written>>> results = new ArrayList<>();
        try
        {
            for (int t = 0; t < threads; t++)
            {
                final int thread = t;
                results.add(pool.submit(() ->
                {
                    start.await();
                    final List<Written> own = new ArrayList<>();
                    for (int i = 0; i < perThread; i++)
                    {
                        final long id = 1 + thread * perThread + i;
                        final Written delta = writeShared("delta-" + id, id);
                        own.add(delta);
                        final CompletedCheckpoint checkpoint =
                            checkpoint(id, chains(RANGE, id).keyGroup(0, common, delta).build());
                        registry.registerCheckpoint(checkpoint);
                        registry.cleanup();
                        registry.unregisterCheckpoint(checkpoint);
                        registry.cleanup();
                    }
                    return own;
                }));
            }
            start.countDown();
            for (final Future<List<Written>> result : results)
            {
                for (final Written delta : result.get(30, TimeUnit.SECONDS))
                {
                    assertFalse(Files.exists(delta.file()), delta.file().toString());
                }
            }
        }
        finally
        {
            pool.shutdownNow();
        }

        assertTrue(Files.exists(common.file()));
        assertEquals(Map.of(common.stream(), 1), registry.getReferenceCounts());
        assertEquals(Set.of(0L), registry.getRegisteredCheckpointIds());
    }

    private Written writeShared(final String name, final long checkpointId)
    {
        return writeFile(shared.resolve(name), checkpointId);
    }

    /**
     * An SST handle of key groups 0..3 whose SST files are the given shared files, with a meta stream and a
     * {@code MANIFEST} in the checkpoint's directory.
     */
    private IncrementalSstStateHandle sstHandle(final long checkpointId, final Written... ssts) throws IOException
    {
        final Path directory = Files.createDirectories(shared.resolveSibling("chk-" + checkpointId));
        final List<UploadedFile> files = new ArrayList<>();
        for (int i = 0; i < ssts.length; i++)
        {
            files.add(new UploadedFile(i + ".sst", ssts[i].stream(), ssts[i].checkpointId(),
                ssts[i].stream().getStateSize(), 0));
        }
        return new IncrementalSstStateHandle(KeyGroupRange.of(0, 3), checkpointId, new UUID(0, checkpointId),
            privateFile(directory.resolve("meta"), "cairn-meta", checkpointId), files,
            List.of(privateFile(directory.resolve("manifest"), "MANIFEST-000001", checkpointId)));
    }

    private static UploadedFile privateFile(final Path file, final String name, final long checkpointId)
        throws IOException
    {
        Files.write(file, new byte[]{7, 7});
        return new UploadedFile(name, new FileStateHandle(file, 2), checkpointId, 2, 0);
    }

    /** A checkpoint on disk: {@code chk-<id>} with an exclusive keyed file and metadata, plus the handles. */
    private CompletedCheckpoint writeCheckpoint(final long checkpointId, final KeyedStateHandle... handles)
        throws IOException
    {
        final Path directory = Files.createDirectories(shared.resolveSibling("chk-" + checkpointId));
        final Path exclusive = Files.write(directory.resolve("exclusive"), new byte[]{1});
        final List<KeyedStateHandle> keyed = new ArrayList<>(List.of(handles));
        keyed.add(new KeyGroupsStateHandle(KeyGroupRange.of(4, 7), new FileStateHandle(exclusive, 1)));
        final TaskStateSnapshot state = new TaskStateSnapshot(keyed, List.of());
        final CheckpointMetadata metadata = new CheckpointMetadata(CoordinatorFixture.JOB_ID, checkpointId, 0, 1,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), List.of(state),
            List.of(), MetadataRoundTripTest.stats(checkpointId));
        CheckpointMetadataSerializer.write(metadata, directory);
        return metadata.toCompletedCheckpoint(directory);
    }
}

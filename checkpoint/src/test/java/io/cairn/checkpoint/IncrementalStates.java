package io.cairn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointProperties;
import io.cairn.snapshot.CheckpointRetentionPolicy;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * Synthetic incremental state for the shared-state tests: small files written as shared streams, and handles whose
 * per key group chains reference them. {@link #chains(KeyGroupRange, long)} builds a handle key group by key group:
 *
 * <pre>{@code
 * Written base = IncrementalStates.writeShared(location, 1);   // a stream checkpoint 1 wrote
 * Written delta = IncrementalStates.writeShared(location, 2);
 * IncrementalKeyGroupsStateHandle handle = IncrementalStates.chains(range, 2).keyGroup(0, base, delta).build();
 * }</pre>
 */
final class IncrementalStates
{
    private IncrementalStates()
    {
    }

    /**
     * A stream and the id of the checkpoint that wrote it.
     *
     * @param stream       the stream.
     * @param checkpointId its writer.
     */
    record Written(StreamStateHandle stream, long checkpointId)
    {
        /** @return the stream's file. */
        Path file()
        {
            return ((FileStateHandle)stream).getFilePath();
        }
    }

    /**
     * Writes a shared stream the way a backend does, through a checkpoint's location.
     *
     * @param factory      the checkpoint's stream factory (its location).
     * @param checkpointId the checkpoint writing it.
     * @return the stream, in the job's shared directory.
     */
    static Written writeShared(final CheckpointStreamFactory factory, final long checkpointId)
    {
        try (CheckpointStateOutputStream out = factory.createCheckpointStateOutputStream(CheckpointedStateScope.SHARED))
        {
            out.write(("shared state of checkpoint " + checkpointId).getBytes(StandardCharsets.UTF_8));
            return new Written(out.closeAndGetHandle(), checkpointId);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Writes a file directly, for a registry without a coordinator.
     *
     * @param file         the file to create.
     * @param checkpointId the checkpoint said to have written it.
     * @return the stream.
     */
    static Written writeFile(final Path file, final long checkpointId)
    {
        try
        {
            Files.createDirectories(file.getParent());
            final byte[] bytes = ("state of checkpoint " + checkpointId).getBytes(StandardCharsets.UTF_8);
            Files.write(file, bytes);
            return new Written(new FileStateHandle(file, bytes.length), checkpointId);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param range        the handle's key groups.
     * @param checkpointId the checkpoint it belongs to.
     * @return a builder of its chains; key groups not given one have no state.
     */
    static Chains chains(final KeyGroupRange range, final long checkpointId)
    {
        return new Chains(range, checkpointId);
    }

    /**
     * A completed checkpoint in memory (no directory) holding the handles, one subtask each.
     *
     * @param checkpointId the checkpoint.
     * @param handles      its keyed handles.
     * @return the checkpoint.
     */
    static CompletedCheckpoint checkpoint(final long checkpointId, final IncrementalKeyGroupsStateHandle... handles)
    {
        final List<TaskStateSnapshot> states = new ArrayList<>();
        for (final IncrementalKeyGroupsStateHandle handle : handles)
        {
            states.add(new TaskStateSnapshot(List.of(handle), List.of()));
        }
        return new CompletedCheckpoint(CoordinatorFixture.JOB_ID, checkpointId, checkpointId, checkpointId + 1,
            CheckpointProperties.forCheckpoint(CheckpointRetentionPolicy.RETAIN_ON_FAILURE), null, states, List.of(),
            MetadataRoundTripTest.stats(checkpointId));
    }

    /** Chains of an incremental handle, key group by key group. */
    static final class Chains
    {
        private final KeyGroupRange range;
        private final long checkpointId;
        private final Map<Integer, Written[]> chains = new LinkedHashMap<>();

        private Chains(final KeyGroupRange range, final long checkpointId)
        {
            this.range = range;
            this.checkpointId = checkpointId;
        }

        /**
         * @param keyGroup a key group of the range.
         * @param chain    its streams, base first.
         * @return this.
         */
        Chains keyGroup(final int keyGroup, final Written... chain)
        {
            chains.put(keyGroup, chain);
            return this;
        }

        /** @return the handle. */
        IncrementalKeyGroupsStateHandle build()
        {
            final List<StreamStateHandle> streams = new ArrayList<>();
            final List<Long> writers = new ArrayList<>();
            final int[][] indexes = new int[range.getNumberOfKeyGroups()][];
            for (int g = 0; g < indexes.length; g++)
            {
                final Written[] chain = chains.getOrDefault(range.getStartKeyGroup() + g, new Written[0]);
                indexes[g] = new int[chain.length];
                for (int c = 0; c < chain.length; c++)
                {
                    int index = streams.indexOf(chain[c].stream());
                    if (index < 0)
                    {
                        index = streams.size();
                        streams.add(chain[c].stream());
                        writers.add(chain[c].checkpointId());
                    }
                    indexes[g][c] = index;
                }
            }
            final long[] writerIds = writers.stream().mapToLong(Long::longValue).toArray();
            return new IncrementalKeyGroupsStateHandle(range, checkpointId, streams, writerIds, indexes);
        }
    }
}

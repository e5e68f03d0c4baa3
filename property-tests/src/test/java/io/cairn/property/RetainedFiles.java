package io.cairn.property;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.cairn.checkpoint.CheckpointMetadata;
import io.cairn.checkpoint.CheckpointMetadataSerializer;
import io.cairn.checkpoint.TaskStateSnapshot;
import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * What a job's directories hold, read back from disk for the retention model: the completed checkpoints
 * ({@code chk-<id>/_metadata}) and savepoints, the files their metadata references, the files in {@code shared/},
 * and per shared stream how many completed checkpoints' metadata lists it.
 */
final class RetainedFiles
{
    private final Path checkpointsDirectory;
    private final Path savepointsDirectory;

    /**
     * @param checkpointsDirectory the job's checkpoints directory, absolute.
     * @param savepointsDirectory  where its savepoints go, absolute.
     */
    RetainedFiles(final Path checkpointsDirectory, final Path savepointsDirectory)
    {
        this.checkpointsDirectory = checkpointsDirectory;
        this.savepointsDirectory = savepointsDirectory;
    }

    /**
     * @param checkpointId a checkpoint.
     * @return its {@code chk-<id>} directory.
     */
    Path checkpointDirectory(final long checkpointId)
    {
        return checkpointsDirectory.resolve("chk-" + checkpointId);
    }

    /** @return the ids of the {@code chk-<id>} directories with a {@code _metadata}. */
    TreeSet<Long> completedCheckpointIds()
    {
        return new TreeSet<>(completedCheckpoints().keySet());
    }

    /** @return the ids of the savepoints with a {@code _metadata}. */
    Set<Long> savepointIds()
    {
        final Set<Long> ids = new TreeSet<>();
        for (final CheckpointMetadata metadata : savepoints())
        {
            ids.add(metadata.getCheckpointId());
        }
        return ids;
    }

    /** @return the files the metadata of a completed checkpoint or a savepoint references that do not exist. */
    List<Path> missingReferencedFiles()
    {
        final List<CheckpointMetadata> all = new ArrayList<>(completedCheckpoints().values());
        all.addAll(savepoints());
        final List<Path> missing = new ArrayList<>();
        for (final CheckpointMetadata metadata : all)
        {
            for (final Path file : filesOf(streamsOf(metadata)))
            {
                if (!Files.exists(file))
                {
                    missing.add(file);
                }
            }
        }
        return missing;
    }

    /** @return the regular files in {@code shared/}. */
    Set<Path> sharedFiles()
    {
        return new TreeSet<>(CoordinatorFiles.regularFiles(checkpointsDirectory.resolve("shared")));
    }

    /** @return the files the completed checkpoints' metadata references. */
    Set<Path> sharedFilesReferenced()
    {
        final Set<Path> referenced = new TreeSet<>();
        for (final CheckpointMetadata metadata : completedCheckpoints().values())
        {
            referenced.addAll(filesOf(streamsOf(metadata)));
        }
        return referenced;
    }

    /** @return per stream an incremental handle lists, how many completed checkpoints' metadata lists it. */
    Map<StreamStateHandle, Integer> referenceCounts()
    {
        final Map<StreamStateHandle, Integer> counts = new HashMap<>();
        for (final CheckpointMetadata metadata : completedCheckpoints().values())
        {
            final Set<StreamStateHandle> listed = new LinkedHashSet<>();
            for (final TaskStateSnapshot state : metadata.getTaskStates())
            {
                for (final KeyedStateHandle handle : state.getKeyedState())
                {
                    if (handle instanceof IncrementalKeyGroupsStateHandle)
                    {
                        listed.addAll(((IncrementalKeyGroupsStateHandle)handle).getStreams());
                    }
                }
            }
            listed.forEach(stream -> counts.merge(stream, 1, Integer::sum));
        }
        return counts;
    }

    /**
     * @param streams streams.
     * @return the files of those that are files.
     */
    static List<Path> filesOf(final Iterable<StreamStateHandle> streams)
    {
        final List<Path> files = new ArrayList<>();
        for (final StreamStateHandle stream : streams)
        {
            if (stream instanceof FileStateHandle)
            {
                files.add(((FileStateHandle)stream).getFilePath());
            }
        }
        return files;
    }

    private static List<StreamStateHandle> streamsOf(final CheckpointMetadata metadata)
    {
        final List<StreamStateHandle> streams = new ArrayList<>();
        for (final TaskStateSnapshot state : metadata.getTaskStates())
        {
            for (final KeyedStateHandle handle : state.getKeyedState())
            {
                if (handle instanceof IncrementalKeyGroupsStateHandle)
                {
                    streams.addAll(((IncrementalKeyGroupsStateHandle)handle).getStreams());
                }
                else
                {
                    streams.add(((KeyGroupsStateHandle)handle).getDelegate());
                }
            }
            for (final OperatorStateHandle handle : state.getOperatorState())
            {
                streams.add(handle.getDelegate());
            }
        }
        return streams;
    }

    private TreeMap<Long, CheckpointMetadata> completedCheckpoints()
    {
        final TreeMap<Long, CheckpointMetadata> checkpoints = new TreeMap<>();
        for (final Path child : CoordinatorFiles.children(checkpointsDirectory))
        {
            if (child.getFileName().toString().startsWith("chk-") &&
                Files.exists(child.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)))
            {
                final CheckpointMetadata metadata = read(child);
                checkpoints.put(metadata.getCheckpointId(), metadata);
            }
        }
        return checkpoints;
    }

    private List<CheckpointMetadata> savepoints()
    {
        final List<CheckpointMetadata> savepoints = new ArrayList<>();
        for (final Path child : CoordinatorFiles.children(savepointsDirectory))
        {
            if (Files.exists(child.resolve(CheckpointMetadataSerializer.METADATA_FILE_NAME)))
            {
                savepoints.add(read(child));
            }
        }
        return savepoints;
    }

    private static CheckpointMetadata read(final Path directory)
    {
        try
        {
            return CheckpointMetadataSerializer.read(directory);
        }
        catch (final IOException ex)
        {
            throw new AssertionError("cannot read the metadata in " + directory + ": " + ex, ex);
        }
    }
}

package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.SharedStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * The reference counts of the shared streams of a job's incremental checkpoints: every shared stream a
 * {@link SharedStateHandle} of a retained completed checkpoint lists (a chain's stream of the off-heap backend, an
 * SST file of the RocksDB backend, counted alike) has one reference per retained checkpoint that lists it (however
 * many of its handles do). A handle's exclusive streams are not counted: they go with their checkpoint. Streams are
 * told apart by their handles' equality (a {@link FileStateHandle} by path and size). The coordinator keeps one;
 * {@link CheckpointCoordinator} builds it from the retained checkpoints it recovers, so it survives a restart as
 * their metadata does.
 *
 * <ol>
 *     <li>A checkpoint is registered ({@link #registerCheckpoint}) before its metadata is written and before any
 *     older checkpoint is subsumed, so a stream it shares with an older one never loses its last reference in
 *     between.</li>
 *     <li>A registration that references a stream the registry deleted, or is deleting, or a file that is not there,
 *     fails and changes nothing: the backend's baseline is stale, and the checkpoint must not complete (its backend
 *     still holds the changes, and writes them again in its next checkpoint).</li>
 *     <li>Discarding a completed checkpoint unregisters it ({@link #unregisterCheckpoint}); a stream left without a
 *     reference is deleted by the next {@link #cleanup()}, unless a registration referenced it again before. An entry
 *     is marked deleted, under the lock, before its file is deleted, so no registration can slip in between.</li>
 *     <li>Only files inside the job's shared directory are ever deleted. A stream elsewhere (say, restored from
 *     another job's checkpoint) is counted like any other, and forgotten, never deleted, once unreferenced.</li>
 * </ol>
 *
 * <p>Thread-safe, with one plain lock: the registry is used a few times per checkpoint, never on a hot path. Files
 * are deleted outside the lock; under it, a registration checks at most that the streams new to the registry exist.
 */
public final class SharedStateRegistry
{
    private static final String CHECKPOINT_DIRECTORY_PREFIX = "chk-";

    private final Path sharedStateDirectory;
    private final Object lock = new Object();
    private final Map<StreamStateHandle, Entry> entries = new HashMap<>();
    private final Map<Long, List<StreamStateHandle>> references = new HashMap<>();
    /** Entries without a reference, not yet marked deleted: what the next cleanup deletes. */
    private final Set<Entry> unreferenced = new LinkedHashSet<>();
    /** Entries marked deleted whose file could not be deleted: the next cleanup tries again. */
    private final Set<Entry> failedDeletes = new LinkedHashSet<>();

    /**
     * An empty registry.
     *
     * @param sharedStateDirectory the job's shared directory, {@code <base>/<job-id>/shared}: the only place whose
     *                             files it deletes.
     * @throws IllegalArgumentException if the directory is null.
     */
    public SharedStateRegistry(final Path sharedStateDirectory)
    {
        if (sharedStateDirectory == null)
        {
            throw new IllegalArgumentException("sharedStateDirectory=null; expected the job's shared directory");
        }
        this.sharedStateDirectory = sharedStateDirectory.toAbsolutePath().normalize();
    }

    /**
     * Adds one reference to every shared stream the checkpoint's shared-state handles list, and makes the
     * checkpoint's {@link CompletedCheckpoint#discard()} unregister it. All or nothing: if it fails, no count
     * changed.
     *
     * @param checkpoint a completed checkpoint, not a savepoint, whose metadata is not yet written.
     * @throws IllegalArgumentException if it is a savepoint, or already registered.
     * @throws IllegalStateException    if it references a stream that was deleted or is missing, or a shared stream
     *                                  lying in a checkpoint's own directory; the message names the stream.
     */
    public void registerCheckpoint(final CompletedCheckpoint checkpoint)
    {
        register(checkpoint, true);
    }

    /**
     * Registers a checkpoint recovered from its metadata on disk, without checking that its files exist: a lost
     * file fails the restore from it, naming the file, not the start of the coordinator.
     */
    void registerRecovered(final CompletedCheckpoint checkpoint)
    {
        register(checkpoint, false);
    }

    private void register(final CompletedCheckpoint checkpoint, final boolean check)
    {
        if (checkpoint == null || checkpoint.getProperties().isSavepoint())
        {
            throw new IllegalArgumentException("checkpoint=" + checkpoint + "; expected a completed checkpoint, " +
                "not a savepoint (savepoints are self-contained and share nothing)");
        }
        final long checkpointId = checkpoint.getCheckpointId();
        final List<StreamStateHandle> streams = sharedStreams(checkpoint.getTaskStates());
        synchronized (lock)
        {
            if (references.containsKey(checkpointId))
            {
                throw new IllegalArgumentException("checkpointId=" + checkpointId + "; expected a checkpoint not " +
                    "registered yet");
            }
            for (final StreamStateHandle stream : streams)
            {
                final Entry entry = entries.get(stream);
                if (entry != null && entry.deleted)
                {
                    throw new IllegalStateException("stream=" + stream.describe() + " of checkpoint " + checkpointId +
                        " was deleted when no retained checkpoint referenced it any more (last referenced by " +
                        "checkpoint " + entry.lastCheckpointId + "); expected only streams of retained checkpoints: " +
                        "the backend's baseline is stale, and its next checkpoint must write that state again");
                }
                if (entry == null && check)
                {
                    checkNew(stream, checkpointId);
                }
            }
            for (final StreamStateHandle stream : streams)
            {
                final Entry entry = entries.computeIfAbsent(stream, Entry::new);
                if (entry.count++ == 0)
                {
                    unreferenced.remove(entry);
                }
                entry.lastCheckpointId = Math.max(entry.lastCheckpointId, checkpointId);
            }
            references.put(checkpointId, streams);
        }
        checkpoint.attach(this);
    }

    private void checkNew(final StreamStateHandle stream, final long checkpointId)
    {
        if (!(stream instanceof FileStateHandle))
        {
            return;
        }
        final Path file = ((FileStateHandle)stream).getFilePath();
        final Path checkpointsDirectory = sharedStateDirectory.getParent();
        if (checkpointsDirectory != null && file.startsWith(checkpointsDirectory) && !file.startsWith(
            sharedStateDirectory) && file.getNameCount() > checkpointsDirectory.getNameCount() + 1 &&
            file.getName(checkpointsDirectory.getNameCount()).toString().startsWith(CHECKPOINT_DIRECTORY_PREFIX))
        {
            throw new IllegalStateException("stream=" + file + " of checkpoint " + checkpointId + "; expected a " +
                "shared stream (CheckpointedStateScope.SHARED, in " + sharedStateDirectory + "), not one in a " +
                "checkpoint's own directory, which is deleted with that checkpoint");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS))
        {
            throw new IllegalStateException("stream=" + file + " of checkpoint " + checkpointId + " does not exist; " +
                "expected a durable stream (if a retained checkpoint wrote it, it was deleted: the backend's " +
                "baseline is stale)");
        }
    }

    /**
     * Drops the references of a registered checkpoint, once. A stream left without references is deleted by the
     * next {@link #cleanup()}, unless referenced again before.
     *
     * @param checkpoint a checkpoint.
     * @return true if it was registered (and is not any more); false if it was not.
     */
    public boolean unregisterCheckpoint(final CompletedCheckpoint checkpoint)
    {
        if (checkpoint == null)
        {
            throw new IllegalArgumentException("checkpoint=null; expected a completed checkpoint");
        }
        synchronized (lock)
        {
            final List<StreamStateHandle> streams = references.remove(checkpoint.getCheckpointId());
            if (streams == null)
            {
                return false;
            }
            for (final StreamStateHandle stream : streams)
            {
                final Entry entry = entries.get(stream);
                assert entry != null && entry.count > 0 && !entry.deleted : "a referenced stream is live: " + stream;
                if (--entry.count == 0)
                {
                    unreferenced.add(entry);
                }
            }
            return true;
        }
    }

    /**
     * Deletes the streams no retained checkpoint references: those inside the shared directory are marked deleted
     * and their files deleted; the others are forgotten. A file that cannot be deleted stays marked and is tried
     * again by the next cleanup. Runs on the caller's thread (the coordinator calls it on its I/O executor).
     *
     * @return how many files were deleted.
     */
    public int cleanup()
    {
        final List<Entry> doomed = new ArrayList<>();
        synchronized (lock)
        {
            for (final Entry entry : unreferenced)
            {
                if (isInSharedDirectory(entry.stream))
                {
                    entry.deleted = true;
                    doomed.add(entry);
                }
                else
                {
                    entries.remove(entry.stream);
                }
            }
            unreferenced.clear();
            doomed.addAll(failedDeletes);
            failedDeletes.clear();
        }
        int deleted = 0;
        for (final Entry entry : doomed)
        {
            boolean gone = false;
            try
            {
                entry.stream.discardState();
                gone = true;
                deleted++;
            }
            catch (final IOException ex)
            {
                // kept marked: no registration may reference it, and the next cleanup tries again
            }
            synchronized (lock)
            {
                if (gone)
                {
                    entries.remove(entry.stream, entry);
                }
                else
                {
                    failedDeletes.add(entry);
                }
            }
        }
        return deleted;
    }

    /**
     * @param stream a stream.
     * @return how many registered checkpoints reference it; 0 if none, or if it is deleted.
     */
    public int getReferenceCount(final StreamStateHandle stream)
    {
        synchronized (lock)
        {
            final Entry entry = entries.get(stream);
            return entry == null || entry.deleted ? 0 : entry.count;
        }
    }

    /**
     * @param stream a stream.
     * @return true if the registry holds it: it is referenced, awaits the next cleanup, or is being deleted. Only
     * the registry deletes such a stream.
     */
    public boolean holds(final StreamStateHandle stream)
    {
        synchronized (lock)
        {
            return entries.containsKey(stream);
        }
    }

    /** @return every stream not deleted, with its reference count (0 if it awaits the next cleanup); a copy. */
    public Map<StreamStateHandle, Integer> getReferenceCounts()
    {
        synchronized (lock)
        {
            final Map<StreamStateHandle, Integer> counts = new HashMap<>();
            for (final Entry entry : entries.values())
            {
                if (!entry.deleted)
                {
                    counts.put(entry.stream, entry.count);
                }
            }
            return counts;
        }
    }

    /** @return the ids of the registered checkpoints, ascending; a copy. */
    public SortedSet<Long> getRegisteredCheckpointIds()
    {
        synchronized (lock)
        {
            return new TreeSet<>(references.keySet());
        }
    }

    /** @return the job's shared directory, absolute: the only place whose files the registry deletes. */
    public Path getSharedStateDirectory()
    {
        return sharedStateDirectory;
    }

    @Override
    public String toString()
    {
        synchronized (lock)
        {
            return "SharedStateRegistry{sharedStateDirectory=" + sharedStateDirectory + ", checkpoints=" +
                references.keySet() + ", streams=" + entries.size() + ", unreferenced=" + unreferenced.size() + "}";
        }
    }

    /**
     * @param taskStates a checkpoint's subtask states.
     * @return every shared stream their shared-state handles list, each once, in order.
     */
    static List<StreamStateHandle> sharedStreams(final List<TaskStateSnapshot> taskStates)
    {
        final Set<StreamStateHandle> streams = new LinkedHashSet<>();
        for (final TaskStateSnapshot state : taskStates)
        {
            for (final KeyedStateHandle handle : state.getKeyedState())
            {
                if (handle instanceof SharedStateHandle)
                {
                    streams.addAll(((SharedStateHandle)handle).getSharedStreams());
                }
            }
        }
        return List.copyOf(streams);
    }

    private boolean isInSharedDirectory(final StreamStateHandle stream)
    {
        if (!(stream instanceof FileStateHandle))
        {
            return false;
        }
        final Path file = ((FileStateHandle)stream).getFilePath();
        return file.startsWith(sharedStateDirectory) && !file.equals(sharedStateDirectory);
    }

    /** One stream's count, guarded by the registry's lock. */
    private static final class Entry
    {
        private final StreamStateHandle stream;
        private int count;
        private boolean deleted;
        private long lastCheckpointId = -1;

        Entry(final StreamStateHandle stream)
        {
            this.stream = stream;
        }
    }
}

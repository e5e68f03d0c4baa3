package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.snapshot.CheckpointMetaData;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CheckpointStateOutputStream;
import io.cairn.snapshot.CheckpointStreamFactory;
import io.cairn.snapshot.CheckpointedStateScope;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * A subtask for coordinator tests. It records what the coordinator asks of it (triggers, completion and abort
 * notifications, restores), writes a small checksummed state file wherever a triggered checkpoint tells it to, and
 * checks the CRC32C of every file it is restored from, so a damaged file fails the restore as a real backend's
 * would. It never answers by itself: the test acknowledges or declines, and so decides the order.
 */
final class FakeParticipant implements CheckpointParticipant
{
    private static final int CRC_LENGTH = Integer.BYTES;

    private final int subtaskIndex;
    private final KeyGroupRange keyGroupRange;
    private final Map<Long, Trigger> triggers = new ConcurrentHashMap<>();
    private final List<Long> triggered = new CopyOnWriteArrayList<>();
    private final List<Long> completed = new CopyOnWriteArrayList<>();
    private final List<Long> aborted = new CopyOnWriteArrayList<>();
    private final List<Restore> restores = new CopyOnWriteArrayList<>();
    private final AtomicLong writes = new AtomicLong();

    /**
     * @param subtaskIndex   the subtask.
     * @param parallelism    how many subtasks there are.
     * @param maxParallelism the job's number of key groups.
     */
    FakeParticipant(final int subtaskIndex, final int parallelism, final int maxParallelism)
    {
        this.subtaskIndex = subtaskIndex;
        this.keyGroupRange =
            KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtaskIndex);
    }

    /**
     * @param parallelism    how many.
     * @param maxParallelism the job's number of key groups.
     * @return participants 0..parallelism-1.
     */
    static List<FakeParticipant> create(final int parallelism, final int maxParallelism)
    {
        final List<FakeParticipant> participants = new ArrayList<>(parallelism);
        for (int i = 0; i < parallelism; i++)
        {
            participants.add(new FakeParticipant(i, parallelism, maxParallelism));
        }
        return participants;
    }

    @Override
    public int getSubtaskIndex()
    {
        return subtaskIndex;
    }

    /** @return the key groups this subtask owns. */
    KeyGroupRange keyGroupRange()
    {
        return keyGroupRange;
    }

    @Override
    public void triggerCheckpoint(
        final CheckpointMetaData metaData, final CheckpointOptions options, final CheckpointStreamFactory streamFactory)
    {
        triggers.put(metaData.getCheckpointId(), new Trigger(metaData, options, streamFactory));
        triggered.add(metaData.getCheckpointId());
    }

    @Override
    public void notifyCheckpointComplete(final long checkpointId)
    {
        completed.add(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(final long checkpointId)
    {
        aborted.add(checkpointId);
    }

    @Override
    public void restoreState(
        final long checkpointId,
        final KeyGroupRange range,
        final List<KeyedStateHandle> keyedState,
        final List<OperatorStateHandle> operatorState) throws IOException
    {
        for (final KeyedStateHandle handle : keyedState)
        {
            verify(((KeyGroupsStateHandle)handle).getDelegate());
        }
        restores.add(new Restore(checkpointId, range, List.copyOf(keyedState), List.copyOf(operatorState)));
    }

    /**
     * Writes this subtask's state for a triggered checkpoint as one exclusive file in the checkpoint's location.
     *
     * @param checkpointId a checkpoint this participant was triggered for.
     * @return the state to acknowledge with.
     */
    TaskStateSnapshot writeState(final long checkpointId)
    {
        return writeState(checkpointId, CheckpointedStateScope.EXCLUSIVE);
    }

    /**
     * Writes this subtask's state for a triggered checkpoint as one file of the given scope.
     *
     * @param checkpointId a checkpoint this participant was triggered for.
     * @param scope        exclusive (the checkpoint's directory) or shared (the job's shared directory).
     * @return the state to acknowledge with; every call writes a new file, so two calls give unequal states.
     */
    TaskStateSnapshot writeState(final long checkpointId, final CheckpointedStateScope scope)
    {
        final Trigger trigger = triggers.get(checkpointId);
        if (trigger == null)
        {
            throw new IllegalStateException("subtask " + subtaskIndex + " was never triggered for checkpoint " +
                checkpointId + "; triggered=" + triggered);
        }
        final byte[] payload = ("subtask=" + subtaskIndex + " checkpoint=" + checkpointId + " write=" +
            writes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
        try (CheckpointStateOutputStream out = trigger.streamFactory().createCheckpointStateOutputStream(scope))
        {
            out.write(withCrc(payload));
            final StreamStateHandle handle = out.closeAndGetHandle();
            return new TaskStateSnapshot(List.of(new KeyGroupsStateHandle(keyGroupRange, handle)), List.of());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("subtask " + subtaskIndex + " could not write checkpoint " +
                checkpointId + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Writes state for a checkpoint and wraps it in an acknowledgement.
     *
     * @param checkpointId a checkpoint this participant was triggered for.
     * @return the acknowledgement.
     */
    AcknowledgeCheckpoint acknowledgement(final long checkpointId)
    {
        return new AcknowledgeCheckpoint(
            checkpointId, subtaskIndex, writeState(checkpointId), CheckpointMetrics.none());
    }

    /**
     * @param checkpointId a checkpoint id.
     * @return what the coordinator passed when it triggered that checkpoint, or null if it did not.
     */
    Trigger trigger(final long checkpointId)
    {
        return triggers.get(checkpointId);
    }

    /** @return the ids of the checkpoints triggered, in order. */
    List<Long> triggered()
    {
        return List.copyOf(triggered);
    }

    /** @return the ids of the completion notifications, in order. */
    List<Long> completed()
    {
        return List.copyOf(completed);
    }

    /** @return the ids of the abort notifications, in order. */
    List<Long> aborted()
    {
        return List.copyOf(aborted);
    }

    /** @return the restores, in order. */
    List<Restore> restores()
    {
        return List.copyOf(restores);
    }

    /**
     * @param handle a handle of a file this class wrote.
     * @throws CorruptedStateException naming the file if its CRC32C does not match its bytes.
     * @throws IOException             if it cannot be read.
     */
    static void verify(final StreamStateHandle handle) throws IOException
    {
        final Path file = ((FileStateHandle)handle).getFilePath();
        final byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < CRC_LENGTH)
        {
            throw new CorruptedStateException(file.toString(), 0, "truncated: " + bytes.length + " bytes");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - CRC_LENGTH);
        final int stored = ByteBuffer.wrap(bytes, bytes.length - CRC_LENGTH, CRC_LENGTH).getInt();
        if (stored != (int)crc.getValue())
        {
            throw new CorruptedStateException(file.toString(), bytes.length - CRC_LENGTH,
                "CRC32C=" + Integer.toHexString((int)crc.getValue()) + "; expected the stored " +
                Integer.toHexString(stored));
        }
    }

    private static byte[] withCrc(final byte[] payload)
    {
        final CRC32C crc = new CRC32C();
        crc.update(payload);
        return ByteBuffer.allocate(payload.length + CRC_LENGTH).put(payload).putInt((int)crc.getValue()).array();
    }

    @Override
    public String toString()
    {
        return "FakeParticipant{subtask=" + subtaskIndex + "}";
    }

    /**
     * What the coordinator passed when it triggered a checkpoint.
     *
     * @param metaData      the checkpoint's id and trigger time.
     * @param options       checkpoint or savepoint.
     * @param streamFactory where the state goes (the checkpoint's storage location).
     */
    record Trigger(CheckpointMetaData metaData, CheckpointOptions options, CheckpointStreamFactory streamFactory)
    {
    }

    /**
     * A restore the coordinator asked for.
     *
     * @param checkpointId  the checkpoint restored.
     * @param range         the key groups assigned.
     * @param keyedState    the keyed handles assigned.
     * @param operatorState the operator handles assigned.
     */
    record Restore(
        long checkpointId,
        KeyGroupRange range,
        List<KeyedStateHandle> keyedState,
        List<OperatorStateHandle> operatorState)
    {
    }
}

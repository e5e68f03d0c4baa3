package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.keygroup.KeyGroupRangeAssignment;
import io.cairn.operator.OperatorStateRedistributor;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;

/**
 * Assigns a completed checkpoint's state to the subtasks of a (possibly different) parallelism: each new subtask
 * gets the keyed handles that intersect its key groups, narrowed to them, so it reads only what it owns, and its
 * share of the operator state ({@link OperatorStateRedistributor}).
 */
final class StateAssignment
{
    private static final String CHECKPOINT_DIRECTORY_PREFIX = "chk-";
    private static final String SAVEPOINT_RECORD_PREFIX = "savepoint-";
    private static final String SAVEPOINT_RECORD_SUFFIX = ".pointer";

    private StateAssignment()
    {
    }

    static boolean restoreLatest(
        final CompletedCheckpointStore store,
        final List<? extends CheckpointParticipant> participants,
        final List<MasterTriggerRestoreHook> masterHooks,
        final int maxParallelism,
        final boolean errorIfNoCheckpoint,
        final RecoveryMode recoveryMode,
        final String jobId)
    {
        if (participants == null || participants.isEmpty())
        {
            throw new IllegalArgumentException("participants=" + participants + "; expected at least one subtask");
        }
        for (int i = 0; i < participants.size(); i++)
        {
            if (participants.get(i).getSubtaskIndex() != i)
            {
                throw new IllegalArgumentException("participants[" + i + "].subtaskIndex=" +
                    participants.get(i).getSubtaskIndex() + "; expected participants ordered by subtask index");
            }
        }
        final List<CompletedCheckpoint> candidates = store.getAllCheckpoints();
        if (candidates.isEmpty())
        {
            if (errorIfNoCheckpoint)
            {
                throw new IllegalStateException("job " + jobId + " has no completed checkpoint to restore");
            }
            return false;
        }
        Exception first = null;
        for (int i = candidates.size() - 1; i >= 0; i--)
        {
            final CompletedCheckpoint checkpoint = candidates.get(i);
            try
            {
                restore(checkpoint, participants, masterHooks, maxParallelism);
                return true;
            }
            catch (final Exception ex)
            {
                final IllegalStateException failure = new IllegalStateException("cannot restore checkpoint " +
                    checkpoint.getCheckpointId() + " of job " + jobId + " at " + checkpoint.getExternalPointer() +
                    ": " + ex.getMessage(), ex);
                if (first != null)
                {
                    failure.addSuppressed(first);
                }
                if (recoveryMode == RecoveryMode.STRICT || i == 0)
                {
                    throw failure;
                }
                first = failure;
            }
        }
        throw new AssertionError("unreachable");
    }

    static void restore(
        final CompletedCheckpoint checkpoint,
        final List<? extends CheckpointParticipant> participants,
        final List<MasterTriggerRestoreHook> masterHooks,
        final int maxParallelism) throws Exception
    {
        final int parallelism = participants.size();
        KeyGroupRangeAssignment.checkParallelism(maxParallelism, parallelism);
        final List<KeyedStateHandle> keyed = new ArrayList<>();
        final List<List<OperatorStateHandle>> operatorBySubtask = new ArrayList<>();
        boolean anyOperatorState = false;
        for (final TaskStateSnapshot state : checkpoint.getTaskStates())
        {
            keyed.addAll(state.getKeyedState());
            operatorBySubtask.add(state.getOperatorState());
            anyOperatorState |= !state.getOperatorState().isEmpty();
        }
        final List<List<OperatorStateHandle>> operator = anyOperatorState ?
            OperatorStateRedistributor.redistribute(operatorBySubtask, parallelism) : null;
        for (int i = 0; i < parallelism; i++)
        {
            final KeyGroupRange range =
                KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, i);
            final List<KeyedStateHandle> owned = new ArrayList<>();
            for (final KeyedStateHandle handle : keyed)
            {
                final KeyedStateHandle intersection = handle.getIntersection(range);
                if (intersection != null)
                {
                    owned.add(intersection);
                }
            }
            participants.get(i).restoreState(
                checkpoint.getCheckpointId(), range, owned, operator == null ? List.of() : operator.get(i));
        }
        for (final MasterTriggerRestoreHook hook : masterHooks)
        {
            byte[] state = null;
            for (final MasterState masterState : checkpoint.getMasterHookStates())
            {
                if (masterState.name().equals(hook.getIdentifier()))
                {
                    state = masterState.bytes();
                }
            }
            hook.restoreCheckpoint(checkpoint.getCheckpointId(), state);
        }
    }

    /**
     * @return the highest checkpoint id used under {@code checkpointsDirectory}: of a {@code chk-<id>} directory or
     * of a savepoint recorded by {@link #recordSavepoint}; 0 if none.
     */
    static long highestIdOnDisk(final Path checkpointsDirectory)
    {
        long highest = 0;
        if (!Files.isDirectory(checkpointsDirectory))
        {
            return 0;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(checkpointsDirectory))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                String digits = null;
                if (name.startsWith(CHECKPOINT_DIRECTORY_PREFIX))
                {
                    digits = name.substring(CHECKPOINT_DIRECTORY_PREFIX.length());
                }
                else if (name.startsWith(SAVEPOINT_RECORD_PREFIX) && name.endsWith(SAVEPOINT_RECORD_SUFFIX))
                {
                    digits = name.substring(
                        SAVEPOINT_RECORD_PREFIX.length(), name.length() - SAVEPOINT_RECORD_SUFFIX.length());
                }
                if (digits != null)
                {
                    try
                    {
                        highest = Math.max(highest, Long.parseLong(digits));
                    }
                    catch (final NumberFormatException ignored)
                    {
                        // not ours
                    }
                }
            }
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot list " + checkpointsDirectory, ex);
        }
        return highest;
    }

    /**
     * Notes a savepoint in the job's checkpoint directory ({@code savepoint-<id>.pointer}, holding its directory):
     * savepoints live elsewhere, and a restarted coordinator must not hand out their ids again.
     */
    static void recordSavepoint(final Path checkpointsDirectory, final long checkpointId, final String pointer)
    {
        final Path record = checkpointsDirectory.resolve(
            SAVEPOINT_RECORD_PREFIX + checkpointId + SAVEPOINT_RECORD_SUFFIX);
        try
        {
            Files.writeString(record, pointer + System.lineSeparator());
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException("cannot record savepoint " + checkpointId + " in " + record, ex);
        }
    }
}

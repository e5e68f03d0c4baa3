package io.cairn.checkpoint;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A master hook whose state is {@code "<identifier>@<checkpoint id>"} (or nothing, if it is told to store nothing),
 * recording every trigger and restore.
 */
final class RecordingMasterHook implements MasterTriggerRestoreHook
{
    private final String identifier;
    private final boolean storesState;
    private final List<Long> triggered = new CopyOnWriteArrayList<>();
    private final List<Restored> restored = new CopyOnWriteArrayList<>();

    /**
     * @param identifier  the hook's name.
     * @param storesState false to return null (no state) from every trigger.
     */
    RecordingMasterHook(final String identifier, final boolean storesState)
    {
        this.identifier = identifier;
        this.storesState = storesState;
    }

    /**
     * @param identifier   a hook's name.
     * @param checkpointId a checkpoint.
     * @return the bytes such a hook stores for that checkpoint.
     */
    static byte[] stateOf(final String identifier, final long checkpointId)
    {
        return (identifier + "@" + checkpointId).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String getIdentifier()
    {
        return identifier;
    }

    @Override
    public CompletableFuture<byte[]> triggerCheckpoint(final long checkpointId, final long timestamp)
    {
        triggered.add(checkpointId);
        return CompletableFuture.completedFuture(storesState ? stateOf(identifier, checkpointId) : null);
    }

    @Override
    public void restoreCheckpoint(final long checkpointId, final byte[] state)
    {
        restored.add(new Restored(checkpointId, state == null ? null : state.clone()));
    }

    /** @return the ids of the checkpoints it was triggered for. */
    List<Long> triggered()
    {
        return List.copyOf(triggered);
    }

    /** @return what it was restored with, in order. */
    List<Restored> restored()
    {
        return List.copyOf(restored);
    }

    /**
     * One restore.
     *
     * @param checkpointId the checkpoint restored.
     * @param state        the bytes handed back, or null.
     */
    record Restored(long checkpointId, byte[] state)
    {
    }
}

package io.cairn.checkpoint;

import java.util.concurrent.CompletableFuture;

/**
 * State outside the subtasks that belongs in every checkpoint, such as a source's read positions held by the
 * host: the coordinator asks the hook for it when it triggers a checkpoint, stores it with the checkpoint's
 * metadata, and hands it back on restore.
 */
public interface MasterTriggerRestoreHook
{
    /** @return a name unique among the coordinator's hooks; it keys the stored state. */
    String getIdentifier();

    /**
     * Called when checkpoint {@code checkpointId} is triggered, before the subtasks are.
     *
     * @param checkpointId the checkpoint.
     * @param timestamp    when it was triggered.
     * @return the state's bytes, or null for none; a failed future declines the checkpoint.
     */
    CompletableFuture<byte[]> triggerCheckpoint(long checkpointId, long timestamp);

    /**
     * Called on restore with what the hook stored in the checkpoint restored, or null if it stored nothing.
     *
     * @param checkpointId the checkpoint restored.
     * @param state        the bytes the hook returned for it, or null.
     * @throws Exception if restoring fails; the restore fails with it.
     */
    void restoreCheckpoint(long checkpointId, byte[] state) throws Exception;
}

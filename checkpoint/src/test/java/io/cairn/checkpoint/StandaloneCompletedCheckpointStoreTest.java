package io.cairn.checkpoint;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StandaloneCompletedCheckpointStoreTest extends AbstractCompletedCheckpointStoreTest
{
    @Override
    CompletedCheckpointStore createStore(final int maxRetained)
    {
        return new StandaloneCompletedCheckpointStore(maxRetained);
    }

    @Test
    void shouldRefuseToRetainNothing()
    {
        assertThrows(IllegalArgumentException.class, () -> new StandaloneCompletedCheckpointStore(0));
    }
}

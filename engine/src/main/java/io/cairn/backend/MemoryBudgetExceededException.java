package io.cairn.backend;

/**
 * A write needed more memory than the backend's budget allows. The write did not happen: the state is exactly as
 * it was before it.
 */
public final class MemoryBudgetExceededException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long budgetBytes;
    private final long usedBytes;
    private final long requestedBytes;

    /**
     * @param budgetBytes    the configured budget.
     * @param usedBytes      what the backend held when the write was refused.
     * @param requestedBytes what the write asked for on top of it.
     */
    public MemoryBudgetExceededException(final long budgetBytes, final long usedBytes, final long requestedBytes)
    {
        super("memory budget exceeded: memoryBudgetBytes=" + budgetBytes + ", usedBytes=" + usedBytes +
            ", requestedBytes=" + requestedBytes +
            "; the write was not applied (raise the budget, or keep less state)");
        this.budgetBytes = budgetBytes;
        this.usedBytes = usedBytes;
        this.requestedBytes = requestedBytes;
    }

    /** @return the configured budget in bytes. */
    public long getBudgetBytes()
    {
        return budgetBytes;
    }

    /** @return the bytes held when the write was refused. */
    public long getUsedBytes()
    {
        return usedBytes;
    }

    /** @return the bytes the refused write asked for. */
    public long getRequestedBytes()
    {
        return requestedBytes;
    }
}

package io.cairn.snapshot;

/**
 * How operator state is handed from old subtasks to new ones when the parallelism changes. The mode of each state
 * is recorded in its stream as one byte, {@link #code()}.
 */
public enum OperatorStateMode
{
    /**
     * Split list state: the elements of all old subtasks, in the order of the old subtasks, are dealt to the new
     * subtasks in contiguous runs of even length (the first runs one longer when they do not divide).
     */
    SPLIT_DISTRIBUTE((byte)0),
    /** Union list state: every new subtask gets the elements of all old subtasks. */
    UNION((byte)1),
    /** Broadcast state: new subtask {@code i} gets the map of old subtask {@code i % oldParallelism}, whole. */
    BROADCAST((byte)2);

    private static final OperatorStateMode[] BY_CODE = values();

    private final byte code;

    OperatorStateMode(final byte code)
    {
        this.code = code;
    }

    /** @return the byte that stands for this mode in a stream's meta. */
    public byte code()
    {
        return code;
    }

    /**
     * @param code a mode byte read from a stream.
     * @return its mode, or null if no mode has that byte.
     */
    public static OperatorStateMode fromCode(final byte code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}

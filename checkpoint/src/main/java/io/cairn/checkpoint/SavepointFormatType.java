package io.cairn.checkpoint;

/** The format a savepoint is written in. */
public enum SavepointFormatType
{
    /** The state stream format of {@code docs/format.md}, which every backend reads: portable across backends. */
    CANONICAL,
    /**
     * The backend's own format. Every Cairn backend's own snapshot format is the canonical one, so this writes
     * the same savepoint as {@link #CANONICAL}.
     */
    NATIVE
}

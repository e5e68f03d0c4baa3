package io.cairn.checkpoint;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a {@link MasterTriggerRestoreHook} stored with a checkpoint: its name and opaque bytes. Immutable.
 */
public final class MasterState
{
    private final String name;
    private final byte[] bytes;

    /**
     * @param name  the hook's identifier.
     * @param bytes its state (copied).
     */
    public MasterState(final String name, final byte[] bytes)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** @return the hook's identifier. */
    public String name()
    {
        return name;
    }

    /** @return a copy of the state's bytes. */
    public byte[] bytes()
    {
        return bytes.clone();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof MasterState && name.equals(((MasterState)o).name) &&
            Arrays.equals(bytes, ((MasterState)o).bytes);
    }

    @Override
    public int hashCode()
    {
        return name.hashCode() * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString()
    {
        return "MasterState{name=" + name + ", bytes=" + bytes.length + "}";
    }
}

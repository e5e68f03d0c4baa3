package io.cairn.operator;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.format.StateMetaInfo;
import io.cairn.snapshot.OperatorStateMode;

/**
 * One operator state of a backend: its name, its mode, what a stream records of it, and its content, which is the
 * restored bytes until a descriptor claims the state and the live state object afterwards.
 */
final class RegisteredOperatorState
{
    private final OperatorStateMode mode;
    private final StateMetaInfo meta;
    private OperatorStateContent content;

    RegisteredOperatorState(final OperatorStateMode mode, final StateMetaInfo meta, final OperatorStateContent content)
    {
        this.mode = mode;
        this.meta = meta;
        this.content = content;
    }

    String name()
    {
        return meta.name();
    }

    OperatorStateMode mode()
    {
        return mode;
    }

    StateMetaInfo meta()
    {
        return meta;
    }

    OperatorStateContent content()
    {
        return content;
    }

    /** @return true while the state holds the bytes it was restored from, unclaimed by any descriptor. */
    boolean isRestoredBytes()
    {
        return content instanceof EncodedState;
    }

    /** Replaces the restored bytes with the live state object that decoded them. */
    void claim(final OperatorStateContent live)
    {
        assert isRestoredBytes() : "state " + name() + " is already claimed";
        content = live;
    }

    /**
     * @param askedMode the mode the state is asked for with.
     * @param askedMeta what the asking descriptor records.
     * @throws IncompatibleStateException if either differs from what the state was registered or restored with.
     */
    void checkCompatible(final OperatorStateMode askedMode, final StateMetaInfo askedMeta)
    {
        if (askedMode != mode || !askedMeta.equals(meta))
        {
            final String how = isRestoredBytes() ? "was restored" : "is registered";
            throw new IncompatibleStateException("state \"" + name() + "\": asked for as mode=" + askedMode +
                ", type=" + askedMeta.type() + ", codecs=" + askedMeta.codecs() + " but it " + how + " as mode=" +
                mode + ", type=" + meta.type() + ", codecs=" + meta.codecs() +
                "; expected the same mode, kind and codecs for one state name");
        }
    }
}

package io.cairn.codec;

/**
 * The namespace of state that has none: the default. It encodes to zero bytes ({@link VoidNamespaceCodec}).
 */
public final class VoidNamespace
{
    /** The single instance. */
    public static final VoidNamespace INSTANCE = new VoidNamespace();

    private VoidNamespace()
    {
    }

    @Override
    public String toString()
    {
        return "VoidNamespace";
    }
}

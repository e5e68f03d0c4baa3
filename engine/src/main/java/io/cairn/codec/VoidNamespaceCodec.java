package io.cairn.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** The codec of {@link VoidNamespace}: zero bytes. */
public final class VoidNamespaceCodec implements Codec<VoidNamespace>
{
    /** The single instance. */
    public static final VoidNamespaceCodec INSTANCE = new VoidNamespaceCodec();

    private VoidNamespaceCodec()
    {
    }

    @Override
    public int fixedLength()
    {
        return 0;
    }

    @Override
    public int encodedLength(final VoidNamespace value)
    {
        return 0;
    }

    @Override
    public int encode(final VoidNamespace value, final MutableDirectBuffer buffer, final int offset)
    {
        return 0;
    }

    @Override
    public VoidNamespace decode(final DirectBuffer buffer, final int offset, final int length)
    {
        return VoidNamespace.INSTANCE;
    }

    @Override
    public String codecId()
    {
        return "cairn.void";
    }
}

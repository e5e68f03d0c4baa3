package io.cairn.backend;

import io.cairn.codec.Codec;
import io.cairn.format.StateMetaInfo;
import io.cairn.state.StateDescriptor;

/**
 * The checks every backend's {@link KeyedStateBackend#createState} makes, in one place, so every backend refuses
 * the same requests with the same messages.
 */
public final class StateCompatibility
{
    private StateCompatibility()
    {
    }

    /**
     * @param descriptor     the requested state.
     * @param namespaceCodec its namespace codec.
     * @throws IllegalArgumentException if either is null.
     */
    public static void checkArguments(final StateDescriptor<?> descriptor, final Codec<?> namespaceCodec)
    {
        if (descriptor == null)
        {
            throw new IllegalArgumentException("descriptor=null; expected a state descriptor");
        }
        if (namespaceCodec == null)
        {
            throw new IllegalArgumentException("namespaceCodec=null; expected a namespace codec");
        }
    }

    /**
     * @param registered     the state already registered under the requested name.
     * @param descriptor     the requested state.
     * @param namespaceCodec its namespace codec.
     * @throws IncompatibleStateException if the request differs in kind, codec or namespace codec.
     */
    public static void checkRegistered(
        final InternalKvState<?, ?> registered, final StateDescriptor<?> descriptor, final Codec<?> namespaceCodec)
    {
        if (!registered.getDescriptor().isCompatibleWith(descriptor) ||
            !registered.getNamespaceCodec().codecId().equals(namespaceCodec.codecId()))
        {
            throw new IncompatibleStateException("state \"" + descriptor.getName() + "\" is registered as " +
                registered.getDescriptor() + " with namespaceCodec=" + registered.getNamespaceCodec().codecId() +
                "; requested " + descriptor + " with namespaceCodec=" + namespaceCodec.codecId());
        }
    }

    /**
     * @param restored       what a snapshot recorded of the state restored under the requested name.
     * @param descriptor     the requested state.
     * @param namespaceCodec its namespace codec.
     * @throws IncompatibleStateException if the request does not read what was written.
     */
    public static void checkRestored(
        final StateMetaInfo restored, final StateDescriptor<?> descriptor, final Codec<?> namespaceCodec)
    {
        final String mismatch = restored.mismatch(descriptor, namespaceCodec);
        if (mismatch != null)
        {
            throw new IncompatibleStateException("state \"" + descriptor.getName() + "\" was restored from a " +
                "snapshot as " + restored + "; requested " + mismatch);
        }
    }
}

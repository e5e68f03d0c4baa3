package io.cairn.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cairn.codec.Codec;
import io.cairn.state.StateDescriptor;
import io.cairn.state.StateType;

/**
 * What a stream records of one state: name, kind, value codecs (for a map: key, then value) and namespace codec.
 * A state restored from a stream keeps this until a descriptor claims it, and the descriptor must match it.
 */
public final class StateMetaInfo
{
    private final String name;
    private final StateType type;
    private final List<CodecInfo> codecs;
    private final CodecInfo namespaceCodec;

    /**
     * @param name           the state's name.
     * @param type           its kind.
     * @param codecs         its value codecs, in descriptor order.
     * @param namespaceCodec its namespace codec.
     */
    public StateMetaInfo(
        final String name, final StateType type, final List<CodecInfo> codecs, final CodecInfo namespaceCodec)
    {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.codecs = List.copyOf(codecs);
        this.namespaceCodec = Objects.requireNonNull(namespaceCodec, "namespaceCodec");
    }

    /**
     * @param descriptor     a state's descriptor.
     * @param namespaceCodec its namespace codec.
     * @return what a stream records of the state.
     */
    public static StateMetaInfo of(final StateDescriptor<?> descriptor, final Codec<?> namespaceCodec)
    {
        final List<CodecInfo> codecs = new ArrayList<>();
        for (final Codec<?> codec : descriptor.getCodecs())
        {
            codecs.add(CodecInfo.of(codec));
        }
        return new StateMetaInfo(descriptor.getName(), descriptor.getType(), codecs, CodecInfo.of(namespaceCodec));
    }

    /** @return the state's name. */
    public String name()
    {
        return name;
    }

    /** @return its kind. */
    public StateType type()
    {
        return type;
    }

    /** @return its value codecs. */
    public List<CodecInfo> codecs()
    {
        return codecs;
    }

    /** @return its namespace codec. */
    public CodecInfo namespaceCodec()
    {
        return namespaceCodec;
    }

    /**
     * @param descriptor     a descriptor claiming this state.
     * @param namespaceCodec with this namespace codec.
     * @return null if they match what was written, else what differs, for an error message.
     */
    public String mismatch(final StateDescriptor<?> descriptor, final Codec<?> namespaceCodec)
    {
        final StateMetaInfo other = of(descriptor, namespaceCodec);
        if (type != other.type)
        {
            return "type=" + other.type + " but the state was written as type=" + type;
        }
        if (!codecs.equals(other.codecs))
        {
            return "codecs=" + other.codecs + " but the state was written with codecs=" + codecs;
        }
        if (!this.namespaceCodec.equals(other.namespaceCodec))
        {
            return "namespaceCodec=" + other.namespaceCodec + " but the state was written with namespaceCodec=" +
                this.namespaceCodec;
        }
        return null;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof StateMetaInfo))
        {
            return false;
        }
        final StateMetaInfo that = (StateMetaInfo)o;
        return name.equals(that.name) && type == that.type && codecs.equals(that.codecs) &&
            namespaceCodec.equals(that.namespaceCodec);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(name, type, codecs, namespaceCodec);
    }

    @Override
    public String toString()
    {
        return "StateMetaInfo{name=" + name + ", type=" + type + ", codecs=" + codecs + ", namespaceCodec=" +
            namespaceCodec + "}";
    }
}

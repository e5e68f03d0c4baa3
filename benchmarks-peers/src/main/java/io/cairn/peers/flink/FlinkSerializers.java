package io.cairn.peers.flink;

import io.cairn.codec.Codec;
import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespaceCodec;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;

/**
 * Which Flink serializer stands for a Cairn codec. A Cairn codec only names the Java type here: the peer stores
 * values with Flink's own serializer, as a Flink job would.
 */
final class FlinkSerializers
{
    private FlinkSerializers()
    {
    }

    /**
     * @param codec a Cairn codec of keys, values, list elements or map keys and values.
     * @param role  what the codec is for, for the error message, e.g. {@code keyCodec}.
     * @param <T>   the type the codec encodes.
     * @return Flink's serializer of the same type.
     * @throws UnsupportedOperationException if the codec is not one the peer maps.
     */
    @SuppressWarnings("unchecked") // each branch pairs a codec with Flink's serializer of the same Java type
    static <T> TypeSerializer<T> of(final Codec<T> codec, final String role)
    {
        final TypeSerializer<?> serializer;
        if (codec == LongCodec.INSTANCE)
        {
            serializer = LongSerializer.INSTANCE;
        }
        else if (codec == IntCodec.INSTANCE)
        {
            serializer = IntSerializer.INSTANCE;
        }
        else if (codec == StringCodec.INSTANCE)
        {
            serializer = StringSerializer.INSTANCE;
        }
        else
        {
            throw new UnsupportedOperationException(role + "=" + codec.codecId() +
                "; the Flink peer maps only LongCodec, IntCodec and StringCodec to Flink serializers");
        }
        return (TypeSerializer<T>)serializer;
    }

    /**
     * @param namespaceCodec the namespace codec a benchmark asked for.
     * @throws UnsupportedOperationException unless it is {@link VoidNamespaceCodec}: the suites use no namespace.
     */
    static void checkVoidNamespace(final Codec<?> namespaceCodec)
    {
        if (namespaceCodec != VoidNamespaceCodec.INSTANCE)
        {
            throw new UnsupportedOperationException("namespaceCodec=" + namespaceCodec.codecId() +
                "; the Flink peer supports only VoidNamespaceCodec (state without namespaces)");
        }
    }
}

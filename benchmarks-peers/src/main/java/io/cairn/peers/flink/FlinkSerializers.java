package io.cairn.peers.flink;

import io.cairn.codec.ByteArrayCodec;
import io.cairn.codec.Codec;
import io.cairn.codec.IntCodec;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespaceCodec;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.base.IntSerializer;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;

/**
 * Which Flink serializer stands for a Cairn codec. A Cairn codec only names the Java type here: the peer stores
 * values with Flink's own serializer, as a Flink job would.
 *
 * <p>{@code byte[]} keys ({@link ByteArrayCodec}, the rescale benchmark's) work as in Flink's own rescale
 * benchmark: Flink's heap backend hashes and compares them by identity, so a key is found only through the array
 * it was written with, and a caller passes the key group itself ({@code setCurrentKeyAndKeyGroup}).
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
        else if (codec == ByteArrayCodec.INSTANCE)
        {
            serializer = BytePrimitiveArraySerializer.INSTANCE;
        }
        else
        {
            throw new UnsupportedOperationException(role + "=" + codec.codecId() +
                "; the Flink peer maps only LongCodec, IntCodec, StringCodec and ByteArrayCodec to Flink serializers");
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

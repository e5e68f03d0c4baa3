package io.cairn.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * How a key, namespace or value of type {@code T} is written to and read from an Agrona buffer at an offset.
 *
 * <p>A backend writes encoded bytes straight into its own memory and hands the same memory to {@link #decode}:
 * there is no intermediate {@code byte[]}. A codec whose every value encodes to the same number of bytes says
 * so through {@link #fixedLength()}, which lets a backend skip the length prefix and the
 * {@link #encodedLength} call.
 *
 * <p>Contract, for every non-null {@code v}:
 * <ul>
 *     <li>{@code encode(v, buffer, offset)} writes exactly {@code encodedLength(v)} bytes and returns that number;</li>
 *     <li>{@code decode(buffer, offset, encodedLength(v))} returns a value equal to {@code v};</li>
 *     <li>equal values encode to equal bytes (a backend compares keys by their bytes);</li>
 *     <li>if {@code fixedLength() != VARIABLE_LENGTH}, {@code encodedLength(v) == fixedLength()}.</li>
 * </ul>
 * Codecs are stateless and thread-safe; {@code null} is never passed to them.
 *
 * @param <T> the type encoded.
 */
public interface Codec<T>
{
    /** The {@link #fixedLength()} of a codec whose values vary in length. */
    int VARIABLE_LENGTH = -1;

    /**
     * @return the number of bytes every value encodes to, or {@link #VARIABLE_LENGTH}.
     */
    int fixedLength();

    /**
     * @param value a non-null value.
     * @return the number of bytes {@link #encode} will write for it.
     */
    int encodedLength(T value);

    /**
     * Writes {@code value} at {@code offset}.
     *
     * @param value  a non-null value.
     * @param buffer where to write; it has room for {@code encodedLength(value)} bytes at {@code offset}.
     * @param offset where the first byte goes.
     * @return the number of bytes written, {@code encodedLength(value)}.
     */
    int encode(T value, MutableDirectBuffer buffer, int offset);

    /**
     * Reads a value back.
     *
     * @param buffer where the bytes are.
     * @param offset where the first byte is.
     * @param length how many bytes {@link #encode} wrote.
     * @return the decoded value, never null.
     */
    T decode(DirectBuffer buffer, int offset, int length);

    /**
     * The hash code from which a key's key group is computed. It must be the same for equal keys in every JVM.
     * The default, {@code value.hashCode()}, is the one Apache Flink uses, so keys land in the same key group.
     *
     * @param value a non-null key.
     * @return its hash code.
     */
    default int hashCode(final T value)
    {
        return value.hashCode();
    }

    /**
     * A stable name for the encoding, recorded with registered state and in snapshots, so that state written
     * with one codec is never read with another. Two codecs with the same id must read each other's bytes.
     *
     * @return the id; by default the codec's class name.
     */
    default String codecId()
    {
        return getClass().getName();
    }
}

package io.cairn.operator;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cairn.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The elements of one operator state as bytes: what a snapshot captures in its synchronous part and writes in its
 * asynchronous part, and what a restore holds until a descriptor claims the state. An element of a list state is
 * one field; an entry of a broadcast state is two, key then value. All fields sit back to back in one array;
 * {@code ends[f]} is where field {@code f} ends. Immutable, so a snapshot may share it with the backend and with
 * other snapshots.
 */
final class EncodedState implements OperatorStateContent
{
    private static final int[] NO_ENDS = new int[0];

    private final byte[] data;
    private final int[] ends;
    private final int fieldsPerElement;

    private EncodedState(final byte[] data, final int[] ends, final int fieldsPerElement)
    {
        this.data = data;
        this.ends = ends;
        this.fieldsPerElement = fieldsPerElement;
    }

    @Override
    public EncodedState encoded()
    {
        return this;
    }

    /** @return 1 for list elements, 2 for map entries. */
    int fieldsPerElement()
    {
        return fieldsPerElement;
    }

    /** @return the number of elements (list elements or map entries). */
    int elementCount()
    {
        return ends.length / fieldsPerElement;
    }

    /** @return a read-only view of the bytes that the field offsets index; one per caller, not shared. */
    DirectBuffer buffer()
    {
        return new UnsafeBuffer(data);
    }

    /**
     * @param field a field's position: element {@code e}'s fields are {@code e * fieldsPerElement()} on.
     * @return where it starts in {@link #buffer()}.
     */
    int fieldOffset(final int field)
    {
        return field == 0 ? 0 : ends[field - 1];
    }

    /**
     * @param field a field's position.
     * @return its length in bytes.
     */
    int fieldLength(final int field)
    {
        return ends[field] - fieldOffset(field);
    }

    /**
     * @param codec  how the field was encoded.
     * @param buffer {@link #buffer()}.
     * @param field  a field's position.
     * @param <T>   the decoded type.
     * @return the decoded field.
     */
    <T> T decode(final Codec<T> codec, final DirectBuffer buffer, final int field)
    {
        return codec.decode(buffer, fieldOffset(field), fieldLength(field));
    }

    /** Appends fields one by one into a growing array; not thread-safe. */
    static final class Builder
    {
        private final int fieldsPerElement;
        private final ExpandableArrayBuffer bytes;
        private int[] ends;
        private int fieldCount;
        private int length;

        /**
         * @param fieldsPerElement 1 for a list, 2 for a map.
         * @param expectedElements a hint for the first allocation.
         */
        Builder(final int fieldsPerElement, final int expectedElements)
        {
            this.fieldsPerElement = fieldsPerElement;
            final int fields = Math.max(expectedElements, 0) * fieldsPerElement;
            this.ends = fields == 0 ? NO_ENDS : new int[fields];
            this.bytes = new ExpandableArrayBuffer(Math.max(64, Math.min(fields * 8, 1 << 20)));
        }

        /**
         * Encodes one field.
         *
         * @param codec how to encode it.
         * @param value the value, not null.
         * @param <T>   its type.
         */
        <T> void append(final Codec<T> codec, final T value)
        {
            final int expected = codec.encodedLength(value);
            if (expected < 0 || length + expected < 0)
            {
                throw new IllegalStateException("encodedLength=" + expected + " after " + length +
                    " bytes; expected operator state to fit in one array (under 2 GiB)");
            }
            bytes.checkLimit(length + expected);
            final int written = codec.encode(value, bytes, length);
            addField(written);
        }

        /** Copies one field from {@code source}. */
        void append(final DirectBuffer source, final int offset, final int fieldLength)
        {
            bytes.putBytes(length, source, offset, fieldLength);
            addField(fieldLength);
        }

        /** @return the fields appended so far, as they are. */
        EncodedState build()
        {
            assert fieldCount % fieldsPerElement == 0 : "fieldCount=" + fieldCount;
            return new EncodedState(Arrays.copyOf(bytes.byteArray(), length), Arrays.copyOf(ends, fieldCount),
                fieldsPerElement);
        }

        /**
         * Builds map entries with one entry per key: a key put again keeps its first position and takes its last
         * value, as {@link java.util.LinkedHashMap#put} does. Keys compare by their bytes, which the codec contract
         * makes equal for equal keys.
         *
         * @return the entries, one per key.
         */
        EncodedState buildLastValuePerKey()
        {
            assert fieldsPerElement == 2 : "fieldsPerElement=" + fieldsPerElement;
            final byte[] array = bytes.byteArray();
            final Map<ByteBuffer, Integer> lastValueByKey = new LinkedHashMap<>();
            for (int field = 0; field < fieldCount; field += 2)
            {
                final int keyOffset = field == 0 ? 0 : ends[field - 1];
                lastValueByKey.put(ByteBuffer.wrap(array, keyOffset, ends[field] - keyOffset), field + 1);
            }
            if (lastValueByKey.size() * 2 == fieldCount)
            {
                return build();
            }
            final Builder unique = new Builder(2, lastValueByKey.size());
            final UnsafeBuffer source = new UnsafeBuffer(array);
            for (final Map.Entry<ByteBuffer, Integer> entry : lastValueByKey.entrySet())
            {
                final ByteBuffer key = entry.getKey();
                unique.append(source, key.position(), key.remaining());
                final int valueField = entry.getValue();
                unique.append(source, ends[valueField - 1], ends[valueField] - ends[valueField - 1]);
            }
            return unique.build();
        }

        private void addField(final int fieldLength)
        {
            if (fieldCount == ends.length)
            {
                ends = Arrays.copyOf(ends, Math.max(8, ends.length * 2));
            }
            length += fieldLength;
            ends[fieldCount++] = length;
        }
    }
}

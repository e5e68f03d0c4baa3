package io.cairn.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.cairn.codec.Codec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.state.StateType;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * The meta section of a stream: what it holds. For keyed state: the number of key groups, the writer's key-group
 * range and key codec; for both kinds: the states (each with a mode byte, the operator-state distribution mode,
 * 0 for keyed state) and the checkpoint it was written for.
 *
 * <pre>
 *  kind (u32, repeated from the header) | checkpointId (u64) | timestamp (u64)
 *  numberOfKeyGroups (u32) | rangeStart (u32) | rangeEnd (u32) | keyCodec
 *  stateCount (varint), then per state:
 *    name (string) | type (u8, StateType ordinal) | mode (u8) | namespaceCodec |
 *    codecCount (varint) | codec...
 *  codec  = id (string) | fixedLength (i32, -1 if variable)
 *  string = length (varint) | UTF-8 bytes
 * </pre>
 */
public final class StreamMeta
{
    private final int kind;
    private final long checkpointId;
    private final long timestamp;
    private final int numberOfKeyGroups;
    private final KeyGroupRange keyGroupRange;
    private final CodecInfo keyCodec;
    private final List<StateMetaInfo> states;
    private final byte[] modes;

    /**
     * @param kind              {@link StreamFormat#KIND_KEYED} or {@link StreamFormat#KIND_OPERATOR}.
     * @param checkpointId      the checkpoint the stream was written for.
     * @param timestamp         when it was triggered.
     * @param numberOfKeyGroups the job's max parallelism (0 for operator state).
     * @param keyGroupRange     the writer's key groups ({@link KeyGroupRange#EMPTY} for operator state).
     * @param keyCodec          the key codec (any placeholder for operator state).
     * @param states            the states, in the order entries refer to them.
     * @param modes             one mode byte per state.
     */
    public StreamMeta(
        final int kind,
        final long checkpointId,
        final long timestamp,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final CodecInfo keyCodec,
        final List<StateMetaInfo> states,
        final byte[] modes)
    {
        if (states.size() != modes.length)
        {
            throw new IllegalArgumentException("states=" + states.size() + " but modes=" + modes.length);
        }
        this.kind = kind;
        this.checkpointId = checkpointId;
        this.timestamp = timestamp;
        this.numberOfKeyGroups = numberOfKeyGroups;
        this.keyGroupRange = Objects.requireNonNull(keyGroupRange, "keyGroupRange");
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.states = List.copyOf(states);
        this.modes = modes.clone();
    }

    /**
     * @return the meta of a keyed stream.
     */
    public static StreamMeta keyed(
        final long checkpointId,
        final long timestamp,
        final int numberOfKeyGroups,
        final KeyGroupRange keyGroupRange,
        final Codec<?> keyCodec,
        final List<StateMetaInfo> states)
    {
        return new StreamMeta(StreamFormat.KIND_KEYED, checkpointId, timestamp, numberOfKeyGroups, keyGroupRange,
            CodecInfo.of(keyCodec), states, new byte[states.size()]);
    }

    /** @return the stream's kind. */
    public int kind()
    {
        return kind;
    }

    /** @return the checkpoint the stream was written for. */
    public long checkpointId()
    {
        return checkpointId;
    }

    /** @return when that checkpoint was triggered. */
    public long timestamp()
    {
        return timestamp;
    }

    /** @return the job's max parallelism when it was written. */
    public int numberOfKeyGroups()
    {
        return numberOfKeyGroups;
    }

    /** @return the writer's key groups. */
    public KeyGroupRange keyGroupRange()
    {
        return keyGroupRange;
    }

    /** @return the writer's key codec. */
    public CodecInfo keyCodec()
    {
        return keyCodec;
    }

    /** @return the states. */
    public List<StateMetaInfo> states()
    {
        return states;
    }

    /**
     * @param stateIndex a state's position.
     * @return its mode byte.
     */
    public byte mode(final int stateIndex)
    {
        return modes[stateIndex];
    }

    /**
     * Appends the encoded meta to {@code buffer} at {@code offset}.
     *
     * @return the offset after it.
     */
    int encode(final ExpandableArrayBuffer buffer, final int offset)
    {
        int index = offset;
        buffer.putInt(index, kind, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putLong(index + 4, checkpointId, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putLong(index + 12, timestamp, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putInt(index + 20, numberOfKeyGroups, java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putInt(index + 24, keyGroupRange.isEmpty() ? 0 : keyGroupRange.getStartKeyGroup(),
            java.nio.ByteOrder.BIG_ENDIAN);
        buffer.putInt(index + 28, keyGroupRange.isEmpty() ? -1 : keyGroupRange.getEndKeyGroup(),
            java.nio.ByteOrder.BIG_ENDIAN);
        index = putCodec(buffer, index + 32, keyCodec);
        index = Bytes.putVarInt(buffer, index, states.size());
        for (int i = 0; i < states.size(); i++)
        {
            final StateMetaInfo state = states.get(i);
            index = Bytes.putString(buffer, index, state.name());
            buffer.putByte(index++, (byte)state.type().ordinal());
            buffer.putByte(index++, modes[i]);
            index = putCodec(buffer, index, state.namespaceCodec());
            index = Bytes.putVarInt(buffer, index, state.codecs().size());
            for (final CodecInfo codec : state.codecs())
            {
                index = putCodec(buffer, index, codec);
            }
        }
        return index;
    }

    /**
     * Decodes a meta section.
     *
     * @return the meta, or null if the bytes are malformed.
     */
    static StreamMeta decode(final DirectBuffer buffer, final int offset, final int limit)
    {
        if (limit - offset < 32)
        {
            return null;
        }
        final int kind = buffer.getInt(offset, java.nio.ByteOrder.BIG_ENDIAN);
        final long checkpointId = buffer.getLong(offset + 4, java.nio.ByteOrder.BIG_ENDIAN);
        final long timestamp = buffer.getLong(offset + 12, java.nio.ByteOrder.BIG_ENDIAN);
        final int numberOfKeyGroups = buffer.getInt(offset + 20, java.nio.ByteOrder.BIG_ENDIAN);
        final int start = buffer.getInt(offset + 24, java.nio.ByteOrder.BIG_ENDIAN);
        final int end = buffer.getInt(offset + 28, java.nio.ByteOrder.BIG_ENDIAN);
        if (start < 0 || end < start - 1)
        {
            return null;
        }
        final KeyGroupRange range = end < start ? KeyGroupRange.EMPTY : KeyGroupRange.of(start, end);
        final int[] cursor = { offset + 32 };
        final CodecInfo keyCodec = getCodec(buffer, cursor, limit);
        final int stateCount = Bytes.getVarInt(buffer, cursor, limit);
        if (keyCodec == null || stateCount < 0 || stateCount > limit)
        {
            return null;
        }
        final List<StateMetaInfo> states = new ArrayList<>(stateCount);
        final byte[] modes = new byte[stateCount];
        final StateType[] types = StateType.values();
        for (int i = 0; i < stateCount; i++)
        {
            final String name = Bytes.getString(buffer, cursor, limit);
            if (name == null || cursor[0] + 2 > limit)
            {
                return null;
            }
            final int type = buffer.getByte(cursor[0]);
            modes[i] = buffer.getByte(cursor[0] + 1);
            cursor[0] += 2;
            final CodecInfo namespaceCodec = getCodec(buffer, cursor, limit);
            final int codecCount = Bytes.getVarInt(buffer, cursor, limit);
            if (type < 0 || type >= types.length || namespaceCodec == null || codecCount < 0 || codecCount > 16)
            {
                return null;
            }
            final List<CodecInfo> codecs = new ArrayList<>(codecCount);
            for (int c = 0; c < codecCount; c++)
            {
                final CodecInfo codec = getCodec(buffer, cursor, limit);
                if (codec == null)
                {
                    return null;
                }
                codecs.add(codec);
            }
            states.add(new StateMetaInfo(name, types[type], codecs, namespaceCodec));
        }
        if (cursor[0] != limit)
        {
            return null;
        }
        return new StreamMeta(kind, checkpointId, timestamp, numberOfKeyGroups, range, keyCodec, states, modes);
    }

    private static int putCodec(final ExpandableArrayBuffer buffer, final int offset, final CodecInfo codec)
    {
        final int index = Bytes.putString(buffer, offset, codec.codecId());
        buffer.putInt(index, codec.fixedLength(), java.nio.ByteOrder.BIG_ENDIAN);
        return index + 4;
    }

    private static CodecInfo getCodec(final DirectBuffer buffer, final int[] cursor, final int limit)
    {
        final String id = Bytes.getString(buffer, cursor, limit);
        if (id == null || cursor[0] + 4 > limit)
        {
            return null;
        }
        final int fixedLength = buffer.getInt(cursor[0], java.nio.ByteOrder.BIG_ENDIAN);
        cursor[0] += 4;
        return fixedLength < -1 ? null : new CodecInfo(id, fixedLength);
    }

    @Override
    public String toString()
    {
        return "StreamMeta{kind=" + kind + ", checkpointId=" + checkpointId + ", numberOfKeyGroups=" +
            numberOfKeyGroups + ", keyGroupRange=" + keyGroupRange + ", keyCodec=" + keyCodec + ", states=" +
            states + "}";
    }
}

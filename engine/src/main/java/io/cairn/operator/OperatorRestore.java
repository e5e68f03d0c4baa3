package io.cairn.operator;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cairn.backend.IncompatibleStateException;
import io.cairn.codec.Codec;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.format.CodecInfo;
import io.cairn.format.StateMetaInfo;
import io.cairn.format.StateStreamReader;
import io.cairn.format.StreamEntry;
import io.cairn.format.StreamEntryConsumer;
import io.cairn.format.StreamFormat;
import io.cairn.format.StreamMeta;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.state.StateType;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;

/**
 * Reads operator-state handles into bytes, for a {@link DefaultOperatorStateBackend} to install. Every handle's
 * stream is opened (footer, header, meta and index are checked there), its meta checked against the handle, and
 * every partition the handle takes read in full (each block's CRC32C is checked before it is decompressed) into
 * {@link EncodedState} builders. Only when every handle has been read does {@link #restore} return the states;
 * any failure throws before the backend sees anything, so a damaged, truncated, foreign or newer stream never
 * leaves state half loaded. Operator state is small, which is what makes holding it all in memory first fine.
 */
final class OperatorRestore
{
    private static final CodecInfo VOID_NAMESPACE = CodecInfo.of(VoidNamespaceCodec.INSTANCE);

    private final Map<String, Staged> staged = new LinkedHashMap<>();

    private OperatorRestore()
    {
    }

    /**
     * @param handles the handles; null elements are skipped.
     * @return the restored states, by name, in the order they first appear in the handles.
     * @throws CorruptedStateException    if a stream is damaged or does not hold what its handle says.
     * @throws IncompatibleStateException if two handles disagree on a state.
     * @throws IOException                if a stream cannot be read.
     */
    static Map<String, RegisteredOperatorState> restore(final Collection<? extends OperatorStateHandle> handles)
        throws IOException
    {
        if (handles == null)
        {
            throw new IllegalArgumentException("handles=null; expected a collection of operator state handles");
        }
        final OperatorRestore restore = new OperatorRestore();
        for (final OperatorStateHandle handle : handles)
        {
            if (handle != null)
            {
                restore.read(handle);
            }
        }
        final Map<String, RegisteredOperatorState> states = new LinkedHashMap<>();
        for (final Map.Entry<String, Staged> entry : restore.staged.entrySet())
        {
            final Staged state = entry.getValue();
            final EncodedState bytes = state.mode == OperatorStateMode.BROADCAST && state.handles > 1 ?
                state.builder.buildLastValuePerKey() : state.builder.build();
            states.put(entry.getKey(), new RegisteredOperatorState(state.mode, state.meta, bytes));
        }
        return states;
    }

    private void read(final OperatorStateHandle handle) throws IOException
    {
        try (StateStreamReader reader = StateStreamReader.open(handle.getDelegate()))
        {
            final StreamMeta meta = reader.meta();
            if (meta.kind() != StreamFormat.KIND_OPERATOR)
            {
                throw new CorruptedStateException(reader.describe(), StreamFormat.KIND_OFFSET,
                    "kind=" + meta.kind() + "; expected an operator state stream (kind=" + StreamFormat.KIND_OPERATOR +
                    ")");
            }
            final Map<String, Integer> indexByName = indexStates(reader);
            for (final Map.Entry<String, OperatorStatePartitionInfo> taken :
                handle.getStateNameToPartitionInfo().entrySet())
            {
                final String name = taken.getKey();
                final OperatorStatePartitionInfo info = taken.getValue();
                final Integer stateIndex = indexByName.get(name);
                if (stateIndex == null)
                {
                    throw new CorruptedStateException(reader.describe(), StreamFormat.HEADER_LENGTH, "the handle " +
                        "takes state \"" + name + "\" but the stream holds only " + indexByName.keySet());
                }
                final OperatorStateMode mode = OperatorStateMode.fromCode(meta.mode(stateIndex));
                if (mode != info.mode())
                {
                    throw new CorruptedStateException(reader.describe(), StreamFormat.HEADER_LENGTH, "the handle " +
                        "says state \"" + name + "\" has mode=" + info.mode() + ", the stream says mode=" + mode);
                }
                final Staged state = stage(reader, meta.states().get(stateIndex), mode);
                readPartition(reader, stateIndex, info, state);
            }
        }
    }

    /** Checks every state of the meta and maps names to positions. */
    private static Map<String, Integer> indexStates(final StateStreamReader reader) throws CorruptedStateException
    {
        final List<StateMetaInfo> states = reader.meta().states();
        final Map<String, Integer> indexByName = new HashMap<>();
        for (int i = 0; i < states.size(); i++)
        {
            final StateMetaInfo state = states.get(i);
            final OperatorStateMode mode = OperatorStateMode.fromCode(reader.meta().mode(i));
            final String problem;
            if (mode == null)
            {
                problem = "mode=" + reader.meta().mode(i) + "; expected 0 (SPLIT_DISTRIBUTE), 1 (UNION) or 2 " +
                    "(BROADCAST)";
            }
            else if (mode == OperatorStateMode.BROADCAST ?
                state.type() != StateType.MAP || state.codecs().size() != 2 :
                state.type() != StateType.LIST || state.codecs().size() != 1)
            {
                problem = "type=" + state.type() + ", codecs=" + state.codecs() + " for mode=" + mode +
                    "; expected a LIST with one codec, or for BROADCAST a MAP with two";
            }
            else if (!VOID_NAMESPACE.equals(state.namespaceCodec()))
            {
                problem = "namespaceCodec=" + state.namespaceCodec() + "; expected " + VOID_NAMESPACE;
            }
            else if (indexByName.put(state.name(), i) != null)
            {
                problem = "the name appears twice in the meta";
            }
            else
            {
                problem = null;
            }
            if (problem != null)
            {
                throw new CorruptedStateException(reader.describe(), StreamFormat.HEADER_LENGTH,
                    "operator state \"" + state.name() + "\" (state " + i + "): " + problem);
            }
        }
        return indexByName;
    }

    private Staged stage(final StateStreamReader reader, final StateMetaInfo meta, final OperatorStateMode mode)
    {
        final Staged state = staged.get(meta.name());
        if (state == null)
        {
            final Staged created = new Staged(meta, mode);
            staged.put(meta.name(), created);
            return created;
        }
        if (state.mode != mode || !state.meta.equals(meta))
        {
            throw new IncompatibleStateException("state \"" + meta.name() + "\" differs between snapshots: mode=" +
                state.mode + ", " + state.meta + " and, in " + reader.describe() + ", mode=" + mode + ", " + meta +
                "; expected every snapshot to record a state name with one mode, kind and codecs");
        }
        state.handles++;
        return state;
    }

    private static void readPartition(
        final StateStreamReader reader, final int stateIndex, final OperatorStatePartitionInfo info,
        final Staged state) throws IOException
    {
        final List<CodecInfo> codecs = state.meta.codecs();
        final int[] fixedLengths = new int[codecs.size()];
        for (int i = 0; i < fixedLengths.length; i++)
        {
            fixedLengths[i] = codecs.get(i).fixedLength();
        }
        final EntryCheck check = new EntryCheck(stateIndex, info, fixedLengths, state.builder);
        reader.readPartition(stateIndex, check);
        if (check.problem == null && check.count != info.elementCount())
        {
            check.problem = "it holds " + check.count + " elements, the handle says elementCount=" +
                info.elementCount();
        }
        if (check.problem != null)
        {
            throw new CorruptedStateException(reader.describe(), 0, "partition " + stateIndex + " (state \"" +
                state.meta.name() + "\"): " + check.problem);
        }
    }

    /** A state being restored: what the streams record of it, and its bytes so far. */
    private static final class Staged
    {
        private final StateMetaInfo meta;
        private final OperatorStateMode mode;
        private final EncodedState.Builder builder;
        private int handles = 1;

        Staged(final StateMetaInfo meta, final OperatorStateMode mode)
        {
            this.meta = meta;
            this.mode = mode;
            this.builder = new EncodedState.Builder(mode == OperatorStateMode.BROADCAST ? 2 : 1, 16);
        }
    }

    /** Checks the entries of one partition, counts them, and copies those the handle takes. */
    private static final class EntryCheck implements StreamEntryConsumer
    {
        private final int stateIndex;
        private final long from;
        private final long to;
        private final int[] fixedLengths;
        private final EncodedState.Builder builder;
        private long count;
        private String problem;

        EntryCheck(
            final int stateIndex, final OperatorStatePartitionInfo info, final int[] fixedLengths,
            final EncodedState.Builder builder)
        {
            this.stateIndex = stateIndex;
            this.from = info.from();
            this.to = info.to();
            this.fixedLengths = fixedLengths;
            this.builder = builder;
        }

        @Override
        public void accept(final StreamEntry entry)
        {
            final long position = count++;
            if (problem != null)
            {
                return;
            }
            final boolean map = fixedLengths.length == 2;
            if (entry.stateIndex() != stateIndex || entry.keyLength() != 0 || entry.namespaceLength() != 0)
            {
                problem = "entry " + position + " has stateIndex=" + entry.stateIndex() + ", keyLength=" +
                    entry.keyLength() + ", namespaceLength=" + entry.namespaceLength() + "; expected stateIndex=" +
                    stateIndex + " and an empty key and namespace";
                return;
            }
            if (map && !fits(entry.userKeyLength(), fixedLengths[0]) ||
                !fits(entry.valueLength(), fixedLengths[fixedLengths.length - 1]))
            {
                problem = "entry " + position + " has " + (map ? "keyLength=" + entry.userKeyLength() + ", " : "") +
                    "valueLength=" + entry.valueLength() + "; expected the fixed lengths of the codecs, " +
                    Arrays.toString(fixedLengths);
                return;
            }
            if (position >= from && position < to)
            {
                if (map)
                {
                    builder.append(entry.buffer(), entry.userKeyOffset(), entry.userKeyLength());
                }
                builder.append(entry.buffer(), entry.valueOffset(), entry.valueLength());
            }
        }

        private static boolean fits(final int length, final int fixedLength)
        {
            return fixedLength == Codec.VARIABLE_LENGTH || length == fixedLength;
        }
    }
}

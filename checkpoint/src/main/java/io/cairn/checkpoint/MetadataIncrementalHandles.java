package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.StreamStateHandle;

/**
 * How an {@link IncrementalKeyGroupsStateHandle} is written to and read from checkpoint metadata (format version 2,
 * tag {@link MetadataFormat#TAG_INCREMENTAL_KEY_GROUPS}):
 *
 * <pre>
 *  6 | startKeyGroup (u32) | endKeyGroup (u32) | checkpointId (i64)
 *    | streamCount (u32), then per stream: writerCheckpointId (i64) | stream handle
 *    | per key group of the range, in order: chainLength (u32) | streamIndex (u32) ...
 * </pre>
 *
 * Reading checks what the handle's constructor would, but at the offset of the field at fault: every writer id
 * between 0 and the handle's checkpoint id, every chain index inside the streams, the writer ids along a chain
 * strictly ascending, and every stream in some chain.
 */
final class MetadataIncrementalHandles
{
    /** The fewest bytes one stream of the handle takes: its writer's id and a stream handle. */
    private static final int MIN_STREAM_LENGTH = Long.BYTES + MetadataHandles.MIN_STREAM_HANDLE_LENGTH;

    private MetadataIncrementalHandles()
    {
    }

    static void write(
        final MetadataOutput out, final IncrementalKeyGroupsStateHandle handle, final Path directory,
        final String where) throws IOException
    {
        final KeyGroupRange range = handle.getKeyGroupRange();
        out.writeByte(MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS);
        out.writeInt(range.getStartKeyGroup());
        out.writeInt(range.getEndKeyGroup());
        out.writeLong(handle.getCheckpointId());
        final List<StreamStateHandle> streams = handle.getStreams();
        out.writeInt(streams.size());
        for (int i = 0; i < streams.size(); i++)
        {
            out.writeLong(handle.getStreamCheckpointId(i));
            MetadataHandles.writeStream(out, streams.get(i), directory, where + ".streams[" + i + "]");
        }
        for (int keyGroup = range.getStartKeyGroup(); keyGroup <= range.getEndKeyGroup(); keyGroup++)
        {
            final int[] chain = handle.getChain(keyGroup);
            out.writeInt(chain.length);
            for (final int index : chain)
            {
                out.writeInt(index);
            }
        }
    }

    /** Reads the handle whose tag was just read at {@code in.position() - 1}. */
    static IncrementalKeyGroupsStateHandle read(final MetadataInput in, final Path directory)
        throws CorruptedStateException
    {
        final int at = in.position() - 1;
        final KeyGroupRange range = MetadataHandles.readRange(in);
        final int idAt = in.position();
        final long checkpointId = in.readLong("incremental handle checkpointId");
        if (checkpointId < 0)
        {
            throw in.corrupt(idAt, "incremental handle checkpointId=" + checkpointId + "; expected >= 0");
        }
        final int count = in.readCount("incremental stream count", MIN_STREAM_LENGTH);
        final List<StreamStateHandle> streams = new ArrayList<>(count);
        final long[] writerIds = new long[count];
        final int[] streamAt = new int[count];
        for (int i = 0; i < count; i++)
        {
            streamAt[i] = in.position();
            writerIds[i] = in.readLong("stream checkpointId");
            if (writerIds[i] < 0 || writerIds[i] > checkpointId)
            {
                throw in.corrupt(streamAt[i], "streams[" + i + "] checkpointId=" + writerIds[i] + "; expected 0.." +
                    checkpointId + ", a checkpoint not newer than the handle's");
            }
            streams.add(MetadataHandles.readStream(in, directory));
        }
        final int[][] chains = readChains(in, range, writerIds);
        final boolean[] used = new boolean[count];
        for (final int[] chain : chains)
        {
            for (final int index : chain)
            {
                used[index] = true;
            }
        }
        for (int i = 0; i < count; i++)
        {
            if (!used[i])
            {
                throw in.corrupt(streamAt[i], "streams[" + i + "]=" + streams.get(i).describe() + " is in no " +
                    "chain; expected only streams some key group reads");
            }
        }
        try
        {
            return new IncrementalKeyGroupsStateHandle(range, checkpointId, streams, writerIds, chains);
        }
        catch (final IllegalArgumentException ex)
        {
            throw MetadataHandles.corrupt(in, at, "bad incremental handle: " + ex.getMessage(), ex);
        }
    }

    private static int[][] readChains(final MetadataInput in, final KeyGroupRange range, final long[] writerIds)
        throws CorruptedStateException
    {
        final int keyGroups = range.getNumberOfKeyGroups();
        final int chainsAt = in.position();
        if ((long)keyGroups * Integer.BYTES > in.remaining())
        {
            throw in.corrupt(chainsAt, "chains of " + range + " take at least " + (long)keyGroups * Integer.BYTES +
                " bytes; expected them to fit the " + in.remaining() + " bytes that remain");
        }
        final int[][] chains = new int[keyGroups][];
        for (int g = 0; g < keyGroups; g++)
        {
            final int keyGroup = range.getStartKeyGroup() + g;
            final int length = in.readCount("chain length of key group " + keyGroup, Integer.BYTES);
            final int[] chain = new int[length];
            long previous = -1;
            for (int c = 0; c < length; c++)
            {
                final int indexAt = in.position();
                final int index = in.readInt("chain index");
                if (index < 0 || index >= writerIds.length)
                {
                    throw in.corrupt(indexAt, "chain of key group " + keyGroup + ": index=" + index +
                        "; expected 0.." + (writerIds.length - 1) + ", a stream of the handle");
                }
                if (writerIds[index] <= previous)
                {
                    throw in.corrupt(indexAt, "chain of key group " + keyGroup + ": streams[" + index +
                        "] of checkpoint " + writerIds[index] + " after one of checkpoint " + previous +
                        "; expected strictly ascending checkpoint ids, base first");
                }
                previous = writerIds[index];
                chain[c] = index;
            }
            chains[g] = chain;
        }
        return chains;
    }
}

package io.cairn.checkpoint;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.IncrementalKeyGroupsStateHandle;
import io.cairn.snapshot.IncrementalSstStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.OperatorStateMode;
import io.cairn.snapshot.OperatorStatePartitionInfo;
import io.cairn.snapshot.StreamStateHandle;

/**
 * How state handles are written to and read from checkpoint metadata, each behind a one-byte type tag
 * ({@code MetadataFormat.TAG_*}). The handle types the format knows are closed: a handle of any other type is
 * refused when written, and an unknown tag is damage when read.
 *
 * <p>A file inside the checkpoint's own directory is recorded by its path relative to that directory, with
 * {@code '/'} between segments, and resolved against the directory the metadata is read from: a savepoint's
 * directory can be moved or copied and still restores. Any other file is recorded by its absolute path. A
 * relative path is never allowed to leave the directory it is resolved against.
 */
final class MetadataHandles
{
    /** The fewest bytes a stream handle takes: a tag, an empty name and no data. */
    static final int MIN_STREAM_HANDLE_LENGTH = 1 + Integer.BYTES + Integer.BYTES;
    /** The fewest bytes a keyed handle takes (a {@code KeyGroupsStateHandle}; an incremental one takes more). */
    static final int MIN_KEYED_HANDLE_LENGTH = 1 + 2 * Integer.BYTES + MIN_STREAM_HANDLE_LENGTH;
    /** The fewest bytes one state of an operator handle takes. */
    static final int MIN_OPERATOR_STATE_LENGTH = Integer.BYTES + 1 + 3 * Long.BYTES;
    /** The fewest bytes an operator handle takes: it holds at least one state. */
    static final int MIN_OPERATOR_HANDLE_LENGTH =
        1 + MIN_STREAM_HANDLE_LENGTH + Integer.BYTES + MIN_OPERATOR_STATE_LENGTH;

    private MetadataHandles()
    {
    }

    static void writeKeyed(
        final MetadataOutput out, final KeyedStateHandle handle, final Path directory, final String where)
        throws IOException
    {
        if (handle instanceof IncrementalKeyGroupsStateHandle)
        {
            MetadataIncrementalHandles.write(out, (IncrementalKeyGroupsStateHandle)handle, directory, where);
            return;
        }
        if (handle instanceof IncrementalSstStateHandle)
        {
            MetadataSstHandles.write(out, (IncrementalSstStateHandle)handle, directory, where);
            return;
        }
        if (!(handle instanceof KeyGroupsStateHandle))
        {
            throw new IllegalArgumentException(where + "=" + handle.getClass().getName() + "; expected a " +
                "KeyGroupsStateHandle, an IncrementalKeyGroupsStateHandle or an IncrementalSstStateHandle, the " +
                "keyed handles checkpoint metadata can record");
        }
        final KeyGroupsStateHandle keyGroups = (KeyGroupsStateHandle)handle;
        out.writeByte(MetadataFormat.TAG_KEY_GROUPS);
        out.writeInt(keyGroups.getKeyGroupRange().getStartKeyGroup());
        out.writeInt(keyGroups.getKeyGroupRange().getEndKeyGroup());
        writeStream(out, keyGroups.getDelegate(), directory, where + ".delegate");
    }

    static void writeOperator(
        final MetadataOutput out, final OperatorStateHandle handle, final Path directory, final String where)
        throws IOException
    {
        out.writeByte(MetadataFormat.TAG_OPERATOR);
        writeStream(out, handle.getDelegate(), directory, where + ".delegate");
        final Map<String, OperatorStatePartitionInfo> states = handle.getStateNameToPartitionInfo();
        out.writeInt(states.size());
        for (final Map.Entry<String, OperatorStatePartitionInfo> entry : states.entrySet())
        {
            final OperatorStatePartitionInfo info = entry.getValue();
            out.writeString(entry.getKey(), where + ".stateName");
            out.writeByte(info.mode().code());
            out.writeLong(info.elementCount());
            out.writeLong(info.from());
            out.writeLong(info.to());
        }
    }

    static void writeStream(
        final MetadataOutput out, final StreamStateHandle handle, final Path directory, final String where)
        throws IOException
    {
        if (handle instanceof FileStateHandle)
        {
            final FileStateHandle file = (FileStateHandle)handle;
            final Path path = file.getFilePath();
            if (path.startsWith(directory) && !path.equals(directory))
            {
                out.writeByte(MetadataFormat.TAG_FILE_RELATIVE);
                out.writeString(relativePath(directory, path), where + ".filePath");
            }
            else
            {
                out.writeByte(MetadataFormat.TAG_FILE_ABSOLUTE);
                out.writeString(path.toString(), where + ".filePath");
            }
            out.writeLong(file.getStateSize());
        }
        else if (handle instanceof ByteStreamStateHandle)
        {
            final ByteStreamStateHandle bytes = (ByteStreamStateHandle)handle;
            out.writeByte(MetadataFormat.TAG_BYTES);
            out.writeString(bytes.describe(), where + ".name");
            out.writeBytes(bytes.getData());
        }
        else
        {
            throw new IllegalArgumentException(where + "=" + (handle == null ? "null" : handle.getClass().getName()) +
                "; expected a FileStateHandle or a ByteStreamStateHandle, the stream handles checkpoint metadata " +
                "can record");
        }
    }

    static KeyedStateHandle readKeyed(final MetadataInput in, final Path directory) throws CorruptedStateException
    {
        final int at = in.position();
        final int tag = in.readByte("keyed handle tag");
        if (tag == MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS && in.version() >= MetadataFormat.VERSION_INCREMENTAL)
        {
            return MetadataIncrementalHandles.read(in, directory);
        }
        if (tag == MetadataFormat.TAG_INCREMENTAL_SST && in.version() >= MetadataFormat.VERSION_INCREMENTAL_SST)
        {
            return MetadataSstHandles.read(in, directory);
        }
        if (tag == MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS || tag == MetadataFormat.TAG_INCREMENTAL_SST)
        {
            final int since = tag == MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS ?
                MetadataFormat.VERSION_INCREMENTAL : MetadataFormat.VERSION_INCREMENTAL_SST;
            throw in.corrupt(at, "keyed handle tag=" + tag + " in a version " + in.version() + " file; expected " +
                "a tag of version " + in.version() + ", as " + (tag == MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS ?
                "IncrementalKeyGroupsStateHandle" : "IncrementalSstStateHandle") + "s exist from version " + since +
                " on");
        }
        if (tag != MetadataFormat.TAG_KEY_GROUPS)
        {
            throw in.corrupt(at, "keyed handle tag=" + tag + "; expected " + MetadataFormat.TAG_KEY_GROUPS +
                " (KeyGroupsStateHandle), " + MetadataFormat.TAG_INCREMENTAL_KEY_GROUPS +
                " (IncrementalKeyGroupsStateHandle) or " + MetadataFormat.TAG_INCREMENTAL_SST +
                " (IncrementalSstStateHandle)");
        }
        return new KeyGroupsStateHandle(readRange(in), readStream(in, directory));
    }

    /** Reads a key-group range: startKeyGroup (u32) and endKeyGroup (u32). */
    static KeyGroupRange readRange(final MetadataInput in) throws CorruptedStateException
    {
        final int rangeAt = in.position();
        final int start = in.readInt("startKeyGroup");
        final int end = in.readInt("endKeyGroup");
        try
        {
            return KeyGroupRange.of(start, end);
        }
        catch (final IllegalArgumentException ex)
        {
            throw corrupt(in, rangeAt, "bad key-group range: " + ex.getMessage(), ex);
        }
    }

    static OperatorStateHandle readOperator(final MetadataInput in, final Path directory)
        throws CorruptedStateException
    {
        final int at = in.position();
        final int tag = in.readByte("operator handle tag");
        if (tag != MetadataFormat.TAG_OPERATOR)
        {
            throw in.corrupt(at, "operator handle tag=" + tag + "; expected " + MetadataFormat.TAG_OPERATOR +
                " (OperatorStateHandle)");
        }
        final StreamStateHandle delegate = readStream(in, directory);
        final int countAt = in.position();
        final int count = in.readCount("operator state count", MIN_OPERATOR_STATE_LENGTH);
        if (count == 0)
        {
            throw in.corrupt(countAt, "operator state count=0; expected at least one state");
        }
        final Map<String, OperatorStatePartitionInfo> states = new LinkedHashMap<>();
        for (int i = 0; i < count; i++)
        {
            final int nameAt = in.position();
            final String name = in.readString("operator state name");
            if (name.isEmpty() || states.containsKey(name))
            {
                throw in.corrupt(nameAt, "operator state name=\"" + name + "\"; expected a non-empty name, " +
                    "unique in its handle");
            }
            states.put(name, readPartitionInfo(in));
        }
        return new OperatorStateHandle(delegate, states);
    }

    static StreamStateHandle readStream(final MetadataInput in, final Path directory) throws CorruptedStateException
    {
        final int at = in.position();
        final int tag = in.readByte("stream handle tag");
        switch (tag)
        {
            case MetadataFormat.TAG_FILE_RELATIVE:
            case MetadataFormat.TAG_FILE_ABSOLUTE:
            {
                final int pathAt = in.position();
                final String text = in.readString("file path");
                final Path path = tag == MetadataFormat.TAG_FILE_RELATIVE ?
                    resolveRelative(in, pathAt, directory, text) : absolute(in, pathAt, text);
                final int sizeAt = in.position();
                final long size = in.readLong("file size");
                if (size < 0)
                {
                    throw in.corrupt(sizeAt, "file size=" + size + "; expected >= 0");
                }
                return new FileStateHandle(path, size);
            }
            case MetadataFormat.TAG_BYTES:
            {
                final String name = in.readString("stream name");
                return new ByteStreamStateHandle(name, in.readBytes("stream data"));
            }
            default:
                throw in.corrupt(at, "stream handle tag=" + tag + "; expected " + MetadataFormat.TAG_FILE_RELATIVE +
                    " (file, relative path), " + MetadataFormat.TAG_FILE_ABSOLUTE + " (file, absolute path) or " +
                    MetadataFormat.TAG_BYTES + " (bytes)");
        }
    }

    private static OperatorStatePartitionInfo readPartitionInfo(final MetadataInput in)
        throws CorruptedStateException
    {
        final int at = in.position();
        final OperatorStateMode mode = OperatorStateMode.fromCode((byte)in.readByte("operator state mode"));
        if (mode == null)
        {
            throw in.corrupt(at, "operator state mode; expected 0 (split), 1 (union) or 2 (broadcast)");
        }
        final long elementCount = in.readLong("elementCount");
        final long from = in.readLong("from");
        final long to = in.readLong("to");
        try
        {
            if (mode == OperatorStateMode.SPLIT_DISTRIBUTE)
            {
                return OperatorStatePartitionInfo.split(elementCount, from, to);
            }
            if (from != 0 || to != elementCount)
            {
                throw new IllegalArgumentException("mode=" + mode + ", from=" + from + ", to=" + to +
                    ", elementCount=" + elementCount + "; expected the state taken whole");
            }
            return OperatorStatePartitionInfo.whole(mode, elementCount);
        }
        catch (final IllegalArgumentException ex)
        {
            throw corrupt(in, at, "bad operator state partition: " + ex.getMessage(), ex);
        }
    }

    private static String relativePath(final Path directory, final Path file)
    {
        final StringBuilder text = new StringBuilder();
        for (final Path segment : directory.relativize(file))
        {
            if (text.length() > 0)
            {
                text.append(MetadataFormat.PATH_SEPARATOR);
            }
            text.append(segment);
        }
        return text.toString();
    }

    private static Path resolveRelative(
        final MetadataInput in, final int at, final Path directory, final String text)
        throws CorruptedStateException
    {
        final String separator = directory.getFileSystem().getSeparator();
        Path path = directory;
        for (final String segment : text.split(String.valueOf(MetadataFormat.PATH_SEPARATOR), -1))
        {
            final boolean foreignSeparator = !"/".equals(separator) && segment.contains(separator);
            if (segment.isEmpty() || ".".equals(segment) || "..".equals(segment) || foreignSeparator)
            {
                throw in.corrupt(at, "relative file path=\"" + text + "\"; expected '/'-separated names inside " +
                    "the checkpoint's directory, none empty, \".\" or \"..\"");
            }
            try
            {
                path = path.resolve(segment);
            }
            catch (final InvalidPathException ex)
            {
                throw corrupt(in, at, "relative file path=\"" + text + "\" is not a valid path here", ex);
            }
        }
        if (!path.normalize().startsWith(directory) || path.isAbsolute() != directory.isAbsolute())
        {
            throw in.corrupt(at, "relative file path=\"" + text + "\"; expected a path inside " + directory);
        }
        return path;
    }

    private static Path absolute(final MetadataInput in, final int at, final String text)
        throws CorruptedStateException
    {
        final Path path;
        try
        {
            path = Path.of(text);
        }
        catch (final InvalidPathException ex)
        {
            throw corrupt(in, at, "absolute file path=\"" + text + "\" is not a valid path here", ex);
        }
        if (!path.isAbsolute())
        {
            throw in.corrupt(at, "absolute file path=\"" + text + "\"; expected an absolute path");
        }
        return path;
    }

    static CorruptedStateException corrupt(
        final MetadataInput in, final int at, final String what, final Throwable cause)
    {
        final CorruptedStateException ex = in.corrupt(at, what);
        ex.initCause(cause);
        return ex;
    }
}

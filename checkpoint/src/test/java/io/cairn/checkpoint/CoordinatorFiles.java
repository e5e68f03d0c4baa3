package io.cairn.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.cairn.checkpoint.storage.FileStateHandle;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.OperatorStateHandle;

/** File helpers of the coordinator tests: the files a state references, what is on disk, and damage. */
final class CoordinatorFiles
{
    private CoordinatorFiles()
    {
    }

    /**
     * @param state a subtask's state.
     * @return the files its handles name.
     */
    static List<Path> filesOf(final TaskStateSnapshot state)
    {
        final List<Path> files = new ArrayList<>();
        for (final KeyedStateHandle handle : state.getKeyedState())
        {
            files.add(((FileStateHandle)((KeyGroupsStateHandle)handle).getDelegate()).getFilePath());
        }
        for (final OperatorStateHandle handle : state.getOperatorState())
        {
            files.add(((FileStateHandle)handle.getDelegate()).getFilePath());
        }
        return files;
    }

    /**
     * @param checkpoint a completed checkpoint.
     * @return the files every one of its subtasks' states names.
     */
    static List<Path> filesOf(final CompletedCheckpoint checkpoint)
    {
        final List<Path> files = new ArrayList<>();
        for (final TaskStateSnapshot state : checkpoint.getTaskStates())
        {
            files.addAll(filesOf(state));
        }
        return files;
    }

    /**
     * @param state a subtask's state.
     * @return its single file.
     */
    static Path fileOf(final TaskStateSnapshot state)
    {
        final List<Path> files = filesOf(state);
        if (files.size() != 1)
        {
            throw new IllegalArgumentException("state=" + state + "; expected exactly one file");
        }
        return files.get(0);
    }

    /**
     * @param files files.
     * @return those that do not exist.
     */
    static List<Path> missing(final List<Path> files)
    {
        return files.stream().filter(file -> !Files.exists(file)).collect(Collectors.toList());
    }

    /**
     * @param files files.
     * @return those that exist.
     */
    static List<Path> present(final List<Path> files)
    {
        return files.stream().filter(Files::exists).collect(Collectors.toList());
    }

    /**
     * @param directory a directory, which may not exist.
     * @return every regular file under it, sorted; empty if it does not exist.
     */
    static Set<Path> regularFilesUnder(final Path directory)
    {
        if (!Files.exists(directory))
        {
            return Set.of();
        }
        try (Stream<Path> paths = Files.walk(directory))
        {
            return paths.filter(Files::isRegularFile).map(path -> path.toAbsolutePath().normalize())
                .collect(Collectors.toCollection(TreeSet::new));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param checkpointsDirectory a job's checkpoints directory.
     * @return the names of its {@code chk-<id>} directories, sorted.
     */
    static Set<String> checkpointDirectoryNames(final Path checkpointsDirectory)
    {
        try (Stream<Path> children = Files.list(checkpointsDirectory))
        {
            return children.map(child -> child.getFileName().toString()).filter(name -> name.startsWith("chk-"))
                .collect(Collectors.toCollection(TreeSet::new));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Flips every bit of one byte of a file in place, keeping its length.
     *
     * @param file   the file.
     * @param offset the byte's offset.
     */
    static void flipByte(final Path file, final long offset)
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer one = ByteBuffer.allocate(1);
            if (channel.read(one, offset) != 1)
            {
                throw new IllegalArgumentException("offset=" + offset + "; expected < " + channel.size());
            }
            one.put(0, (byte)~one.get(0)).rewind();
            channel.write(one, offset);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}

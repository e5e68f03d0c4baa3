package io.cairn.examples.pipeline;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.checkpoint.storage.FileSystemCheckpointStorage;
import io.cairn.keygroup.KeyGroupRangeAssignment;

/**
 * Cairn's main job: a stateful pipeline on the embedded defaults (the off-heap backend, checkpoints in a
 * directory) that survives a crash and a rescale exactly once.
 *
 * <p>P subtasks, one thread each, count the events of a generated, seeded stream of skewed keys per key, each
 * the keys of the key groups it owns, in off-heap keyed state; the coordinator checkpoints them periodically into
 * the directory. Half way through the stream (once a checkpoint has completed) the job crashes: the subtasks stop
 * where they are, and their backends and the coordinator are dropped without any shutdown. A new coordinator on
 * the same directory restores the latest completed checkpoint into P + 1 subtasks (key groups move), which read
 * the rest of the stream. At the end every key's count is checked against a plain count of the stream, made
 * apart from the job: {@code VERIFIED}, or {@code MISMATCH} and exit status 1. Why this is exactly once is in
 * {@link PipelineSubtask} and {@link KeyGroupPositions}.
 *
 * <p>Run it with {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona needs it). Exit codes: 0
 * verified, 1 mismatch or failure, 2 bad command line.
 */
public final class PipelineJob
{
    /** Exit code of a run whose counts were verified. */
    public static final int EXIT_VERIFIED = 0;

    /** Exit code of a run whose counts did not match, or that failed. */
    public static final int EXIT_FAILED = 1;

    /** Exit code of a bad command line. */
    public static final int EXIT_USAGE = 2;

    private static final String NAME = "PipelineJob";

    private PipelineJob()
    {
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        final int exitCode = run(args, System.out, System.err);
        if (exitCode != EXIT_VERIFIED)
        {
            System.exit(exitCode);
        }
    }

    /**
     * Runs the job.
     *
     * @param args the command line.
     * @param out  where progress and the report go.
     * @param err  where usage and errors go.
     * @return {@link #EXIT_VERIFIED}, {@link #EXIT_FAILED} or {@link #EXIT_USAGE}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final PipelineOptions options;
        try
        {
            options = PipelineOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            err.println(PipelineOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help())
        {
            out.println(PipelineOptions.USAGE);
            return EXIT_VERIFIED;
        }
        return run(options, out, err, Fault.NONE);
    }

    /**
     * @param options the validated options.
     * @param out     where progress and the report go.
     * @param err     where errors go.
     * @param fault   a deliberate bug, for tests; {@link Fault#NONE} otherwise.
     * @return {@link #EXIT_VERIFIED}, {@link #EXIT_FAILED}, or {@link #EXIT_USAGE} if the directory cannot be made.
     */
    static int run(final PipelineOptions options, final PrintStream out, final PrintStream err, final Fault fault)
    {
        Path temporary = null;
        try
        {
            final Path directory;
            if (options.directory() == null)
            {
                temporary = Files.createTempDirectory("cairn-pipeline-");
                directory = temporary;
            }
            else
            {
                try
                {
                    directory = Files.createDirectories(options.directory());
                }
                catch (final IOException ex)
                {
                    final String reason = ex instanceof FileSystemException &&
                        ((FileSystemException)ex).getReason() != null ?
                        ((FileSystemException)ex).getReason() : ex.getMessage();
                    err.println(NAME + ": --dir=" + options.directory() + "; expected a directory that can be " +
                        "created (" + reason + ")");
                    err.println(PipelineOptions.USAGE);
                    return EXIT_USAGE;
                }
            }
            return runIn(directory, temporary != null, options, out, fault);
        }
        catch (final IllegalAccessError ex)
        {
            // The one way a correct program fails here: the JVM was started without the flag Agrona needs.
            err.println(NAME + ": " + ex.getMessage());
            err.println(NAME + ": start the JVM with --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
            return EXIT_FAILED;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println(NAME + ": failed: " + ex);
            ex.printStackTrace(err);
            return EXIT_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println(NAME + ": interrupted");
            return EXIT_FAILED;
        }
        finally
        {
            if (temporary != null)
            {
                deleteRecursively(temporary);
            }
        }
    }

    private static int runIn(
        final Path directory, final boolean temporary, final PipelineOptions options, final PrintStream out,
        final Fault fault) throws InterruptedException, IOException
    {
        final long jobStart = System.nanoTime();
        final int before = options.parallelism();
        final int after = before + 1;
        final int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(after);
        // The embedded default backend, chosen by name as a host would from its configuration.
        final StateBackend stateBackend = StateBackendLoader.loadStateBackendFromConfig(Map.of());
        // A fresh job id per run, so that a given directory never hands this run the checkpoints of another.
        final String jobId = "pipeline-" + UUID.randomUUID().toString().substring(0, 8);
        final FileSystemCheckpointStorage storage = new FileSystemCheckpointStorage(directory, jobId);

        out.printf(Locale.ROOT, "Cairn main job: %,d events over %,d keys (Zipf, seed %d), parallelism %d then %d, " +
            "checkpoint every %d ms%n", options.events(), options.keys(), options.seed(), before, after,
            options.checkpointIntervalMillis());
        out.printf(Locale.ROOT, "  backend %s, %d key groups, checkpoints in %s%s%n", stateBackend.getName(),
            maxParallelism, storage.getCheckpointsDirectory(), temporary ? " (temporary)" : "");
        final SkewedKeyStream stream = new SkewedKeyStream(options.keys(), options.events(), options.seed());
        final JobInput input = new JobInput(stream, maxParallelism, fault);

        final PipelinePhase first = new PipelinePhase("parallelism " + before, before, input, stateBackend, storage,
            options.checkpointIntervalMillis(), jobStart, out);
        final PipelinePhase second = new PipelinePhase("parallelism " + after, after, input, stateBackend, storage,
            options.checkpointIntervalMillis(), jobStart, out);
        try
        {
            first.open(false);
            out.printf(Locale.ROOT, "  %5.1f s  %s start; crash at position %,d%n", seconds(jobStart),
                subtasks(before), options.crashAt());
            first.runUntilCrash(options.crashAt());
            out.printf(Locale.ROOT, "  %5.1f s  CRASH at position%s %s: %s, backends and coordinator dropped " +
                "without shutdown%n", seconds(jobStart), before == 1 ? "" : "s", PipelineReport.positions(first),
                subtasks(before));

            second.open(true);
            out.printf(Locale.ROOT, "  %5.1f s  %s; %s resume%n", seconds(jobStart),
                PipelineReport.restored(second), subtasks(after));
            second.runToEnd(PipelineReport.highestPosition(first));
            out.printf(Locale.ROOT, "  %5.1f s  end of stream; counting the stream apart, for the check%n",
                seconds(jobStart));

            final CountCheck check = CountCheck.check(CountCheck.referenceCounts(stream), second.subtasks());
            new PipelineReport(first, second, stream, check, System.nanoTime() - jobStart).print(out);
            return check.verified() ? EXIT_VERIFIED : EXIT_FAILED;
        }
        finally
        {
            first.release();
            second.release();
        }
    }

    private static String subtasks(final int count)
    {
        return count + (count == 1 ? " subtask" : " subtasks");
    }

    private static double seconds(final long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteRecursively(final Path directory)
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((path) ->
            {
                try
                {
                    Files.deleteIfExists(path);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
        catch (final IOException | UncheckedIOException ex)
        {
            System.err.println(NAME + ": could not delete the temporary directory " + directory + ": " + ex);
        }
    }
}

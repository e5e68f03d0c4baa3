package io.cairn.examples.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job end to end, with small settings: crash, restore at one more subtask, and the exactly-once check,
 * which must pass on a correct run and fail when an event is lost or counted twice.
 */
class PipelineJobTest
{
    private static final String[] SMALL =
    {
        "--events", "200000", "--keys", "3000", "--parallelism", "2", "--checkpoint-interval-ms", "20", "--seed", "7"
    };

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @TempDir
    Path directory;

    @Test
    void shouldCountEveryEventExactlyOnceAcrossACrashAndARescale()
    {
        final int exitCode = PipelineJob.run(SMALL, stream(outBytes), stream(errBytes));

        final String out = out();
        assertEquals(PipelineJob.EXIT_VERIFIED, exitCode, out + err());
        assertTrue(out.startsWith("Cairn main job: 200,000 events over 3,000 keys (Zipf, seed 7), parallelism 2 " +
            "then 3, checkpoint every 20 ms"), out);
        assertTrue(out.contains("CRASH at positions "), out);
        assertTrue(out.contains(" at parallelism 3 in "), out);
        assertTrue(out.contains("\nVERIFIED: all "), out);
        assertTrue(out.contains("counted exactly once: every count equals a plain count of the stream " +
            "(200,000 events)"), out);
        assertFalse(out.contains("MISMATCH"), out);
        assertEquals("", err());

        assertTrue(Pattern.compile("(?m)^  throughput +[0-9,]+ events/s").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  state access +p50 [0-9,]+ ns, p99 [0-9,]+ ns, p99\\.9 [0-9,]+ ns, " +
            "max [0-9,]+ ns").matcher(out).find(), out);
        assertTrue(Pattern.compile("(?m)^  restore +[0-9.]+ ms: checkpoint [0-9]+ .* found in [0-9.]+ ms, " +
            "loaded into 3 new backends in [0-9.]+ ms$").matcher(out).find(), out);
        assertTrue(out.contains("  rescale       2 -> 3 subtasks, key groups 0-42 | 43-85 | 86-127, resumed at " +
            "positions "), out);
        assertTrue(out.contains("back at the crash position ("), out);

        final Matcher checkpoints = Pattern.compile("(?m)^  checkpoints +([0-9]+) completed").matcher(out);
        assertTrue(checkpoints.find(), out);
        assertTrue(Integer.parseInt(checkpoints.group(1)) >= 1, out);
        assertTrue(Pattern.compile("(?m)^ +[0-9]+ +2 +[0-9.]+ KiB +[0-9]+ ms").matcher(out).find(),
            "a checkpoint of the first run is listed with its size and duration: " + out);

        final Matcher events = Pattern.compile("(?m)^  events +200,000 in the stream; ([0-9,]+) counted").matcher(out);
        assertTrue(events.find(), out);
        assertTrue(Long.parseLong(events.group(1).replace(",", "")) >= 200_000, out);
    }

    @Test
    void shouldReportAMismatchAndFailWhenAnEventIsLost()
    {
        final long position = 1_234;
        final int exitCode = runWith(Fault.loseEvent(position));

        final String out = out();
        assertEquals(PipelineJob.EXIT_FAILED, exitCode, out);
        assertTrue(out.contains("\nMISMATCH: 1 of "), out);
        assertFalse(out.contains("VERIFIED"), out);
        final long key = keyAt(position);
        final long count = countOf(key);
        assertTrue(out.contains("  key " + key + ": counted " + (count - 1) + ", stream has " + count), out);
    }

    @Test
    void shouldReportAMismatchAndFailWhenAReplayedEventIsCountedTwice()
    {
        // Just before the crash: counted before it and, if the restored checkpoint predates it, again after the
        // restore; either way the state ends one over.
        final long position = 99_999;
        final int exitCode = runWith(Fault.duplicateEvent(position));

        final String out = out();
        assertEquals(PipelineJob.EXIT_FAILED, exitCode, out);
        assertTrue(out.contains("\nMISMATCH: 1 of "), out);
        final long key = keyAt(position);
        final long count = countOf(key);
        assertTrue(out.contains("  key " + key + ": counted " + (count + 1) + ", stream has " + count), out);
    }

    @Test
    void shouldVerifyWhenTheCrashComesAtTheEndOfTheStream() throws Exception
    {
        final int exitCode = PipelineJob.run(new String[] { "--events", "30000", "--keys", "500", "--parallelism", "1",
            "--checkpoint-interval-ms", "10", "--crash-at", "30000", "--dir", directory.toString() },
            stream(outBytes), stream(errBytes));

        final String out = out();
        assertEquals(PipelineJob.EXIT_VERIFIED, exitCode, out + err());
        assertTrue(out.contains("parallelism 1 then 2"), out);
        assertTrue(out.contains("CRASH at position 30,000: 1 subtask,"), out);
        assertTrue(out.contains("checkpoints in " + directory), out);
        assertFalse(out.contains("(temporary)"), out);
        try (Stream<Path> jobs = Files.list(directory))
        {
            assertEquals(1, jobs.count(), "the job's directory stays in the given directory");
        }
    }

    private int runWith(final Fault fault)
    {
        return PipelineJob.run(PipelineOptions.parse(SMALL), stream(outBytes), stream(errBytes), fault);
    }

    private static long keyAt(final long position)
    {
        return new SkewedKeyStream(3000, 200_000, 7).keyAt(position);
    }

    private static long countOf(final long key)
    {
        final SkewedKeyStream stream = new SkewedKeyStream(3000, 200_000, 7);
        long count = 0;
        for (long position = 0; position < stream.events(); position++)
        {
            count += stream.keyAt(position) == key ? 1 : 0;
        }
        return count;
    }

    private static PrintStream stream(final ByteArrayOutputStream bytes)
    {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out()
    {
        return outBytes.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return errBytes.toString(StandardCharsets.UTF_8);
    }
}

package io.cairn.examples.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PipelineOptionsTest
{
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @TempDir
    Path directory;

    @Test
    void shouldUseTheDefaultsWhenNoOptionIsGiven()
    {
        final PipelineOptions options = PipelineOptions.parse();

        assertEquals(PipelineOptions.DEFAULT_EVENTS, options.events());
        assertEquals(PipelineOptions.DEFAULT_KEYS, options.keys());
        assertEquals(PipelineOptions.DEFAULT_PARALLELISM, options.parallelism());
        assertEquals(PipelineOptions.DEFAULT_CHECKPOINT_INTERVAL_MS, options.checkpointIntervalMillis());
        assertEquals(PipelineOptions.DEFAULT_SEED, options.seed());
        assertEquals(PipelineOptions.DEFAULT_EVENTS / 2, options.crashAt());
        assertNull(options.directory());
        assertFalse(options.help());
    }

    @Test
    void shouldParseEveryOptionInBothForms()
    {
        final PipelineOptions options = PipelineOptions.parse("--events", "1_000", "--keys=50", "--parallelism", "3",
            "--checkpoint-interval-ms=15", "--dir", directory.toString(), "--seed", "-5", "--crash-at", "1,000");

        assertEquals(1000, options.events());
        assertEquals(50, options.keys());
        assertEquals(3, options.parallelism());
        assertEquals(15, options.checkpointIntervalMillis());
        assertEquals(directory, options.directory());
        assertEquals(-5, options.seed());
        assertEquals(1000, options.crashAt());
    }

    @Test
    void shouldRejectAnUnknownOptionWithUsageAndExitCodeTwo()
    {
        assertUsageError("unknown option: --colour", "--colour", "blue");
        assertUsageError("unknown option: --speed", "--speed=fast");
        assertUsageError("unknown option: 5", "5");
    }

    @Test
    void shouldRejectBadValuesNamingTheOptionAndWhatItExpects()
    {
        assertUsageError("--events=many; expected a whole number", "--events", "many");
        assertUsageError("--events=0; expected 1..", "--events", "0");
        assertUsageError("--keys=0; expected 1..2000000", "--keys", "0");
        assertUsageError("--keys=3000000; expected 1..2000000", "--keys=3000000");
        assertUsageError("--parallelism=0; expected 1..32", "--parallelism", "0");
        assertUsageError("--parallelism=33; expected 1..32", "--parallelism", "33");
        assertUsageError("--checkpoint-interval-ms=5; expected 10..3600000", "--checkpoint-interval-ms", "5");
        assertUsageError("--seed needs a value", "--seed");
        assertUsageError("--crash-at=11; expected at most --events=10", "--events", "10", "--crash-at", "11");
        assertUsageError("--crash-at=-1; expected 0..", "--crash-at", "-1");
    }

    @Test
    void shouldRejectADirectoryThatIsAFile() throws Exception
    {
        final Path file = Files.createFile(directory.resolve("file"));

        assertUsageError("--dir=" + file + "; expected a directory", "--dir", file.toString());
    }

    @Test
    void shouldRejectADirectoryThatCannotBeCreated() throws Exception
    {
        final Path file = Files.createFile(directory.resolve("file"));
        final Path below = file.resolve("below");

        assertUsageError("--dir=" + below + "; expected a directory that can be created", "--dir", below.toString());
    }

    @Test
    void shouldPrintUsageOnHelp()
    {
        assertEquals(PipelineJob.EXIT_VERIFIED, PipelineJob.run(new String[] { "--keys", "5", "--help" },
            stream(outBytes), stream(errBytes)));
        assertTrue(out().startsWith("usage: PipelineJob"), out());
        assertTrue(out().contains("--checkpoint-interval-ms N"), out());
        assertEquals("", err());
    }

    @Test
    void shouldThrowIllegalArgumentForTheCaller()
    {
        final IllegalArgumentException thrown =
            assertThrows(IllegalArgumentException.class, () -> PipelineOptions.parse("--keys"));
        assertEquals("--keys needs a value", thrown.getMessage());
    }

    private void assertUsageError(final String message, final String... args)
    {
        outBytes.reset();
        errBytes.reset();
        assertEquals(PipelineJob.EXIT_USAGE, PipelineJob.run(args, stream(outBytes), stream(errBytes)), err());
        assertTrue(err().startsWith("PipelineJob: " + message), err());
        assertTrue(err().contains("\nusage: PipelineJob"), err());
        assertFalse(err().contains("Exception"), err());
        assertFalse(err().contains("\tat "), err());
        assertEquals("", out());
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

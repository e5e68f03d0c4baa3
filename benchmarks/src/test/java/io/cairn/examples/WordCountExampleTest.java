package io.cairn.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordCountExampleTest
{
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

    @Test
    void shouldVerifyCountsAndPrintTheMostFrequentWord()
    {
        final int exitCode = run("--events", "20000", "--vocabulary", "500", "--seed", "7");

        final String out = out();
        assertEquals(WordCountExample.EXIT_VERIFIED, exitCode, out + err());
        assertTrue(out.contains("VERIFIED: all "), out);
        assertFalse(out.contains("MISMATCH"), out);

        final Map<String, Long> expected = new HashMap<>();
        final ZipfWords words = new ZipfWords(500, 7);
        for (int i = 0; i < 20_000; i++)
        {
            expected.merge(words.next(), 1L, Long::sum);
        }
        final Map.Entry<String, Long> mostFrequent = expected.entrySet().stream()
            .max(Map.Entry.comparingByValue()).orElseThrow();
        assertTrue(out.contains(" 1. " + mostFrequent.getKey()), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "%,d", mostFrequent.getValue())), out);
        assertTrue(out.contains(String.format(Locale.ROOT, "distinct words: %,d", expected.size())), out);
        assertTrue(out.contains("memory used: "), out);
        assertEquals("", err());
    }

    @Test
    void shouldGiveTheSameReportForTheSameSeed()
    {
        assertEquals(WordCountExample.EXIT_VERIFIED, run("--events", "5000", "--vocabulary", "100", "--seed", "3"));
        final String first = withoutTimings(out());
        outBytes.reset();
        assertEquals(WordCountExample.EXIT_VERIFIED, run("--events", "5000", "--vocabulary", "100", "--seed", "3"));
        assertEquals(first, withoutTimings(out()));
    }

    @Test
    void shouldRejectAnUnknownOptionWithUsageAndExitCodeTwo()
    {
        assertEquals(WordCountExample.EXIT_USAGE, run("--colour", "blue"));
        assertTrue(err().contains("unknown option: --colour"), err());
        assertTrue(err().contains("usage: WordCountExample"), err());
        assertEquals("", out());
    }

    @Test
    void shouldRejectABadValueNamingTheOption()
    {
        assertEquals(WordCountExample.EXIT_USAGE, run("--events", "many"));
        assertTrue(err().contains("--events=many; expected a whole number"), err());

        errBytes.reset();
        assertEquals(WordCountExample.EXIT_USAGE, run("--vocabulary", "0"));
        assertTrue(err().contains("--vocabulary=0; expected 1..1000000"), err());

        errBytes.reset();
        assertEquals(WordCountExample.EXIT_USAGE, run("--seed"));
        assertTrue(err().contains("--seed needs a value"), err());
    }

    @Test
    void shouldPrintUsageOnHelp()
    {
        assertEquals(WordCountExample.EXIT_VERIFIED, run("--help"));
        assertTrue(out().contains("usage: WordCountExample"), out());
    }

    @Test
    void shouldGiveDistinctWordsToDistinctRanks()
    {
        final Map<String, Integer> seen = new HashMap<>();
        for (int rank = 0; rank < 100_000; rank++)
        {
            final Integer previous = seen.put(ZipfWords.word(rank), rank);
            assertEquals(null, previous, "rank " + rank + " repeats the word of rank " + previous);
        }
        assertNotEquals(ZipfWords.word(0), ZipfWords.word(16));
    }

    private int run(final String... args)
    {
        return WordCountExample.run(args, stream(outBytes), stream(errBytes));
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

    private static String withoutTimings(final String report)
    {
        return report.replaceAll("(?m)^counted in .*$", "");
    }
}

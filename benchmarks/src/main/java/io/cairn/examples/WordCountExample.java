package io.cairn.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.backend.KeyedStateBackendParameters;
import io.cairn.backend.MemoryBudgetExceededException;
import io.cairn.backend.StateBackend;
import io.cairn.backend.StateBackendLoader;
import io.cairn.codec.LongCodec;
import io.cairn.codec.StringCodec;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;
import io.cairn.state.ValueState;
import io.cairn.state.ValueStateDescriptor;

/**
 * Counts words per key in Cairn's off-heap backend, embedded in a plain Java program.
 *
 * <p>The stream is generated: a seeded sequence of words drawn from a vocabulary with Zipf's law
 * ({@link ZipfWords}). Each word is a key; its count is a {@code ValueState<Long>}. At the end the program prints
 * the most frequent words, the number of distinct words and the memory the backend holds, then checks every count
 * against a plain {@link HashMap} count of the same stream and prints {@code VERIFIED} or {@code MISMATCH}.
 *
 * <p>Run it with {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona needs it). Exit codes: 0
 * verified, 1 mismatch or failure, 2 bad command line.
 */
public final class WordCountExample
{
    /** Exit code of a run whose counts were verified. */
    public static final int EXIT_VERIFIED = 0;

    /** Exit code of a run whose counts did not match, or that failed. */
    public static final int EXIT_FAILED = 1;

    /** Exit code of a bad command line. */
    public static final int EXIT_USAGE = 2;

    private static final int TOP = 10;
    private static final long MEMORY_BUDGET_BYTES = 256L << 20;
    private static final String STATE_NAME = "count";

    private WordCountExample()
    {
    }

    /**
     * @param args {@code [--events N] [--vocabulary N] [--seed N]}.
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
     * Runs the example.
     *
     * @param args the command line.
     * @param out  where the report goes.
     * @param err  where usage and errors go.
     * @return {@link #EXIT_VERIFIED}, {@link #EXIT_FAILED} or {@link #EXIT_USAGE}.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final WordCountOptions options;
        try
        {
            options = WordCountOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("WordCountExample: " + ex.getMessage());
            err.println(WordCountOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help())
        {
            out.println(WordCountOptions.USAGE);
            return EXIT_VERIFIED;
        }

        // The backend is chosen by name, as a host would from its configuration.
        final StateBackend stateBackend;
        try
        {
            stateBackend = StateBackendLoader.loadStateBackendFromConfig(
                Map.of(StateBackendLoader.STATE_BACKEND_TYPE, "offheap"));
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("WordCountExample: " + ex.getMessage() + " (is cairn-state-offheap on the class path?)");
            return EXIT_FAILED;
        }
        try (KeyedStateBackend<String> backend = stateBackend.createKeyedStateBackend(
            KeyedStateBackendParameters.builder(StringCodec.INSTANCE)
                .numberOfKeyGroups(128)
                .memoryBudgetBytes(MEMORY_BUDGET_BYTES)
                .build()))
        {
            return count(options, stateBackend.getName(), backend, out);
        }
        catch (final MemoryBudgetExceededException ex)
        {
            err.println("WordCountExample: " + ex.getMessage());
            return EXIT_FAILED;
        }
        catch (final IllegalAccessError ex)
        {
            // The one way a correct program fails here: the JVM was started without the flag Agrona needs.
            err.println("WordCountExample: " + ex.getMessage());
            err.println("WordCountExample: start the JVM with --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
            return EXIT_FAILED;
        }
    }

    private static int count(
        final WordCountOptions options,
        final String backendName,
        final KeyedStateBackend<String> backend,
        final PrintStream out)
    {
        final ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>(STATE_NAME, LongCodec.INSTANCE);
        final ValueState<Long> count =
            backend.getPartitionedState(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, descriptor);
        final Map<String, Long> reference = new HashMap<>();
        final ZipfWords words = new ZipfWords(options.vocabulary(), options.seed());

        out.printf(Locale.ROOT, "Cairn word count: %,d events, vocabulary %,d, seed %d, backend %s%n",
            options.events(), options.vocabulary(), options.seed(), backendName);
        final long start = System.nanoTime();
        for (long i = 0; i < options.events(); i++)
        {
            final String word = words.next();
            backend.setCurrentKey(word);
            final Long current = count.value();
            count.update(current == null ? 1L : current + 1L);
            reference.merge(word, 1L, Long::sum);
        }
        final long elapsedNanos = System.nanoTime() - start;

        final Map<String, Long> counted = readAll(backend, descriptor);
        final List<Map.Entry<String, Long>> top = new ArrayList<>(counted.entrySet());
        top.sort((a, b) -> a.getValue().equals(b.getValue()) ?
            a.getKey().compareTo(b.getKey()) : Long.compare(b.getValue(), a.getValue()));

        out.printf(Locale.ROOT, "top %d words:%n", Math.min(TOP, top.size()));
        for (int i = 0; i < Math.min(TOP, top.size()); i++)
        {
            out.printf(Locale.ROOT, "  %2d. %-12s %,12d%n", i + 1, top.get(i).getKey(), top.get(i).getValue());
        }
        out.printf(Locale.ROOT, "distinct words: %,d%n", counted.size());
        final long memoryBytes = backend.getApproximateMemoryUsage();
        out.printf(Locale.ROOT, "memory used: %,d bytes (%.1f MiB, the backend's approximate usage; budget %d MiB)%n",
            memoryBytes, memoryBytes / (1024.0 * 1024.0), MEMORY_BUDGET_BYTES >> 20);
        out.printf(Locale.ROOT, "counted in %,d ms (state and HashMap reference together)%n", elapsedNanos / 1_000_000);

        final List<String> differences = differences(reference, counted);
        if (differences.isEmpty())
        {
            out.printf(
                Locale.ROOT, "VERIFIED: all %,d counts equal a HashMap count of the same stream%n", reference.size());
            return EXIT_VERIFIED;
        }
        out.printf(Locale.ROOT, "MISMATCH: %,d words differ from a HashMap count of the same stream, e.g.%n",
            differences.size());
        for (int i = 0; i < Math.min(TOP, differences.size()); i++)
        {
            out.println("  " + differences.get(i));
        }
        return EXIT_FAILED;
    }

    private static Map<String, Long> readAll(
        final KeyedStateBackend<String> backend, final ValueStateDescriptor<Long> descriptor)
    {
        final Map<String, Long> counted = new HashMap<>();
        try
        {
            backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, descriptor,
                (word, state) -> counted.put(word, state.value()));
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("reading the counts back failed", ex);
        }
        return counted;
    }

    private static List<String> differences(final Map<String, Long> expected, final Map<String, Long> actual)
    {
        final List<String> differences = new ArrayList<>();
        for (final Map.Entry<String, Long> entry : expected.entrySet())
        {
            final Long found = actual.get(entry.getKey());
            if (!Objects.equals(found, entry.getValue()))
            {
                differences.add(entry.getKey() + ": state " + found + ", HashMap " + entry.getValue());
            }
        }
        for (final String word : actual.keySet())
        {
            if (!expected.containsKey(word))
            {
                differences.add(word + ": state " + actual.get(word) + ", HashMap none");
            }
        }
        return differences;
    }
}

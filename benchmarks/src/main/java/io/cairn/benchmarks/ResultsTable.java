package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns a JMH JSON result file into a Markdown table: benchmark, backend, score with its error, and
 * {@code gc.alloc.rate.norm} in bytes per operation.
 *
 * <p>Rows of one benchmark stay together, Cairn's reference backend ({@value #DEFAULT_REFERENCE} unless
 * {@code --reference} names another) first. When a benchmark also has rows of other backends (peers), a column
 * gives the reference's speed over the peer's: above 1 means Cairn's backend is faster.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cairn.benchmarks.ResultsTable RESULT.json [--reference NAME]}.
 */
public final class ResultsTable
{
    /** The backend the others are compared with unless {@code --reference} says otherwise. */
    public static final String DEFAULT_REFERENCE = "offheap";

    private static final String USAGE =
        "usage: java -cp benchmarks.jar io.cairn.benchmarks.ResultsTable RESULT.json [--reference BACKEND]";

    private ResultsTable()
    {
    }

    /**
     * Prints the table of a result file to standard output.
     *
     * @param args the file, then optionally {@code --reference NAME}.
     * @throws IOException if the file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        String file = null;
        String reference = DEFAULT_REFERENCE;
        for (int i = 0; i < args.length; i++)
        {
            if ("--reference".equals(args[i]) && i + 1 < args.length)
            {
                reference = args[++i];
            }
            else if (file == null && !args[i].startsWith("--"))
            {
                file = args[i];
            }
            else
            {
                System.err.println("unknown argument: " + args[i]);
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        if (file == null)
        {
            System.err.println(USAGE);
            System.exit(2);
        }
        final String json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        System.out.print(render(BenchmarkResult.fromJmhJson(JsonReader.parse(json)), reference));
    }

    /**
     * @param results   the benchmarks of one result file.
     * @param reference the backend the others are compared with.
     * @return the Markdown table, a line on the run's settings after it.
     */
    static String render(final List<BenchmarkResult> results, final String reference)
    {
        final Map<String, List<BenchmarkResult>> byName = new LinkedHashMap<>();
        boolean hasPeers = false;
        for (final BenchmarkResult result : results)
        {
            byName.computeIfAbsent(result.name(), name -> new ArrayList<>()).add(result);
            hasPeers |= !reference.equals(result.backend());
        }

        final StringBuilder out = new StringBuilder();
        out.append("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) |");
        out.append(hasPeers ? " Cairn / peer |\n" : "\n");
        out.append("|---|---|--:|--:|");
        out.append(hasPeers ? "--:|\n" : "\n");

        for (final List<BenchmarkResult> rows : byName.values())
        {
            rows.sort((a, b) -> Boolean.compare(!reference.equals(a.backend()), !reference.equals(b.backend())));
            final BenchmarkResult referenceRow = reference.equals(rows.get(0).backend()) ? rows.get(0) : null;
            for (final BenchmarkResult row : rows)
            {
                out.append("| ").append(row.name())
                    .append(" | ").append(row.backend())
                    .append(" | ").append(formatScore(row))
                    .append(" | ").append(formatBytes(row.allocatedBytesPerOp()))
                    .append(" |");
                if (hasPeers)
                {
                    out.append(' ').append(ratio(referenceRow, row)).append(" |");
                }
                out.append('\n');
            }
        }

        final Set<String> settings = new LinkedHashSet<>();
        for (final BenchmarkResult result : results)
        {
            settings.add(result.settings());
        }
        out.append('\n');
        if (settings.size() == 1)
        {
            out.append("Settings: ").append(settings.iterator().next()).append(".\n");
        }
        else
        {
            out.append("Settings differ between benchmarks; see the JSON file.\n");
        }
        if (hasPeers)
        {
            out.append("Cairn / peer: the ").append(reference)
                .append(" backend's speed divided by the peer's; above 1, Cairn is faster.\n");
        }
        return out.toString();
    }

    private static String ratio(final BenchmarkResult referenceRow, final BenchmarkResult row)
    {
        if (referenceRow == null || row == referenceRow || !referenceRow.unit().equals(row.unit()))
        {
            return "";
        }
        final double ratio = row.higherIsBetter() ?
            referenceRow.score() / row.score() : row.score() / referenceRow.score();
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    private static String formatScore(final BenchmarkResult row)
    {
        final String score = formatNumber(row.score());
        final String error = Double.isNaN(row.scoreError()) ? "" : " ± " + formatNumber(row.scoreError());
        return score + error + " " + row.unit();
    }

    private static String formatNumber(final double value)
    {
        final double magnitude = Math.abs(value);
        if (magnitude >= 100)
        {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String formatBytes(final double bytesPerOp)
    {
        if (Double.isNaN(bytesPerOp))
        {
            return "n/a";
        }
        // The GC profiler spreads the harness's own few allocations over millions of operations: below 0.05 B/op
        // is noise, not an allocation.
        return String.format(Locale.ROOT, "%.1f", Math.abs(bytesPerOp) < 0.05 ? 0.0 : bytesPerOp);
    }
}

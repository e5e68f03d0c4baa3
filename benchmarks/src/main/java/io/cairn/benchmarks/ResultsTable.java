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
 * Turns JMH JSON result files into one Markdown table: benchmark, backend, score with its error, and
 * {@code gc.alloc.rate.norm} in bytes per operation.
 *
 * <p>Rows of one benchmark stay together, Cairn's reference backend ({@value #DEFAULT_REFERENCE} unless
 * {@code --reference} names another) first. When a benchmark also has rows of other backends (peers), a column
 * gives the reference's speed over the peer's: above 1 means Cairn's backend is faster. The rows may come from
 * several files, e.g. one run of Cairn's benchmark jar and one of the peers' jar: they are read in order, and
 * {@code --merge OUT} also writes all their benchmarks as one JMH result file. Other params than the backend are
 * part of a benchmark's name ({@code RescaleBenchmark.restore {keys=100000, rescale=1to2}}), so only rows with the
 * same params are compared. For a time per operation the ratio is the peer's time over the reference's. A line
 * after the table names every row that has no allocation figure (a run without {@code -prof gc}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cairn.benchmarks.ResultsTable [--reference NAME] [--merge OUT.json]
 * RESULT.json...}.
 */
public final class ResultsTable
{
    /** The backend the others are compared with unless {@code --reference} says otherwise. */
    public static final String DEFAULT_REFERENCE = "offheap";

    private static final String USAGE = "usage: java -cp benchmarks.jar io.cairn.benchmarks.ResultsTable " +
        "[--reference BACKEND] [--merge OUT.json] RESULT.json...";

    private ResultsTable()
    {
    }

    /**
     * Prints the table of one or more result files to standard output.
     *
     * @param args the files, and optionally {@code --reference NAME} and {@code --merge OUT.json}.
     * @throws IOException if a file cannot be read or the merged file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final List<String> files = new ArrayList<>();
        String reference = DEFAULT_REFERENCE;
        String merged = null;
        for (int i = 0; i < args.length; i++)
        {
            if ("--reference".equals(args[i]) && i + 1 < args.length)
            {
                reference = args[++i];
            }
            else if ("--merge".equals(args[i]) && i + 1 < args.length)
            {
                merged = args[++i];
            }
            else if (!args[i].startsWith("--"))
            {
                files.add(args[i]);
            }
            else
            {
                System.err.println("unknown argument: " + args[i]);
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        if (files.isEmpty())
        {
            System.err.println(USAGE);
            System.exit(2);
        }

        final List<String> documents = new ArrayList<>();
        final List<BenchmarkResult> results = new ArrayList<>();
        for (final String file : files)
        {
            final String json = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            final Object document;
            try
            {
                document = JsonReader.parse(json);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("file=" + file + ": " + ex.getMessage(), ex);
            }
            results.addAll(BenchmarkResult.fromJmhJson(document));
            documents.add(json);
        }
        if (merged != null)
        {
            Files.writeString(Path.of(merged), mergeArrays(documents), StandardCharsets.UTF_8);
        }
        System.out.print(render(results, reference));
    }

    /**
     * @param documents JMH result files, each a JSON array (already parsed once, so known to be JSON).
     * @return one JSON array of all their elements, in order, each element's text as it was.
     */
    static String mergeArrays(final List<String> documents)
    {
        final StringBuilder out = new StringBuilder("[");
        boolean first = true;
        for (final String document : documents)
        {
            final String array = document.trim();
            if (!array.startsWith("[") || !array.endsWith("]"))
            {
                throw new IllegalArgumentException("expected a JMH result file: a JSON array of benchmarks");
            }
            final String elements = array.substring(1, array.length() - 1).trim();
            if (!elements.isEmpty())
            {
                out.append(first ? "\n    " : ",\n    ").append(elements);
                first = false;
            }
        }
        return out.append("\n]\n").toString();
    }

    /**
     * @param results   the benchmarks of one or more result files.
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
            hasPeers |= !reference.equals(result.backend()) && !BenchmarkResult.NO_BACKEND.equals(result.backend());
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

        out.append('\n').append(settingsLine(results));
        if (hasPeers)
        {
            out.append("Cairn / peer: the ").append(reference)
                .append(" backend's speed divided by the peer's; above 1, Cairn is faster.\n");
        }
        final Set<String> withoutAllocation = new LinkedHashSet<>();
        for (final BenchmarkResult result : results)
        {
            if (Double.isNaN(result.allocatedBytesPerOp()))
            {
                withoutAllocation.add(result.name() + " (" + result.backend() + ")");
            }
        }
        if (!withoutAllocation.isEmpty())
        {
            out.append("No gc.alloc.rate.norm (a run without -prof gc?): ")
                .append(String.join(", ", withoutAllocation)).append(".\n");
        }
        return out.toString();
    }

    // One line when every benchmark ran with the same settings (the usual case: run.sh's presets apply to all);
    // otherwise the most common settings, then each other one with the benchmarks that used it.
    private static String settingsLine(final List<BenchmarkResult> results)
    {
        final Map<String, Set<String>> benchmarksBySettings = new LinkedHashMap<>();
        final Map<String, Integer> rowsBySettings = new LinkedHashMap<>();
        for (final BenchmarkResult result : results)
        {
            benchmarksBySettings.computeIfAbsent(result.settings(), key -> new LinkedHashSet<>()).add(result.name());
            rowsBySettings.merge(result.settings(), 1, Integer::sum);
        }
        String common = null;
        for (final Map.Entry<String, Integer> entry : rowsBySettings.entrySet())
        {
            if (common == null || entry.getValue() > rowsBySettings.get(common))
            {
                common = entry.getKey();
            }
        }
        final StringBuilder line = new StringBuilder("Settings: ").append(common);
        for (final Map.Entry<String, Set<String>> entry : benchmarksBySettings.entrySet())
        {
            if (!entry.getKey().equals(common))
            {
                line.append("; ").append(entry.getKey()).append(" for ").append(String.join(", ", entry.getValue()));
            }
        }
        return line.append(".\n").toString();
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

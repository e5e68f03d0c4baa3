package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
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
 * <p>Rows of one benchmark stay together, Cairn's backends first. A column per comparison gives a Cairn backend's
 * speed over a peer's, above 1 when Cairn's is faster, and its header names the pair:
 * <ul>
 *     <li>{@code Cairn offheap / peer}: the off-heap backend ({@value #DEFAULT_REFERENCE} unless {@code --reference}
 *     names another) against every backend that is not Cairn's;</li>
 *     <li>{@code Cairn rocksdb / flink-rocksdb}: Cairn's RocksDB backend against Apache Flink's
 *     EmbeddedRocksDBStateBackend, the like-for-like pair (a flink-rocksdb row has both ratios);</li>
 *     <li>{@code Cairn rocksdb-frocksdbjni / flink-rocksdb}: the same pair on one RocksDB engine, Flink's build
 *     (frocksdbjni), which Cairn's backend runs on in the peers' jar.</li>
 * </ul>
 * A column is left out when no row is a peer of its comparison, or when its Cairn backend did not run. The rows may
 * come from several files, e.g. one run of Cairn's benchmark jar and one of the peers' jar: they are read in order, and
 * {@code --merge OUT} also writes all their benchmarks as one JMH result file. Other params than the backend are part
 * of a benchmark's name ({@code RescaleBenchmark.restore {keys=100000, rescale=1to2}}), so only rows with the same
 * params are compared. For a time per operation the ratio is the peer's time over Cairn's. A line after the table names
 * every row that has no allocation figure (a run without {@code -prof gc}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cairn.benchmarks.ResultsTable [--reference NAME] [--merge OUT.json]
 * RESULT.json...}.
 */
public final class ResultsTable
{
    /** The backend every peer is compared with unless {@code --reference} says otherwise. */
    public static final String DEFAULT_REFERENCE = "offheap";

    /** Cairn's RocksDB backend, compared with {@value #ROCKSDB_PEER} only. */
    public static final String ROCKSDB = "rocksdb";

    /**
     * Cairn's RocksDB backend on Flink's build of RocksDB (frocksdbjni), run from the peers' jar; compared with
     * {@value #ROCKSDB_PEER} only, on the same engine.
     */
    public static final String ROCKSDB_ON_FROCKSDB = "rocksdb-frocksdbjni";

    /** Apache Flink's EmbeddedRocksDBStateBackend, the peer of {@value #ROCKSDB} and {@value #ROCKSDB_ON_FROCKSDB}. */
    public static final String ROCKSDB_PEER = "flink-rocksdb";

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
            results.addAll(BenchmarkResult.fromJmhJson(file, json));
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
     * @param reference the backend every peer is compared with.
     * @return the Markdown table, a line on the run's settings after it.
     */
    static String render(final List<BenchmarkResult> results, final String reference)
    {
        final List<Comparison> all = new ArrayList<>();
        all.add(Comparison.withEveryPeer(reference));
        for (final String rocksDb : List.of(ROCKSDB, ROCKSDB_ON_FROCKSDB))
        {
            if (!rocksDb.equals(reference))
            {
                all.add(Comparison.withPeer(rocksDb, ROCKSDB_PEER));
            }
        }
        final List<String> cairnBackends = new ArrayList<>();
        for (final Comparison comparison : all)
        {
            cairnBackends.add(comparison.reference);
        }
        final Map<String, List<BenchmarkResult>> byName = new LinkedHashMap<>();
        final Set<String> backends = new LinkedHashSet<>();
        for (final BenchmarkResult result : results)
        {
            byName.computeIfAbsent(result.name(), name -> new ArrayList<>()).add(result);
            backends.add(result.backend());
        }
        final List<Comparison> comparisons = new ArrayList<>();
        for (final Comparison comparison : all)
        {
            if (!backends.contains(comparison.reference))
            {
                continue;
            }
            for (final String backend : backends)
            {
                if (comparison.isPeer(backend, cairnBackends))
                {
                    comparisons.add(comparison);
                    break;
                }
            }
        }

        final StringBuilder out = new StringBuilder();
        out.append("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) |");
        for (final Comparison comparison : comparisons)
        {
            out.append(" Cairn ").append(comparison.header()).append(" |");
        }
        out.append("\n|---|---|--:|--:|").append("--:|".repeat(comparisons.size())).append('\n');

        for (final List<BenchmarkResult> rows : byName.values())
        {
            // Cairn's backends first, in the order of the comparisons; a stable sort keeps the peers' order.
            rows.sort(Comparator.comparingInt(row -> cairnOrder(cairnBackends, row.backend())));
            for (final BenchmarkResult row : rows)
            {
                out.append("| ").append(row.name())
                    .append(" | ").append(row.backend())
                    .append(" | ").append(formatScore(row))
                    .append(" | ").append(formatBytes(row.allocatedBytesPerOp()))
                    .append(" |");
                for (final Comparison comparison : comparisons)
                {
                    final String ratio = comparison.isPeer(row.backend(), cairnBackends) ?
                        ratio(find(rows, comparison.reference), row) : "";
                    out.append(' ').append(ratio).append(" |");
                }
                out.append('\n');
            }
        }

        out.append('\n').append(settingsLine(results));
        for (final Comparison comparison : comparisons)
        {
            out.append("Cairn ").append(comparison.header()).append(": the ").append(comparison.reference)
                .append(" backend's speed divided by ")
                .append(comparison.peer == null ? "the peer's (every backend not Cairn's)" : comparison.peer + "'s")
                .append("; above 1, Cairn is faster.\n");
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

    private static int cairnOrder(final List<String> cairnBackends, final String backend)
    {
        final int index = cairnBackends.indexOf(backend);
        return index < 0 ? cairnBackends.size() : index;
    }

    private static BenchmarkResult find(final List<BenchmarkResult> rows, final String backend)
    {
        for (final BenchmarkResult row : rows)
        {
            if (backend.equals(row.backend()))
            {
                return row;
            }
        }
        return null;
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
        if (referenceRow == null || !referenceRow.unit().equals(row.unit()))
        {
            return "";
        }
        return String.format(Locale.ROOT, "%.2f", referenceRow.speedOver(row));
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

    /** One ratio column: a Cairn backend against one peer, or against every backend that is not Cairn's. */
    private static final class Comparison
    {
        private final String reference;
        private final String peer;

        private Comparison(final String reference, final String peer)
        {
            this.reference = reference;
            this.peer = peer;
        }

        static Comparison withEveryPeer(final String reference)
        {
            return new Comparison(reference, null);
        }

        static Comparison withPeer(final String reference, final String peer)
        {
            return new Comparison(reference, peer);
        }

        boolean isPeer(final String backend, final List<String> cairnBackends)
        {
            if (peer != null)
            {
                return peer.equals(backend);
            }
            return !cairnBackends.contains(backend) && !BenchmarkResult.NO_BACKEND.equals(backend);
        }

        String header()
        {
            return reference + " / " + (peer == null ? "peer" : peer);
        }
    }
}

package io.cairn.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Turns paired runs into one ratio per benchmark with its confidence interval: the Markdown table of
 * {@code benchmarks/run.sh paired}.
 *
 * <p>On a shared machine the speed of one fork drifts with what else runs, by more than the difference between two
 * backends that are close: two runs of a few forks each, minutes apart, can put the same pair on both sides of 1.
 * Paired runs take one fork of a Cairn backend and one of its peer right after each other, many times, alternating
 * which goes first; the ratio of each pair is then measured under the same conditions, and the spread of the ratios,
 * not of the scores, says how well the pair is separated. The ratio of a pair is Cairn's speed over the peer's (for
 * a time per operation, the peer's time over Cairn's), above 1 when Cairn is faster; the summary is their geometric
 * mean with a 95% confidence interval from Student's t on the logarithms, their median, and the number of pairs in
 * which Cairn was faster.
 *
 * <p>The result files are read in the order given, which pairs the n-th result of the Cairn backend for a benchmark
 * with the n-th of the peer for the same benchmark (name and other params); every benchmark needs as many of one as
 * of the other. Results of other backends are ignored.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.cairn.benchmarks.PairedRatios CAIRN_BACKEND PEER RESULT.json...}.
 */
public final class PairedRatios
{
    /**
     * Two-sided 95% quantiles of Student's t for 1 to 30 degrees of freedom (index 0: one degree); beyond,
     * {@link #tQuantile} uses the Cornish-Fisher expansion, good to the third decimal there.
     */
    private static final double[] T_975 = {
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    };

    private static final double Z_975 = 1.959964;

    private static final String USAGE =
        "usage: java -cp benchmarks.jar io.cairn.benchmarks.PairedRatios CAIRN_BACKEND PEER RESULT.json...";

    private PairedRatios()
    {
    }

    /**
     * Prints the table of paired result files to standard output.
     *
     * @param args the Cairn backend, the peer, and the result files in the order they ran.
     * @throws IOException if a file cannot be read.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length < 3)
        {
            System.err.println(USAGE);
            System.exit(2);
        }
        final List<BenchmarkResult> results = new ArrayList<>();
        for (int i = 2; i < args.length; i++)
        {
            results.addAll(
                BenchmarkResult.fromJmhJson(args[i], Files.readString(Path.of(args[i]), StandardCharsets.UTF_8)));
        }
        System.out.print(render(pairs(results, args[0], args[1]), args[0], args[1]));
    }

    /**
     * @param results the results in the order they ran.
     * @param cairn   the Cairn backend.
     * @param peer    the peer it is paired with.
     * @return the ratios of each benchmark's pairs, Cairn's speed over the peer's, in run order; benchmarks in the
     * order of their first result.
     * @throws IllegalArgumentException if a benchmark has not as many results of one backend as of the other (none
     *                                  of one, too), there is no result of either, or a pair's results differ in
     *                                  unit.
     */
    static Map<String, double[]> pairs(final List<BenchmarkResult> results, final String cairn, final String peer)
    {
        final Set<String> names = new LinkedHashSet<>();
        final Map<String, List<BenchmarkResult>> cairnRuns = new HashMap<>();
        final Map<String, List<BenchmarkResult>> peerRuns = new HashMap<>();
        for (final BenchmarkResult result : results)
        {
            final Map<String, List<BenchmarkResult>> runs =
                cairn.equals(result.backend()) ? cairnRuns : peer.equals(result.backend()) ? peerRuns : null;
            if (runs != null)
            {
                names.add(result.name());
                runs.computeIfAbsent(result.name(), name -> new ArrayList<>()).add(result);
            }
        }
        if (names.isEmpty())
        {
            throw new IllegalArgumentException("no result of backend " + cairn + " or " + peer);
        }

        final Map<String, double[]> ratios = new LinkedHashMap<>();
        for (final String name : names)
        {
            final List<BenchmarkResult> ours = cairnRuns.getOrDefault(name, List.of());
            final List<BenchmarkResult> theirs = peerRuns.getOrDefault(name, List.of());
            if (ours.size() != theirs.size())
            {
                throw new IllegalArgumentException(
                    "benchmark=" + name + ": results of " + cairn + " (" + ours.size() + ") and of " + peer +
                    " (" + theirs.size() + "); expected one of each per pair");
            }
            final double[] pairRatios = new double[ours.size()];
            for (int i = 0; i < pairRatios.length; i++)
            {
                final BenchmarkResult a = ours.get(i);
                final BenchmarkResult b = theirs.get(i);
                if (!a.unit().equals(b.unit()) || !a.mode().equals(b.mode()))
                {
                    throw new IllegalArgumentException(
                        "benchmark=" + name + ", pair " + (i + 1) + ": " + cairn + " in " + a.unit() +
                        " (" + a.mode() + ") but " + peer + " in " + b.unit() + " (" + b.mode() + ")");
                }
                pairRatios[i] = a.speedOver(b);
            }
            ratios.put(name, pairRatios);
        }
        return ratios;
    }

    /**
     * @param ratios the ratios of each benchmark's pairs, as {@link #pairs} returns them.
     * @param cairn  the Cairn backend.
     * @param peer   its peer.
     * @return the Markdown table: per benchmark the pairs, the geometric mean of their ratios with its 95% confidence
     * interval, their median, the pairs Cairn won, and every ratio in run order.
     */
    static String render(final Map<String, double[]> ratios, final String cairn, final String peer)
    {
        final StringBuilder out = new StringBuilder()
            .append("| Benchmark | Pairs | Cairn ").append(cairn).append(" / ").append(peer)
            .append(" (95% CI) | Median | Cairn faster | Ratio of each pair, in run order |\n")
            .append("|---|--:|--:|--:|--:|---|\n");
        for (final Map.Entry<String, double[]> entry : ratios.entrySet())
        {
            final double[] values = entry.getValue();
            final Summary summary = summarise(values);
            out.append("| ").append(entry.getKey())
                .append(" | ").append(values.length)
                .append(" | ").append(format(summary.geometricMean()));
            if (values.length > 1)
            {
                out.append(" (").append(format(summary.lower()))
                    .append("–").append(format(summary.upper())).append(')');
            }
            out.append(" | ").append(format(summary.median()))
                .append(" | ").append(summary.wins()).append(" of ").append(values.length)
                .append(" | ");
            for (int i = 0; i < values.length; i++)
            {
                out.append(i == 0 ? "" : ", ").append(format(values[i]));
            }
            out.append(" |\n");
        }
        return out.append('\n')
            .append("Ratio: the ").append(cairn).append(" backend's speed divided by ").append(peer)
            .append("'s in forks run one after the other; above 1, Cairn is faster. Geometric mean of the pairs, ")
            .append("its 95% confidence interval (Student's t on the logarithms) in brackets.\n")
            .toString();
    }

    /**
     * @param ratios the ratios of one benchmark's pairs, at least one, each positive.
     * @return their geometric mean with its 95% confidence interval (the mean itself at both ends for one pair),
     * their median, and how many are above 1.
     */
    static Summary summarise(final double[] ratios)
    {
        final int n = ratios.length;
        double sum = 0;
        int wins = 0;
        for (final double ratio : ratios)
        {
            if (!(ratio > 0) || Double.isInfinite(ratio))
            {
                throw new IllegalArgumentException("ratio=" + ratio + ": expected a positive finite ratio");
            }
            sum += Math.log(ratio);
            wins += ratio > 1 ? 1 : 0;
        }
        final double mean = sum / n;
        double halfWidth = 0;
        if (n > 1)
        {
            double squares = 0;
            for (final double ratio : ratios)
            {
                final double deviation = Math.log(ratio) - mean;
                squares += deviation * deviation;
            }
            halfWidth = tQuantile(n - 1) * Math.sqrt(squares / (n - 1) / n);
        }
        final double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        final double median = n % 2 == 1 ? sorted[n / 2] : Math.sqrt(sorted[n / 2 - 1] * sorted[n / 2]);
        return new Summary(Math.exp(mean), Math.exp(mean - halfWidth), Math.exp(mean + halfWidth), median, wins);
    }

    /**
     * @param degreesOfFreedom at least 1.
     * @return the 97.5% quantile of Student's t distribution: the multiple of the standard error that a two-sided
     * 95% confidence interval spans each side of the mean.
     */
    static double tQuantile(final int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
        {
            throw new IllegalArgumentException("degreesOfFreedom=" + degreesOfFreedom + ": expected at least 1");
        }
        if (degreesOfFreedom <= T_975.length)
        {
            return T_975[degreesOfFreedom - 1];
        }
        final double z = Z_975;
        final double df = degreesOfFreedom;
        return z + (z * z * z + z) / (4 * df) + (5 * Math.pow(z, 5) + 16 * z * z * z + 3 * z) / (96 * df * df);
    }

    private static String format(final double ratio)
    {
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    /**
     * The summary of one benchmark's pair ratios.
     *
     * @param geometricMean the geometric mean of the ratios.
     * @param lower         the lower end of its 95% confidence interval.
     * @param upper         the upper end.
     * @param median        the median ratio (of an even count, the geometric mean of the middle two).
     * @param wins          the pairs in which Cairn was faster: ratio above 1.
     */
    record Summary(double geometricMean, double lower, double upper, double median, int wins)
    {
    }
}

package io.cairn.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedRatiosTest
{
    private static final double EPSILON = 1e-9;

    @Test
    void shouldPairTheNthResultOfEachBackendInRunOrder()
    {
        // Pairs alternate which backend goes first; a third backend's results are not part of the pairs.
        final List<BenchmarkResult> results = parse(
            thrpt("ValueStateBenchmark.valueUpdate", "rocksdb", 200),
            thrpt("ValueStateBenchmark.valueUpdate", "flink-rocksdb", 250),
            thrpt("ValueStateBenchmark.valueUpdate", "offheap", 9000),
            thrpt("ValueStateBenchmark.valueUpdate", "flink-rocksdb", 300),
            thrpt("ValueStateBenchmark.valueUpdate", "rocksdb", 330));

        final Map<String, double[]> pairs = PairedRatios.pairs(results, "rocksdb", "flink-rocksdb");

        assertEquals(List.of("ValueStateBenchmark.valueUpdate"), List.copyOf(pairs.keySet()));
        assertArrayEquals(new double[] { 0.8, 1.1 }, pairs.get("ValueStateBenchmark.valueUpdate"), EPSILON);
    }

    @Test
    void shouldTakeThePeersTimeOverCairnsForATimePerOperation()
    {
        final List<BenchmarkResult> results = parse(
            avgt("SnapshotBenchmark.fullSnapshot", "rocksdb", 40),
            avgt("SnapshotBenchmark.fullSnapshot", "flink-rocksdb", 50));

        assertArrayEquals(new double[] { 1.25 },
            PairedRatios.pairs(results, "rocksdb", "flink-rocksdb").get("SnapshotBenchmark.fullSnapshot"), EPSILON);
    }

    @Test
    void shouldRejectABenchmarkWithoutOneResultOfEachBackendPerPair()
    {
        assertEquals("benchmark=MapStateBenchmark.mapAdd: results of rocksdb (2) and of flink-rocksdb (1); " +
            "expected one of each per pair", pairingError(
                thrpt("MapStateBenchmark.mapAdd", "rocksdb", 100),
                thrpt("MapStateBenchmark.mapAdd", "flink-rocksdb", 100),
                thrpt("MapStateBenchmark.mapAdd", "rocksdb", 100)));
        assertEquals("benchmark=MapStateBenchmark.mapGet: results of rocksdb (0) and of flink-rocksdb (1); " +
            "expected one of each per pair", pairingError(
                thrpt("MapStateBenchmark.mapAdd", "rocksdb", 100),
                thrpt("MapStateBenchmark.mapAdd", "flink-rocksdb", 100),
                thrpt("MapStateBenchmark.mapGet", "flink-rocksdb", 100)));
        assertEquals("no result of backend rocksdb or flink-rocksdb",
            pairingError(thrpt("MapStateBenchmark.mapAdd", "offheap", 100)));
    }

    @Test
    void shouldRejectPairsMeasuredInDifferentModes()
    {
        assertEquals("benchmark=X.y, pair 1: rocksdb in ops/ms (thrpt) but flink-rocksdb in ms/op (avgt)",
            pairingError(thrpt("X.y", "rocksdb", 100), avgt("X.y", "flink-rocksdb", 0.01)));
    }

    @Test
    void shouldSummariseRatiosByTheirGeometricMeanAndStudentsInterval()
    {
        // ln 2 and ln 0.5 average to 0; their standard error is ln 2, times t(1) = 12.706 each side.
        final PairedRatios.Summary two = PairedRatios.summarise(new double[] { 2.0, 0.5 });
        assertEquals(1.0, two.geometricMean(), EPSILON);
        assertEquals(Math.exp(-12.706 * Math.log(2)), two.lower(), 1e-12);
        assertEquals(Math.exp(12.706 * Math.log(2)), two.upper(), 1e-3);
        assertEquals(1.0, two.median(), EPSILON);
        assertEquals(1, two.wins());

        // Nine pairs: ratios e^-0.1, e^0 and e^0.1, three times each, in a scrambled order.
        final double low = Math.exp(-0.1);
        final double high = Math.exp(0.1);
        final PairedRatios.Summary nine =
            PairedRatios.summarise(new double[] { high, 1, low, low, high, 1, 1, low, high });
        // Logarithms: mean 0, sample variance 0.06 / 8, standard error sqrt(0.0075 / 9); t(8) = 2.306.
        final double halfWidth = 2.306 * Math.sqrt(0.0075 / 9);
        assertEquals(1.0, nine.geometricMean(), EPSILON);
        assertEquals(Math.exp(-halfWidth), nine.lower(), EPSILON);
        assertEquals(Math.exp(halfWidth), nine.upper(), EPSILON);
        assertEquals(1.0, nine.median(), EPSILON);
        assertEquals(3, nine.wins());

        final PairedRatios.Summary one = PairedRatios.summarise(new double[] { 0.9 });
        assertEquals(0.9, one.geometricMean(), EPSILON);
        assertEquals(0.9, one.lower(), EPSILON);
        assertEquals(0.9, one.upper(), EPSILON);
        assertEquals(0, one.wins());
    }

    @Test
    void shouldRejectARatioThatIsNotPositiveAndFinite()
    {
        for (final double bad : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY })
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> PairedRatios.summarise(new double[] { 1.0, bad }));
            assertEquals("ratio=" + bad + ": expected a positive finite ratio", ex.getMessage());
        }
    }

    @Test
    void shouldGiveStudentsQuantileForAnyDegreesOfFreedom()
    {
        assertEquals(12.706, PairedRatios.tQuantile(1), EPSILON);
        assertEquals(2.042, PairedRatios.tQuantile(30), EPSILON);
        // Beyond the table, within a thousandth of the exact quantiles (2.0211, 1.9840, 1.9799), falling towards z.
        assertEquals(2.0211, PairedRatios.tQuantile(40), 1e-3);
        assertEquals(1.9840, PairedRatios.tQuantile(100), 1e-3);
        assertEquals(1.9799, PairedRatios.tQuantile(120), 1e-3);
        assertThrows(IllegalArgumentException.class, () -> PairedRatios.tQuantile(0));
    }

    @Test
    void shouldRenderOneRowPerBenchmarkWithTheIntervalAndEveryPairsRatio()
    {
        final Map<String, double[]> ratios = new LinkedHashMap<>();
        ratios.put("ValueStateBenchmark.valueUpdate", new double[] { 0.8, 1.1, 1.0 });
        ratios.put("MapStateBenchmark.mapAdd", new double[] { 1.2 });

        final String[] lines = PairedRatios.render(ratios, "rocksdb", "flink-rocksdb").split("\n");

        assertEquals("| Benchmark | Pairs | Cairn rocksdb / flink-rocksdb (95% CI) | Median | Cairn faster | " +
            "Ratio of each pair, in run order |", lines[0]);
        final PairedRatios.Summary summary = PairedRatios.summarise(new double[] { 0.8, 1.1, 1.0 });
        assertEquals(String.format(java.util.Locale.ROOT,
            "| ValueStateBenchmark.valueUpdate | 3 | %.2f (%.2f–%.2f) | 1.00 | 1 of 3 | 0.80, 1.10, 1.00 |",
            summary.geometricMean(), summary.lower(), summary.upper()), lines[2]);
        assertEquals("| MapStateBenchmark.mapAdd | 1 | 1.20 | 1.20 | 1 of 1 | 1.20 |", lines[3]);
        assertTrue(lines[5].startsWith("Ratio: the rocksdb backend's speed divided by flink-rocksdb's"), lines[5]);
    }

    private static String thrpt(final String name, final String backend, final double score)
    {
        return JmhJson.result(name, "thrpt", "ops/ms", Map.of("backend", backend), score);
    }

    private static String avgt(final String name, final String backend, final double score)
    {
        return JmhJson.result(name, "avgt", "ms/op", Map.of("backend", backend), score);
    }

    /** @return the message with which pairing rocksdb with flink-rocksdb in {@code results} is rejected. */
    private static String pairingError(final String... results)
    {
        return assertThrows(IllegalArgumentException.class,
            () -> PairedRatios.pairs(parse(results), "rocksdb", "flink-rocksdb")).getMessage();
    }

    private static List<BenchmarkResult> parse(final String... results)
    {
        return BenchmarkResult.fromJmhJson(JsonReader.parse("[" + String.join(",", results) + "]"));
    }
}

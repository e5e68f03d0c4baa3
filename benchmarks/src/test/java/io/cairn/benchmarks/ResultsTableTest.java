package io.cairn.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsTableTest
{
    @Test
    void shouldRenderOneRowPerBackendWithScoreAllocationAndRatioToThePeer() throws IOException
    {
        final String table = ResultsTable.render(sampleResults(), ResultsTable.DEFAULT_REFERENCE);

        final String[] lines = table.split("\n");
        assertEquals("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) | Cairn offheap / peer |",
            lines[0]);
        assertEquals("| ValueStateBenchmark.valueGet | offheap | 9,001 ± 120 ops/ms | 16.0 |  |", lines[2]);
        assertEquals("| ValueStateBenchmark.valueGet | flink-hashmap | 4,500 ops/ms | 48.0 | 2.00 |", lines[3]);
        assertEquals("| MapStateBenchmark.mapGet | offheap | 5.432 ± 0.500 ops/ms | n/a |  |", lines[4]);
        assertTrue(table.contains("Settings: forks 2, warmup 3 x 1 s, measurement 5 x 1 s, threads 1."), table);
        assertTrue(table.contains("above 1, Cairn is faster"), table);
        assertTrue(table.contains("No gc.alloc.rate.norm (a run without -prof gc?): MapStateBenchmark.mapGet " +
            "(offheap).\n"), table);
    }

    @Test
    void shouldCompareTimesPerOperationOnlyBetweenRowsWithTheSameParams()
    {
        final String json = "[" +
            avgt("RescaleBenchmark.restore", "offheap", "1to2", 200.0) + "," +
            avgt("RescaleBenchmark.restore", "flink-hashmap", "1to2", 500.0) + "," +
            avgt("RescaleBenchmark.restore", "flink-hashmap", "2to1", 900.0) + "]";

        final String table = renderJson(json);

        final String[] lines = table.split("\n");
        final String outward = "| RescaleBenchmark.restore {keys=1000, rescale=1to2} | ";
        final String inward = "| RescaleBenchmark.restore {keys=1000, rescale=2to1} | ";
        assertEquals(outward + "offheap | 200 ms/op | 1024.0 |  |", lines[2]);
        assertEquals(outward + "flink-hashmap | 500 ms/op | 1024.0 | 2.50 |", lines[3]);
        assertEquals(inward + "flink-hashmap | 900 ms/op | 1024.0 |  |", lines[4]);
        assertTrue(!table.contains("No gc.alloc.rate.norm"), table);
    }

    @Test
    void shouldPairCairnRocksDbWithFlinkRocksDbBesideTheOffHeapComparisons()
    {
        final String json = "[" +
            avgt("SnapshotBenchmark.restore", "flink-rocksdb", "1to2", 400.0) + "," +
            avgt("SnapshotBenchmark.restore", "rocksdb", "1to2", 200.0) + "," +
            avgt("SnapshotBenchmark.restore", "flink-hashmap", "1to2", 300.0) + "," +
            avgt("SnapshotBenchmark.restore", "offheap", "1to2", 100.0) + "]";

        final String table = renderJson(json);

        final String[] lines = table.split("\n");
        final String name = "| SnapshotBenchmark.restore {keys=1000, rescale=1to2} | ";
        assertEquals("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) | Cairn offheap / peer | " +
            "Cairn rocksdb / flink-rocksdb |", lines[0]);
        assertEquals("|---|---|--:|--:|--:|--:|", lines[1]);
        assertEquals(name + "offheap | 100 ms/op | 1024.0 |  |  |", lines[2]);
        assertEquals(name + "rocksdb | 200 ms/op | 1024.0 |  |  |", lines[3]);
        assertEquals(name + "flink-rocksdb | 400 ms/op | 1024.0 | 4.00 | 2.00 |", lines[4]);
        assertEquals(name + "flink-hashmap | 300 ms/op | 1024.0 | 3.00 |  |", lines[5]);
        assertTrue(table.contains("Cairn rocksdb / flink-rocksdb: the rocksdb backend's speed divided by " +
            "flink-rocksdb's; above 1, Cairn is faster.\n"), table);
    }

    @Test
    void shouldPairCairnRocksDbOnFrocksdbWithFlinkRocksDbToo()
    {
        final String json = "[" +
            avgt("SnapshotBenchmark.restore", "flink-rocksdb", "1to2", 400.0) + "," +
            avgt("SnapshotBenchmark.restore", "rocksdb-frocksdbjni", "1to2", 100.0) + "," +
            avgt("SnapshotBenchmark.restore", "rocksdb", "1to2", 200.0) + "]";

        final String table = renderJson(json);

        final String[] lines = table.split("\n");
        final String name = "| SnapshotBenchmark.restore {keys=1000, rescale=1to2} | ";
        assertEquals("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) | " +
            "Cairn rocksdb / flink-rocksdb | Cairn rocksdb-frocksdbjni / flink-rocksdb |", lines[0]);
        assertEquals(name + "rocksdb | 200 ms/op | 1024.0 |  |  |", lines[2]);
        assertEquals(name + "rocksdb-frocksdbjni | 100 ms/op | 1024.0 |  |  |", lines[3]);
        assertEquals(name + "flink-rocksdb | 400 ms/op | 1024.0 | 2.00 | 4.00 |", lines[4]);
        assertTrue(table.contains("Cairn rocksdb-frocksdbjni / flink-rocksdb: the rocksdb-frocksdbjni backend's " +
            "speed divided by flink-rocksdb's; above 1, Cairn is faster.\n"), table);
    }

    @Test
    void shouldLeaveOutARocksDbColumnWhoseCairnBackendDidNotRun()
    {
        final String json = "[" +
            avgt("SnapshotBenchmark.restore", "flink-rocksdb", "1to2", 400.0) + "," +
            avgt("SnapshotBenchmark.restore", "rocksdb-frocksdbjni", "1to2", 100.0) + "]";

        final String table = renderJson(json);

        assertTrue(table.startsWith("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) | " +
            "Cairn rocksdb-frocksdbjni / flink-rocksdb |\n"), table);
        assertTrue(table.contains("| flink-rocksdb | 400 ms/op | 1024.0 | 4.00 |\n"), table);
    }

    @Test
    void shouldLeaveOutTheRocksDbColumnWhenFlinkRocksDbDidNotRun()
    {
        final String json = "[" +
            avgt("SnapshotBenchmark.restore", "offheap", "1to2", 100.0) + "," +
            avgt("SnapshotBenchmark.restore", "rocksdb", "1to2", 200.0) + "]";

        final String table = renderJson(json);

        assertTrue(table.startsWith("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) |\n"), table);
        assertTrue(table.contains("| rocksdb | 200 ms/op | 1024.0 |\n"), table);
    }

    @Test
    void shouldLeaveOutTheRatioColumnWhenThereIsNoPeer() throws IOException
    {
        final List<BenchmarkResult> cairnOnly = sampleResults();
        cairnOnly.removeIf(result -> !"offheap".equals(result.backend()));

        final String table = ResultsTable.render(cairnOnly, ResultsTable.DEFAULT_REFERENCE);

        assertTrue(table.startsWith("| Benchmark | Backend | Score (± error) | gc.alloc.rate.norm (B/op) |\n"), table);
        assertTrue(!table.contains(" / peer"), table);
    }

    @Test
    void shouldReadEscapesNumbersAndLiterals()
    {
        final Object parsed = JsonReader.parse("{\"a\\\"b\": [1.5e2, -3, true, false, null, \"\\u00e9\\n\"]}");

        final List<?> values = (List<?>)((Map<?, ?>)parsed).get("a\"b");
        assertEquals(List.of(150.0, -3.0, true, false), values.subList(0, 4));
        assertEquals(null, values.get(4));
        assertEquals("\u00e9\n", values.get(5));
    }

    @Test
    void shouldRejectATruncatedDocumentNamingTheOffset()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> JsonReader.parse("[{\"a\": 1"));
        assertTrue(ex.getMessage().startsWith("not JSON at offset=8"), ex.getMessage());
    }

    @Test
    void shouldNameTheFileOfAResultThatIsNotJsonOrNotAJmhResult()
    {
        final IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class,
            () -> BenchmarkResult.fromJmhJson("cut.json", "[{\"a\": 1"));
        assertTrue(notJson.getMessage().startsWith("file=cut.json: not JSON at offset=8"), notJson.getMessage());

        final IllegalArgumentException notJmh = assertThrows(IllegalArgumentException.class,
            () -> BenchmarkResult.fromJmhJson("object.json", "{}"));
        assertEquals("file=object.json: expected a JMH result file: a JSON array of benchmarks", notJmh.getMessage());
    }

    private static String avgt(final String name, final String backend, final String rescale, final double score)
    {
        final Map<String, String> params = new LinkedHashMap<>();
        params.put("backend", backend);
        params.put("keys", "1000");
        params.put("rescale", rescale);
        return JmhJson.result(name, "avgt", "ms/op", params, score);
    }

    private static List<BenchmarkResult> sampleResults() throws IOException
    {
        try (InputStream in = ResultsTableTest.class.getResourceAsStream("sample-result.json"))
        {
            return BenchmarkResult.fromJmhJson(JsonReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    /** The table of JMH's JSON results, compared with the default reference. */
    private static String renderJson(final String json)
    {
        return ResultsTable.render(BenchmarkResult.fromJmhJson(JsonReader.parse(json)), ResultsTable.DEFAULT_REFERENCE);
    }
}

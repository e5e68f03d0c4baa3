package io.cairn.benchmarks;

import java.util.Map;
import java.util.stream.Collectors;

/** JMH's JSON for one benchmark result, as a JMH run writes it with {@code -rf json}, for tests of the tools. */
final class JmhJson
{
    private JmhJson()
    {
    }

    /**
     * @param name   the class and method, e.g. {@code ValueStateBenchmark.valueGet}.
     * @param mode   JMH's mode: {@code thrpt} or {@code avgt}.
     * @param unit   the score's unit, e.g. {@code ops/ms}.
     * @param params the benchmark's params, the backend among them, in order.
     * @param score  the score.
     * @return one element of a result file, with 1,024 B/op allocated and no score error.
     */
    static String result(
        final String name, final String mode, final String unit, final Map<String, String> params, final double score)
    {
        final String paramsJson = params.entrySet().stream()
            .map(param -> "\"" + param.getKey() + "\": \"" + param.getValue() + "\"")
            .collect(Collectors.joining(", ", "{", "}"));
        return "{\"benchmark\": \"io.cairn.benchmarks." + name + "\", \"mode\": \"" + mode + "\", \"threads\": 1, " +
            "\"forks\": 1, \"warmupIterations\": 1, \"warmupTime\": \"1 s\", \"measurementIterations\": 3, " +
            "\"measurementTime\": \"1 s\", \"params\": " + paramsJson + ", \"primaryMetric\": {\"score\": " + score +
            ", \"scoreError\": \"NaN\", \"scoreUnit\": \"" + unit + "\"}, " +
            "\"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": 1024.0}}}";
    }
}

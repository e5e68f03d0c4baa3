package io.cairn.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark of a JMH JSON result file: its name, backend, score and allocation per operation.
 */
final class BenchmarkResult
{
    /** The {@code @Param} that names the backend. */
    static final String BACKEND_PARAM = "backend";

    /** The {@link #backend()} of a benchmark without a {@value #BACKEND_PARAM} param. */
    static final String NO_BACKEND = "-";

    private final String name;
    private final String backend;
    private final String mode;
    private final String unit;
    private final double score;
    private final double scoreError;
    private final double allocatedBytesPerOp;
    private final String settings;

    private BenchmarkResult(
        final String name,
        final String backend,
        final String mode,
        final String unit,
        final double score,
        final double scoreError,
        final double allocatedBytesPerOp,
        final String settings)
    {
        this.name = name;
        this.backend = backend;
        this.mode = mode;
        this.unit = unit;
        this.score = score;
        this.scoreError = scoreError;
        this.allocatedBytesPerOp = allocatedBytesPerOp;
        this.settings = settings;
    }

    /**
     * @param document the parsed JSON of a JMH result file: an array of benchmarks.
     * @return one result per benchmark and parameter set, in file order.
     * @throws IllegalArgumentException if the document is not a JMH result file.
     */
    static List<BenchmarkResult> fromJmhJson(final Object document)
    {
        if (!(document instanceof List))
        {
            throw new IllegalArgumentException("expected a JMH result file: a JSON array of benchmarks");
        }
        final List<BenchmarkResult> results = new ArrayList<>();
        for (final Object element : (List<?>)document)
        {
            results.add(fromJmhJson(asObject(element, "benchmark")));
        }
        return results;
    }

    /**
     * @param file the name of the result file, for errors.
     * @param json its text.
     * @return one result per benchmark and parameter set, in file order.
     * @throws IllegalArgumentException naming the file, if the text is not JSON or not a JMH result file.
     */
    static List<BenchmarkResult> fromJmhJson(final String file, final String json)
    {
        try
        {
            return fromJmhJson(JsonReader.parse(json));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("file=" + file + ": " + ex.getMessage(), ex);
        }
    }

    private static BenchmarkResult fromJmhJson(final Map<?, ?> benchmark)
    {
        final String fullName = String.valueOf(benchmark.get("benchmark"));
        final int method = fullName.lastIndexOf('.');
        final int type = fullName.lastIndexOf('.', method - 1);
        final StringBuilder name = new StringBuilder(fullName.substring(type + 1));

        String backend = NO_BACKEND;
        final Object params = benchmark.get("params");
        if (params instanceof Map)
        {
            final Map<String, String> others = new TreeMap<>();
            for (final Map.Entry<?, ?> param : ((Map<?, ?>)params).entrySet())
            {
                if (BACKEND_PARAM.equals(param.getKey()))
                {
                    backend = String.valueOf(param.getValue());
                }
                else
                {
                    others.put(String.valueOf(param.getKey()), String.valueOf(param.getValue()));
                }
            }
            if (!others.isEmpty())
            {
                name.append(' ').append(others);
            }
        }

        final Map<?, ?> primary = asObject(benchmark.get("primaryMetric"), "primaryMetric");
        double allocated = Double.NaN;
        final Object secondary = benchmark.get("secondaryMetrics");
        if (secondary instanceof Map && ((Map<?, ?>)secondary).get("gc.alloc.rate.norm") instanceof Map)
        {
            allocated = JsonReader.number(((Map<?, ?>)((Map<?, ?>)secondary).get("gc.alloc.rate.norm")).get("score"));
        }

        final String warmupIterations = integer(benchmark.get("warmupIterations"));
        final String settings = "forks " + integer(benchmark.get("forks")) +
            ", warmup " + ("0".equals(warmupIterations) ? "none" :
            warmupIterations + " x " + benchmark.get("warmupTime")) +
            ", measurement " + integer(benchmark.get("measurementIterations")) + " x " +
            benchmark.get("measurementTime") + ", threads " + integer(benchmark.get("threads"));

        return new BenchmarkResult(
            name.toString(),
            backend,
            String.valueOf(benchmark.get("mode")),
            String.valueOf(primary.get("scoreUnit")),
            JsonReader.number(primary.get("score")),
            JsonReader.number(primary.get("scoreError")),
            allocated,
            settings);
    }

    private static Map<?, ?> asObject(final Object value, final String what)
    {
        if (!(value instanceof Map))
        {
            throw new IllegalArgumentException("expected a JSON object for " + what + ", found " + value);
        }
        return (Map<?, ?>)value;
    }

    private static String integer(final Object value)
    {
        final double number = JsonReader.number(value);
        return Double.isNaN(number) ? "?" : Long.toString((long)number);
    }

    /** @return the benchmark's class and method, e.g. {@code ValueStateBenchmark.valueGet}, with other params. */
    String name()
    {
        return name;
    }

    /** @return the value of the {@code backend} param, or {@link #NO_BACKEND} if there is none. */
    String backend()
    {
        return backend;
    }

    /** @return JMH's mode, e.g. {@code thrpt}. */
    String mode()
    {
        return mode;
    }

    /** @return the unit of the score, e.g. {@code ops/ms}. */
    String unit()
    {
        return unit;
    }

    /** @return the score. */
    double score()
    {
        return score;
    }

    /** @return the half-width of the score's 99.9% confidence interval, or NaN if JMH had too few samples. */
    double scoreError()
    {
        return scoreError;
    }

    /** @return {@code gc.alloc.rate.norm} in bytes per operation, or NaN if the run had no GC profiler. */
    double allocatedBytesPerOp()
    {
        return allocatedBytesPerOp;
    }

    /** @return forks, warmup, measurement and threads, as one line. */
    String settings()
    {
        return settings;
    }

    /**
     * @param other a result of the same benchmark in the same unit, e.g. a peer's.
     * @return this result's speed divided by {@code other}'s, above 1 when this one is faster: the scores' ratio for
     * a throughput, inverted for a time per operation.
     */
    double speedOver(final BenchmarkResult other)
    {
        return higherIsBetter() ? score / other.score : other.score / score;
    }

    /** @return true if a larger score is better (a throughput), false for a time per operation. */
    boolean higherIsBetter()
    {
        return "thrpt".equals(mode);
    }
}

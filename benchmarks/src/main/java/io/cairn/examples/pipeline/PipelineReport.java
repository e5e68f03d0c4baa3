package io.cairn.examples.pipeline;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import io.cairn.checkpoint.CheckpointStatsSnapshot;
import io.cairn.checkpoint.CompletedCheckpoint;
import io.cairn.checkpoint.CompletedCheckpointStats;
import org.HdrHistogram.Histogram;

/**
 * The main job's report: throughput, state-access latency, checkpoints, restore and rescale, and the verdict of
 * the {@link CountCheck}. Every figure is measured in the run it reports.
 */
final class PipelineReport
{
    private static final double MIB = 1024.0 * 1024.0;
    private static final int LISTED = 5;

    private final PipelinePhase first;
    private final PipelinePhase second;
    private final SkewedKeyStream stream;
    private final CountCheck check;
    private final long runNanos;

    /**
     * @param first    the phase that crashed.
     * @param second   the phase that restored, rescaled and finished.
     * @param stream   the stream both read.
     * @param check    the exactly-once check.
     * @param runNanos how long the whole job took, check included.
     */
    PipelineReport(
        final PipelinePhase first,
        final PipelinePhase second,
        final SkewedKeyStream stream,
        final CountCheck check,
        final long runNanos)
    {
        this.first = first;
        this.second = second;
        this.stream = stream;
        this.check = check;
        this.runNanos = runNanos;
    }

    /**
     * @param out where the report goes.
     */
    void print(final PrintStream out)
    {
        final long counted = first.applied() + second.applied();
        final long processingNanos = first.processingNanos() + second.processingNanos();
        out.println("report");
        out.printf(Locale.ROOT, "  events        %,d in the stream; %,d counted, %,d of them twice (lost with the " +
            "crash, replayed)%n", stream.events(), counted, counted - stream.events());
        out.printf(Locale.ROOT, "  throughput    %,.0f events/s (%,d counted in %.2f s; %d then %d subtasks, each " +
            "reading the whole stream)%n", counted / (processingNanos / 1e9), counted, processingNanos / 1e9,
            first.parallelism(), second.parallelism());
        printLatency(out);
        printCheckpoints(out);
        final CompletedCheckpoint restored = second.restoredCheckpoint();
        out.printf(Locale.ROOT, "  restore       %.1f ms: %s found in %.1f ms, loaded into %d new backends in " +
            "%.1f ms%n", (second.reopenNanos() + second.loadNanos()) / 1e6, restored == null ? "no checkpoint" :
            "checkpoint " + restored.getCheckpointId() + " (" + size(restored.getSize()) + ")",
            second.reopenNanos() / 1e6, second.parallelism(), second.loadNanos() / 1e6);
        out.printf(Locale.ROOT, "  rescale       %d -> %d subtasks, key groups %s, resumed at positions %s;%n" +
            "                back at the crash position (%,d) %s%n", first.parallelism(), second.parallelism(),
            ranges(second), positions(second, true), highestPosition(first), catchUp());
        long memory = 0;
        for (final PipelineSubtask subtask : second.subtasks())
        {
            memory += PipelineSubtask.keyedBackend(subtask.agent()).getApproximateMemoryUsage();
        }
        out.printf(Locale.ROOT, "  state         %,d keys, %.1f MiB of off-heap memory in %d backends%n",
            check.expectedKeys(), memory / MIB, second.parallelism());
        out.printf(Locale.ROOT, "  run time      %.1f s, all included (stream tables, both runs, restore, check)%n",
            runNanos / 1e9);
        if (check.verified())
        {
            out.printf(Locale.ROOT, "VERIFIED: all %,d keys counted exactly once: every count equals a plain count " +
                "of the stream (%,d events)%n", check.expectedKeys(), check.expectedEvents());
            return;
        }
        out.printf(Locale.ROOT, "MISMATCH: %,d of %,d keys differ from a plain count of the stream (the state " +
            "counts %,d events, the stream has %,d), e.g.%n", check.differenceCount(), check.expectedKeys(),
            check.countedEvents(), check.expectedEvents());
        for (final String difference : check.differences())
        {
            out.println("  " + difference);
        }
    }

    private void printLatency(final PrintStream out)
    {
        final Histogram latency = new Histogram(3);
        for (final PipelinePhase phase : List.of(first, second))
        {
            for (final PipelineSubtask subtask : phase.subtasks())
            {
                latency.add(subtask.latency());
            }
        }
        out.printf(Locale.ROOT, "  state access  p50 %,d ns, p99 %,d ns, p99.9 %,d ns, max %,d ns (set key, get, " +
            "update; %,d timed: 1 in %d)%n", latency.getValueAtPercentile(50),
            latency.getValueAtPercentile(99), latency.getValueAtPercentile(99.9), latency.getMaxValue(),
            latency.getTotalCount(), PipelineSubtask.SAMPLE_EVERY);
    }

    private void printCheckpoints(final PrintStream out)
    {
        final CheckpointStatsSnapshot before = first.checkpointStats();
        final CheckpointStatsSnapshot after = second.checkpointStats();
        out.printf(Locale.ROOT, "  checkpoints   %d completed, %d failed or cut short by the end of a run%n",
            before.getCompleted() + after.getCompleted(), before.getFailed() + after.getFailed() +
            before.getInProgress());
        printSummary(out, first.parallelism(), before);
        printSummary(out, second.parallelism(), after);
        out.printf(Locale.ROOT, "      id  subtasks       size  duration  sync part  async part   (the last %d of " +
            "each run)%n", LISTED);
        printRows(out, first.parallelism(), before);
        printRows(out, second.parallelism(), after);
    }

    private static void printSummary(final PrintStream out, final int parallelism, final CheckpointStatsSnapshot stats)
    {
        if (stats.getCompleted() == 0)
        {
            out.printf(Locale.ROOT, "    at parallelism %d: none completed%n", parallelism);
            return;
        }
        out.printf(Locale.ROOT, "    at parallelism %d: %d, size p50 %s, max %s; duration p50 %d ms, p99 %d ms, " +
            "max %d ms; sync part max %.2f ms%n", parallelism, stats.getCompleted(),
            size(stats.getStateBytes().getP50()), size(stats.getStateBytes().getMax()),
            stats.getEndToEndMillis().getP50(), stats.getEndToEndMillis().getP99(), stats.getEndToEndMillis().getMax(),
            stats.getSyncMicros().getMax() / 1e3);
    }

    private static void printRows(final PrintStream out, final int parallelism, final CheckpointStatsSnapshot stats)
    {
        final List<CompletedCheckpointStats> recent = stats.getRecent();
        for (final CompletedCheckpointStats row : recent.subList(Math.max(0, recent.size() - LISTED), recent.size()))
        {
            out.printf(Locale.ROOT, "    %4d  %8d  %9s  %5d ms  %6.2f ms  %7.1f ms%n", row.getCheckpointId(),
                parallelism, size(row.getStateSize()), row.getEndToEndDurationMillis(),
                row.getMaxSyncDurationNanos() / 1e6, row.getMaxAsyncDurationNanos() / 1e6);
        }
    }

    private String catchUp()
    {
        long latest = 0;
        for (final PipelineSubtask subtask : second.subtasks())
        {
            if (subtask.catchUpNanos() == 0)
            {
                return "(not reached)";
            }
            latest = Math.max(latest, subtask.catchUpNanos());
        }
        return String.format(Locale.ROOT, "%,.0f ms after resuming", (latest - second.startNanos()) / 1e6);
    }

    /**
     * @param phase a phase whose subtasks have run.
     * @return the highest stream position its subtasks read.
     */
    static long highestPosition(final PipelinePhase phase)
    {
        long highest = 0;
        for (final PipelineSubtask subtask : phase.subtasks())
        {
            highest = Math.max(highest, subtask.position());
        }
        return highest;
    }

    /**
     * @param phase a phase whose subtasks have run.
     * @return the positions where its subtasks stopped, e.g. {@code 2,000,896 | 2,001,920}.
     */
    static String positions(final PipelinePhase phase)
    {
        return positions(phase, false);
    }

    /**
     * @param phase a phase that restored.
     * @return which checkpoint it restored, or that there was none.
     */
    static String restored(final PipelinePhase phase)
    {
        final CompletedCheckpoint checkpoint = phase.restoredCheckpoint();
        if (checkpoint == null)
        {
            return "no completed checkpoint: start over";
        }
        return String.format(Locale.ROOT, "restored checkpoint %d (%s) at parallelism %d in %.1f ms",
            checkpoint.getCheckpointId(), size(checkpoint.getSize()), phase.parallelism(),
            (phase.reopenNanos() + phase.loadNanos()) / 1e6);
    }

    private static String positions(final PipelinePhase phase, final boolean start)
    {
        final StringBuilder text = new StringBuilder();
        for (final PipelineSubtask subtask : phase.subtasks())
        {
            text.append(text.length() == 0 ? "" : " | ")
                .append(String.format(Locale.ROOT, "%,d", start ? subtask.startPosition() : subtask.position()));
        }
        return text.toString();
    }

    private static String ranges(final PipelinePhase phase)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < phase.parallelism(); i++)
        {
            text.append(i == 0 ? "" : " | ").append(phase.rangeOf(i).getStartKeyGroup()).append('-')
                .append(phase.rangeOf(i).getEndKeyGroup());
        }
        return text.toString();
    }

    private static String size(final long bytes)
    {
        return bytes >= MIB ? String.format(Locale.ROOT, "%.2f MiB", bytes / MIB) :
            String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
    }
}

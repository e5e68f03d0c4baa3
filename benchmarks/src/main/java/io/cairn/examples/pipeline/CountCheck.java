package io.cairn.examples.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.codec.VoidNamespace;
import io.cairn.codec.VoidNamespaceCodec;

/**
 * The main job's exactly-once check: the count of every key in the subtasks' state against a plain count of the
 * generated stream, made apart from the job (an array indexed by key: no backend, no checkpoint, no key groups,
 * no subtasks). A lost event leaves a count one short, an event counted twice one over, and a key in two subtasks
 * shows as well: any of them is a mismatch.
 */
final class CountCheck
{
    private static final int SHOWN = 10;

    private final int expectedKeys;
    private final long expectedEvents;
    private final long countedEvents;
    private final int differenceCount;
    private final List<String> differences;

    private CountCheck(
        final int expectedKeys,
        final long expectedEvents,
        final long countedEvents,
        final int differenceCount,
        final List<String> differences)
    {
        this.expectedKeys = expectedKeys;
        this.expectedEvents = expectedEvents;
        this.countedEvents = countedEvents;
        this.differenceCount = differenceCount;
        this.differences = differences;
    }

    /**
     * @param stream the generated stream.
     * @return the count of every key in it, indexed by key.
     */
    static long[] referenceCounts(final SkewedKeyStream stream)
    {
        final long[] counts = new long[stream.keys()];
        for (long position = 0; position < stream.events(); position++)
        {
            counts[stream.keyAt(position)]++;
        }
        return counts;
    }

    /**
     * Reads every subtask's counts back and compares them with the reference. Call it once the subtasks' threads
     * have ended.
     *
     * @param expected the reference counts, indexed by key.
     * @param subtasks the subtasks at the end of the stream.
     * @return the outcome.
     * @throws IllegalStateException if a backend cannot be read.
     */
    static CountCheck check(final long[] expected, final List<PipelineSubtask> subtasks)
    {
        final Map<Long, Long> counted = new HashMap<>();
        final List<String> differences = new ArrayList<>();
        int differenceCount = 0;
        long countedEvents = 0;
        for (final PipelineSubtask subtask : subtasks)
        {
            final KeyedStateBackend<Long> backend = PipelineSubtask.keyedBackend(subtask.agent());
            final Map<Long, Long> own = new HashMap<>();
            try
            {
                backend.applyToAllKeys(VoidNamespace.INSTANCE, VoidNamespaceCodec.INSTANCE, PipelineSubtask.COUNT,
                    (key, count) -> own.put(key, count.getLong(0)));
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException("reading the counts of subtask " +
                    subtask.agent().getSubtaskIndex() + " back failed: " + ex.getMessage(), ex);
            }
            for (final Map.Entry<Long, Long> entry : own.entrySet())
            {
                countedEvents += entry.getValue();
                if (counted.put(entry.getKey(), entry.getValue()) != null)
                {
                    differenceCount++;
                    show(differences, "key " + entry.getKey() + ": in more than one subtask");
                }
            }
        }
        int expectedKeys = 0;
        long expectedEvents = 0;
        for (int key = 0; key < expected.length; key++)
        {
            final long want = expected[key];
            final Long got = counted.remove((long)key);
            expectedKeys += want > 0 ? 1 : 0;
            expectedEvents += want;
            if (want > 0 ? got == null || got != want : got != null)
            {
                differenceCount++;
                show(differences, "key " + key + ": counted " + (got == null ? "nothing" : got) + ", stream has " +
                    (want == 0 ? "none" : want));
            }
        }
        for (final Map.Entry<Long, Long> entry : new TreeMap<>(counted).entrySet())
        {
            differenceCount++;
            show(differences, "key " + entry.getKey() + ": counted " + entry.getValue() + ", stream has none");
        }
        return new CountCheck(expectedKeys, expectedEvents, countedEvents, differenceCount, differences);
    }

    private static void show(final List<String> differences, final String difference)
    {
        if (differences.size() < SHOWN)
        {
            differences.add(difference);
        }
    }

    /** @return true if every key's count equals its count in the stream. */
    boolean verified()
    {
        return differenceCount == 0;
    }

    /** @return the number of distinct keys in the stream. */
    int expectedKeys()
    {
        return expectedKeys;
    }

    /** @return the number of events in the stream. */
    long expectedEvents()
    {
        return expectedEvents;
    }

    /** @return the sum of the counts in the state. */
    long countedEvents()
    {
        return countedEvents;
    }

    /** @return how many keys differ. */
    int differenceCount()
    {
        return differenceCount;
    }

    /** @return the first few differences, described. */
    List<String> differences()
    {
        return differences;
    }
}

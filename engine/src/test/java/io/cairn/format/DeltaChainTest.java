package io.cairn.format;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import io.cairn.codec.LongCodec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.cairn.format.StreamTestSupport.COUNT;
import static io.cairn.format.StreamTestSupport.EVENTS;
import static io.cairn.format.StreamTestSupport.TOTALS;
import static io.cairn.format.StreamTestSupport.goldenStates;
import static io.cairn.format.StreamTestSupport.longBytes;
import static io.cairn.format.StreamTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A partition's state is its full section in one stream, then its delta sections in later streams, each applied in
 * order, entry by entry ({@code docs/format.md}): a model of a value, a list and a map state is changed at random,
 * checkpointed as a full partition and then as deltas, and every prefix of the chain rebuilds the model as it was.
 */
class DeltaChainTest
{
    private static final int PARTITION = 9;
    private static final UnsafeBuffer EMPTY = new UnsafeBuffer(new byte[0]);
    private static final UnsafeBuffer WINDOW = utf8("w");
    private static final UnsafeBuffer MAP_NAMESPACE = longBytes(0);

    @Test
    void shouldRebuildTheStateFromAFullPartitionAndItsDeltasAppliedInOrder() throws IOException
    {
        final Random random = new Random(20_240_601L);
        final List<Model> models = new ArrayList<>();
        final List<byte[]> streams = new ArrayList<>();
        Model model = new Model();
        change(model, random, 200);
        models.add(model.copy());
        streams.add(write(model, null, 0));
        for (int checkpoint = 1; checkpoint <= 6; checkpoint++)
        {
            final Model base = model.copy();
            model = model.copy();
            change(model, random, 40);
            models.add(model.copy());
            streams.add(write(model, base, checkpoint));
        }

        for (int length = 1; length <= streams.size(); length++)
        {
            final Model restored = new Model();
            for (int i = 0; i < length; i++)
            {
                try (StateStreamReader reader =
                    StateStreamReader.open(new ByteStreamStateHandle("checkpoint-" + i, streams.get(i))))
                {
                    if (reader.hasPartition(PARTITION))
                    {
                        assertEquals(i > 0, reader.isDeltaPartition(PARTITION), "checkpoint " + i);
                        reader.readPartition(PARTITION, restored::apply);
                    }
                }
            }
            assertEquals(models.get(length - 1).toString(), restored.toString(), "a chain of " + length);
        }
    }

    private static void change(final Model model, final Random random, final int changes)
    {
        for (int i = 0; i < changes; i++)
        {
            final long key = random.nextInt(30);
            final int what = random.nextInt(8);
            if (what == 0)
            {
                model.counts.remove(key);
            }
            else if (what == 1)
            {
                model.counts.put(key, random.nextLong());
            }
            else if (what == 2)
            {
                model.events.remove(key);
            }
            else if (what == 3)
            {
                model.events.put(key, new ArrayList<>(List.of("r" + i, "s" + i)));
            }
            else if (what == 4 || what == 5)
            {
                model.events.computeIfAbsent(key, (k) -> new ArrayList<>()).add("a" + i);
            }
            else if (what == 6)
            {
                model.totals.computeIfAbsent(key, (k) -> new TreeMap<>()).put("m" + random.nextInt(4), (long)i);
            }
            else
            {
                final TreeMap<String, Long> map = model.totals.get(key);
                if (map != null && map.remove("m" + random.nextInt(4)) != null && map.isEmpty())
                {
                    model.totals.remove(key);
                }
            }
        }
    }

    /** Writes the model whole if {@code base} is null, else its changes since {@code base}. */
    private static byte[] write(final Model model, final Model base, final long checkpointId) throws IOException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final StateStreamWriter writer = new StateStreamWriter(out,
            StreamMeta.keyed(checkpointId, 1L, 128, KeyGroupRange.of(0, 127), LongCodec.INSTANCE, goldenStates()));
        final Model was = base == null ? new Model() : base;
        if (base == null)
        {
            writer.beginPartition(PARTITION);
        }
        else
        {
            writer.beginDeltaPartition(PARTITION);
        }
        for (final long key : union(was.counts, model.counts))
        {
            final Long now = model.counts.get(key);
            if (now == null)
            {
                writer.writeDelete(COUNT, longBytes(key), 0, 8, EMPTY, 0, 0);
            }
            else if (!now.equals(was.counts.get(key)))
            {
                writer.writeEntry(COUNT, longBytes(key), 0, 8, EMPTY, 0, 0, longBytes(now), 0, 8);
            }
        }
        for (final long key : union(was.events, model.events))
        {
            final List<String> before = was.events.getOrDefault(key, List.of());
            final List<String> now = model.events.getOrDefault(key, List.of());
            final boolean appended = now.size() >= before.size() && now.subList(0, before.size()).equals(before);
            if (!appended)
            {
                writer.writeDelete(EVENTS, longBytes(key), 0, 8, WINDOW, 0, 1);
            }
            for (final String element : appended ? now.subList(before.size(), now.size()) : now)
            {
                final UnsafeBuffer value = utf8(element);
                writer.writeEntry(EVENTS, longBytes(key), 0, 8, WINDOW, 0, 1, value, 0, value.capacity());
            }
        }
        for (final long key : union(was.totals, model.totals))
        {
            final Map<String, Long> before = was.totals.getOrDefault(key, new TreeMap<>());
            final Map<String, Long> now = model.totals.getOrDefault(key, new TreeMap<>());
            for (final String userKey : union(before, now))
            {
                final UnsafeBuffer mapKey = utf8(userKey);
                final Long value = now.get(userKey);
                if (value == null)
                {
                    writer.writeMapDelete(
                        TOTALS, longBytes(key), 0, 8, MAP_NAMESPACE, 0, 8, mapKey, 0, mapKey.capacity());
                }
                else if (!value.equals(before.get(userKey)))
                {
                    writer.writeMapEntry(TOTALS, longBytes(key), 0, 8, MAP_NAMESPACE, 0, 8,
                        mapKey, 0, mapKey.capacity(), longBytes(value), 0, 8);
                }
            }
        }
        writer.endPartition();
        writer.finish();
        return out.toByteArray();
    }

    private static <K extends Comparable<K>> TreeSet<K> union(final Map<K, ?> a, final Map<K, ?> b)
    {
        final TreeSet<K> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }

    /** A value state, a list state and a map state of one partition, one namespace each. */
    private static final class Model
    {
        private final TreeMap<Long, Long> counts = new TreeMap<>();
        private final TreeMap<Long, List<String>> events = new TreeMap<>();
        private final TreeMap<Long, TreeMap<String, Long>> totals = new TreeMap<>();

        Model copy()
        {
            final Model copy = new Model();
            copy.counts.putAll(counts);
            events.forEach((key, list) -> copy.events.put(key, new ArrayList<>(list)));
            totals.forEach((key, map) -> copy.totals.put(key, new TreeMap<>(map)));
            return copy;
        }

        /** Applies one entry as {@code docs/format.md} says: a delete removes, a put sets, appends or puts. */
        void apply(final StreamEntry entry)
        {
            final long key = entry.buffer().getLong(entry.keyOffset(), ByteOrder.BIG_ENDIAN);
            if (entry.stateIndex() == COUNT)
            {
                if (entry.isDelete())
                {
                    counts.remove(key);
                }
                else
                {
                    counts.put(key, entry.buffer().getLong(entry.valueOffset(), ByteOrder.BIG_ENDIAN));
                }
            }
            else if (entry.stateIndex() == EVENTS)
            {
                if (entry.isDelete())
                {
                    events.remove(key);
                }
                else
                {
                    events.computeIfAbsent(key, (k) -> new ArrayList<>())
                        .add(string(entry, entry.valueOffset(), entry.valueLength()));
                }
            }
            else
            {
                final String userKey = string(entry, entry.userKeyOffset(), entry.userKeyLength());
                if (entry.isDelete())
                {
                    final TreeMap<String, Long> map = totals.get(key);
                    if (map != null && map.remove(userKey) != null && map.isEmpty())
                    {
                        totals.remove(key);
                    }
                }
                else
                {
                    totals.computeIfAbsent(key, (k) -> new TreeMap<>())
                        .put(userKey, entry.buffer().getLong(entry.valueOffset(), ByteOrder.BIG_ENDIAN));
                }
            }
        }

        private static String string(final StreamEntry entry, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            entry.buffer().getBytes(offset, bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString()
        {
            return "counts=" + counts + ", events=" + events + ", totals=" + totals;
        }
    }
}

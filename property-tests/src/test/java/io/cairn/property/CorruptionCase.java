package io.cairn.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.RunnableFuture;

import io.cairn.backend.KeyedStateBackend;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.ByteStreamStateHandle;
import io.cairn.snapshot.CheckpointOptions;
import io.cairn.snapshot.CorruptedStateException;
import io.cairn.snapshot.KeyGroupsStateHandle;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.MemoryCheckpointStreamFactory;
import io.cairn.snapshot.SnapshotResult;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * A snapshot of {@code keys} keys of random state (drawn from {@code seed}), and the damage done to copies of it:
 * below {@value #ALL_OFFSETS_BELOW} bytes, one random bit flipped at every offset in turn; above, at a sample of
 * offsets (a quarter of them in the header, meta, index and footer); and truncations to a sample of lengths.
 *
 * <p>Each damaged copy is restored into a backend that is either new or has failed only restores of damaged
 * copies before: a failed restore must leave a backend empty and usable, so the two are alike, and a backend that
 * kept anything would refuse the next restore ({@link IllegalStateException}, not the expected
 * {@link CorruptedStateException}). Each backend is checked empty and usable after its last restore. A new backend
 * every {@value #RESTORES_PER_BACKEND} restores: opening a RocksDB backend costs milliseconds, and a small stream
 * has some thousand damaged copies.
 *
 * @param maxParallelism the number of key groups; writer and restoring backends own all of them.
 * @param keys           how many keys have state: a few, or thousands (several blocks in many key groups).
 * @param seed           what the state is made from.
 * @param samples        where to flip which bit, and where to cut, for samples.
 */
record CorruptionCase(int maxParallelism, int keys, long seed, List<Integer> samples)
{
    /** Streams shorter than this are damaged at every offset. */
    static final int ALL_OFFSETS_BELOW = 2048;

    /** How many damaged copies one backend restores before it is checked and replaced. */
    static final int RESTORES_PER_BACKEND = 256;

    private static final int SAMPLES = 48;
    private static final int TRUNCATIONS = 12;
    private static final int MAX_TEXT_LENGTH = 24;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789\u00e9\u4e2d";

    /** @return cases with a few keys (one in four) or thousands. */
    static Gen<CorruptionCase> cases()
    {
        final Gen<Integer> keyCounts = Generate.frequency(
            Pair.of(1, Generate.range(1, 6)),
            Pair.of(3, Generate.range(1000, 3000)));
        return Generate.pick(List.of(128, 37, 1)).zip(
            keyCounts,
            SourceDSL.longs().all(),
            lists().of(Generate.range(0, Integer.MAX_VALUE)).ofSize(SAMPLES),
            CorruptionCase::new);
    }

    /**
     * Takes the snapshot, checks that it restores to the model, then that every damaged copy fails to restore
     * with a {@link CorruptedStateException} naming the copy and leaves the backend empty and usable.
     *
     * @param backends the backend under test.
     * @throws Exception whatever a backend throws where no failure is expected.
     */
    void check(final SnapshotBackends backends) throws Exception
    {
        final StateModel model = new StateModel();
        final KeyGroupsStateHandle handle = writeAndSnapshot(backends, model);
        final SnapshotImage expected = SnapshotImage.of(model);
        final ByteStreamStateHandle stream = (ByteStreamStateHandle)handle.getDelegate();
        try (KeyedStateBackend<Long> restored = open(backends))
        {
            restored.restore(List.of(handle));
            final String differences = SnapshotImage.read(restored, expected).differencesFrom(expected);
            assertNull(differences, () -> "the undamaged snapshot does not restore to the model: " + differences);
        }

        final SnapshotStreamLayout layout = SnapshotStreamLayout.of(stream);
        final List<Damage> damages = damages(layout);
        for (int from = 0; from < damages.size(); from += RESTORES_PER_BACKEND)
        {
            final List<Damage> batch = damages.subList(from, Math.min(from + RESTORES_PER_BACKEND, damages.size()));
            try (KeyedStateBackend<Long> target = open(backends))
            {
                for (int i = 0; i < batch.size(); i++)
                {
                    expectCorruption(target, handle, layout, batch.get(i), i == 0 ? null : batch.get(i - 1));
                }
                checkEmptyAndUsable(target, "the failed restores of " + batch.size() + " damaged copies (" +
                    batch.get(0) + " .. " + batch.get(batch.size() - 1) + ")");
            }
        }
    }

    /**
     * One way to damage the stream: flip one bit, or cut it short.
     *
     * @param offset where to flip a bit, or -1.
     * @param bit    which bit, {@code 0..7}.
     * @param length the length to cut the stream to, or -1.
     */
    private record Damage(int offset, int bit, int length)
    {
        byte[] apply(final byte[] good)
        {
            if (length >= 0)
            {
                return Arrays.copyOf(good, length);
            }
            final byte[] bad = good.clone();
            bad[offset] ^= (byte)(1 << bit);
            return bad;
        }

        @Override
        public String toString()
        {
            return length >= 0 ? "cut-to-" + length : "bit-" + bit + "-flipped-at-" + offset;
        }
    }

    private List<Damage> damages(final SnapshotStreamLayout layout)
    {
        final int length = (int)layout.length();
        final List<Damage> damages = new ArrayList<>();
        if (length < ALL_OFFSETS_BELOW)
        {
            for (int offset = 0; offset < length; offset++)
            {
                damages.add(new Damage(offset, sample(offset) % Byte.SIZE, -1));
            }
        }
        else
        {
            for (int i = 0; i < SAMPLES; i++)
            {
                final int offset = i % 4 == 0 ? structureOffset(layout, sample(i)) : sample(i) % length;
                damages.add(new Damage(offset, sample(i + 1) % Byte.SIZE, -1));
            }
        }
        for (int i = 0; i < TRUNCATIONS; i++)
        {
            damages.add(new Damage(-1, 0, i == 0 ? length - 1 : sample(i) % length));
        }
        return damages;
    }
    private KeyGroupsStateHandle writeAndSnapshot(final SnapshotBackends backends, final StateModel model)
        throws Exception
    {
        try (KeyedStateBackend<Long> writer = open(backends))
        {
            SnapshotStates.registerAll(writer);
            for (final SnapshotWrite write : writes())
            {
                write.apply(writer, model);
            }
            final RunnableFuture<SnapshotResult<KeyedStateHandle>> future = writer.snapshot(
                1L, 1L, new MemoryCheckpointStreamFactory("corruption"), CheckpointOptions.forCheckpoint());
            future.run();
            final KeyedStateHandle handle = future.get().getJobManagerOwnedSnapshot();
            assertNotNull(handle, "the snapshot of " + keys + " keys with state has no handle");
            assertTrue(handle instanceof KeyGroupsStateHandle &&
                ((KeyGroupsStateHandle)handle).getDelegate() instanceof ByteStreamStateHandle,
                () -> "expected a KeyGroupsStateHandle over a ByteStreamStateHandle, got " + handle);
            return (KeyGroupsStateHandle)handle;
        }
    }

    /** @return the writes the seed makes: keys {@code 0..keys-1}, one or two writes each, in random states. */
    private List<SnapshotWrite> writes()
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<SnapshotWrite> writes = new ArrayList<>();
        for (long key = 0; key < keys; key++)
        {
            writes.add(new SnapshotWrite(key, StateId.COUNT, 0, random.nextLong(), ""));
            final StateId state = StateId.values()[random.nextInt(StateId.values().length)];
            writes.add(new SnapshotWrite(key, state, random.nextInt(StateCatalog.NAMESPACE_COUNT),
                random.nextLong(-1000, 1000), text(random)));
        }
        return writes;
    }

    private static String text(final SplittableRandom random)
    {
        final StringBuilder sb = new StringBuilder();
        final int length = random.nextInt(MAX_TEXT_LENGTH + 1);
        for (int i = 0; i < length; i++)
        {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * Restores a damaged copy into {@code target}, which is new or failed only restores of damaged copies (the
     * last of them {@code previous}), and expects a {@link CorruptedStateException} naming the copy.
     */
    private static void expectCorruption(
        final KeyedStateBackend<Long> target,
        final KeyGroupsStateHandle good,
        final SnapshotStreamLayout layout,
        final Damage damage,
        final Damage previous)
    {
        final String name = "corrupted-" + damage + ".cstream";
        final byte[] bytes = damage.apply(((ByteStreamStateHandle)good.getDelegate()).getData());
        final KeyGroupsStateHandle damaged =
            new KeyGroupsStateHandle(good.getKeyGroupRange(), new ByteStreamStateHandle(name, bytes));
        final String into = previous == null ? "into a new backend" :
            "into a backend whose earlier restores failed, the last of " + previous;
        try
        {
            target.restore(List.of(damaged));
        }
        catch (final CorruptedStateException ex)
        {
            assertTrue(ex.getMessage().contains(name),
                () -> damage + ": the message does not name the stream " + name + ": " + ex.getMessage());
            assertTrue(ex.getOffset() >= 0 && ex.getOffset() <= bytes.length,
                () -> damage + ": offset " + ex.getOffset() + " is outside the stream: " + ex.getMessage());
            return;
        }
        catch (final Exception ex)
        {
            fail("restoring " + damage + " " + into + " threw " + ex + "; expected a CorruptedStateException", ex);
        }
        fail(damage + " of " + layout + " was not detected: restoring it " + into + " succeeded");
    }

    private static void checkEmptyAndUsable(final KeyedStateBackend<Long> backend, final String what)
    {
        SnapshotStates.registerAll(backend);
        for (final StateId state : StateId.values())
        {
            for (int index = 0; index < (state.isNamespaced() ? StateCatalog.NAMESPACE_COUNT : 1); index++)
            {
                final int namespaceIndex = index;
                assertTrue(BulkOps.keysOf(backend, state, index).isEmpty(), () -> "after " + what + ", " +
                    state.stateName() + " has keys in namespace index " + namespaceIndex);
            }
        }
        backend.setCurrentKey(0L);
        assertEquals(0L, SnapshotStates.count(backend).value(), () -> "count after " + what);
        SnapshotStates.count(backend).update(7L);
        SnapshotStates.text(backend, 1).update("usable");
        assertEquals(7L, SnapshotStates.count(backend).value(), () -> "count after " + what + " and an update");
        assertEquals("usable", SnapshotStates.text(backend, 1).value(),
            () -> "text after " + what + " and an update");
    }

    private KeyedStateBackend<Long> open(final SnapshotBackends backends)
    {
        return backends.open(maxParallelism, KeyGroupRange.of(0, maxParallelism - 1));
    }

    private int sample(final int i)
    {
        return samples.get(i % samples.size());
    }

    private static int structureOffset(final SnapshotStreamLayout layout, final int sample)
    {
        final long head = layout.dataOffset();
        final long tail = layout.length() - layout.indexOffset();
        final long at = sample % (head + tail);
        return (int)(at < head ? at : layout.indexOffset() + at - head);
    }

    @Override
    public String toString()
    {
        return "CorruptionCase{maxParallelism=" + maxParallelism + ", keys=" + keys + ", seed=" + seed + "L, samples=" +
            samples + "}";
    }
}

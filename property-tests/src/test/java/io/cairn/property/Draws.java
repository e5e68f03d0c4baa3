package io.cairn.property;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * The random material one step is built from: every step draws all of it, whichever operation it turns out to be,
 * and each operation uses the parts it needs.
 *
 * <p>Why: QuickTheories shrinks a flat sequence of random draws. If operations drew different amounts, shrinking one
 * step into another operation would shift the draws of every later step and turn the rest of the failing sequence
 * into something else; with a fixed shape per step, a step can shrink into {@link Scenario.Skip} (or a simpler
 * operation) while the steps after it stay as they were.
 *
 * @param key            a key, for {@code setCurrentKey}.
 * @param choice         a small number, {@code 0..5}: which variant, enum constant or position.
 * @param namespaceIndex a namespace index, {@code 0..3}.
 * @param value          a long to add or store.
 * @param text           a string to store.
 * @param texts          0..3 strings, for addAll and update.
 * @param mapKey         a map key.
 * @param map            0..3 map entries, for putAll.
 * @param tooLarge       a string that encodes to more than the backend's max value length.
 * @param bulkSize       how many entries a fill writes, {@code 0..1200}: enough for one key group to outgrow
 *                       anything a backend starts with.
 */
record Draws(
    long key,
    int choice,
    int namespaceIndex,
    long value,
    String text,
    List<String> texts,
    int mapKey,
    Map<Integer, String> map,
    String tooLarge,
    int bulkSize)
{
    private static final int POOL_SIZE = 3;

    /** @return draws of a fixed shape, each part shrinking towards its simplest value. */
    static Gen<Draws> draws()
    {
        final Gen<Long> keys = Gens.keys();
        final Gen<Integer> choices = Generate.range(0, 5);
        final Gen<Integer> namespaceIndexes = Gens.namespaceIndexes();
        final Gen<Long> values = Gens.longs();
        final Gen<String> texts = Gens.texts();
        final Gen<List<String>> textPools = SourceDSL.lists().of(Gens.texts()).ofSize(POOL_SIZE);
        final Gen<Integer> sizes = Generate.range(0, POOL_SIZE);
        final Gen<Integer> mapKeys = Gens.mapKeys();
        final Gen<List<Integer>> mapKeyPools = SourceDSL.lists().of(Gens.mapKeys()).ofSize(POOL_SIZE);
        final Gen<String> tooLargeTexts = Gens.tooLargeTexts();
        final Gen<Integer> bulkSizes = Generate.frequency(
            Pair.of(1, Generate.range(0, 40)),
            Pair.of(1, Generate.range(0, 1200)));
        // Always every draw, always in this order.
        return random ->
        {
            final long key = keys.generate(random);
            final int choice = choices.generate(random);
            final int namespaceIndex = namespaceIndexes.generate(random);
            final long value = values.generate(random);
            final String text = texts.generate(random);
            final List<String> textPool = textPools.generate(random);
            final int listSize = sizes.generate(random);
            final int mapKey = mapKeys.generate(random);
            final List<Integer> mapKeyPool = mapKeyPools.generate(random);
            final int mapSize = sizes.generate(random);
            final String tooLarge = tooLargeTexts.generate(random);
            final int bulkSize = bulkSizes.generate(random);
            return new Draws(key, choice, namespaceIndex, value, text, List.copyOf(textPool.subList(0, listSize)),
                mapKey, mapOf(mapKeyPool.subList(0, mapSize), textPool), tooLarge, bulkSize);
        };
    }

    private static Map<Integer, String> mapOf(final List<Integer> keys, final List<String> values)
    {
        final Map<Integer, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++)
        {
            map.put(keys.get(i), values.get(i));
        }
        return Collections.unmodifiableMap(map);
    }
}

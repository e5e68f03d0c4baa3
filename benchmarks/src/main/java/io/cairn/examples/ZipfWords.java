package io.cairn.examples;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded, endless stream of words drawn from a vocabulary with Zipf's law (exponent 1): the word of rank
 * {@code r} (from 0) comes up in proportion to {@code 1 / (r + 1)}, as words of a natural language roughly do.
 * The same vocabulary size and seed give the same stream.
 */
final class ZipfWords
{
    private static final String[] SYLLABLES =
        { "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "da", "fe", "gu", "ho", "ja", "pe", "si", "zu" };

    private final String[] words;
    private final double[] cumulativeWeights;
    private final SplittableRandom random;

    /**
     * @param vocabulary the number of distinct words, at least 1.
     * @param seed       where the stream comes from.
     */
    ZipfWords(final int vocabulary, final long seed)
    {
        if (vocabulary < 1)
        {
            throw new IllegalArgumentException("vocabulary=" + vocabulary + "; expected >= 1");
        }
        words = new String[vocabulary];
        cumulativeWeights = new double[vocabulary];
        double total = 0;
        for (int rank = 0; rank < vocabulary; rank++)
        {
            words[rank] = word(rank);
            total += 1.0 / (rank + 1);
            cumulativeWeights[rank] = total;
        }
        random = new SplittableRandom(seed);
    }

    /**
     * @param rank a rank, {@code >= 0}.
     * @return the word of that rank: distinct ranks give distinct words (a bijective base-16 numeral of
     * syllables).
     */
    static String word(final int rank)
    {
        final StringBuilder word = new StringBuilder();
        long n = rank + 1L;
        while (n > 0)
        {
            n--;
            word.append(SYLLABLES[(int)(n % SYLLABLES.length)]);
            n /= SYLLABLES.length;
        }
        return word.toString();
    }

    /** @return the next word of the stream; the same String instance every time for a given word. */
    String next()
    {
        final double target = random.nextDouble() * cumulativeWeights[cumulativeWeights.length - 1];
        final int found = Arrays.binarySearch(cumulativeWeights, target);
        final int rank = found >= 0 ? found : Math.min(-found - 1, words.length - 1);
        return words[rank];
    }
}

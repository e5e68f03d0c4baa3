package io.cairn.examples;

/**
 * The validated command line of {@link WordCountExample}.
 */
final class WordCountOptions
{
    /** Events counted unless {@code --events} says otherwise. */
    static final long DEFAULT_EVENTS = 1_000_000;

    /** Distinct words unless {@code --vocabulary} says otherwise. */
    static final int DEFAULT_VOCABULARY = 50_000;

    /** The stream's seed unless {@code --seed} says otherwise. */
    static final long DEFAULT_SEED = 42;

    /** The largest vocabulary: it keeps the counts well inside the example's memory budget. */
    static final int MAX_VOCABULARY = 1_000_000;

    static final String USAGE =
        "usage: WordCountExample [--events N] [--vocabulary N] [--seed N]\n" +
        "  --events N      words in the generated stream, >= 1 (default " + DEFAULT_EVENTS + ")\n" +
        "  --vocabulary N  distinct words they are drawn from, 1.." + MAX_VOCABULARY +
        " (default " + DEFAULT_VOCABULARY + ")\n" +
        "  --seed N        seed of the stream, any long (default " + DEFAULT_SEED + ")\n" +
        "  --help          print this and exit";

    private final long events;
    private final int vocabulary;
    private final long seed;
    private final boolean help;

    private WordCountOptions(final long events, final int vocabulary, final long seed, final boolean help)
    {
        this.events = events;
        this.vocabulary = vocabulary;
        this.seed = seed;
        this.help = help;
    }

    /**
     * @param args the command line.
     * @return the options, defaults where an option is absent.
     * @throws IllegalArgumentException naming the option and what it expected, if an option is unknown, lacks a
     *                                  value or has a bad one.
     */
    static WordCountOptions parse(final String[] args)
    {
        long events = DEFAULT_EVENTS;
        long vocabulary = DEFAULT_VOCABULARY;
        long seed = DEFAULT_SEED;
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            switch (option)
            {
                case "--help":
                case "-h":
                    return new WordCountOptions(events, (int)vocabulary, seed, true);
                case "--events":
                    events = longValue(option, args, ++i, 1, Long.MAX_VALUE);
                    break;
                case "--vocabulary":
                    vocabulary = longValue(option, args, ++i, 1, MAX_VOCABULARY);
                    break;
                case "--seed":
                    seed = longValue(option, args, ++i, Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        return new WordCountOptions(events, (int)vocabulary, seed, false);
    }

    private static long longValue(
        final String option, final String[] args, final int index, final long min, final long max)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value");
        }
        final String text = args[index].replace("_", "");
        final long value;
        try
        {
            value = Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + "=" + args[index] + "; expected a whole number");
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(option + "=" + args[index] + "; expected " +
                (max == Long.MAX_VALUE ? ">= " + min : min + ".." + max));
        }
        return value;
    }

    /** @return the number of events in the stream. */
    long events()
    {
        return events;
    }

    /** @return the number of distinct words. */
    int vocabulary()
    {
        return vocabulary;
    }

    /** @return the stream's seed. */
    long seed()
    {
        return seed;
    }

    /** @return true if the user asked for the usage text. */
    boolean help()
    {
        return help;
    }
}

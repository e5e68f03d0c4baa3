package io.cairn.examples.pipeline;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The validated command line of {@link PipelineJob}. Options take their value as the next argument or after
 * {@code =} ({@code --events 100000} or {@code --events=100000}); numbers may contain {@code _} or {@code ,}.
 */
final class PipelineOptions
{
    /** Events in the stream unless {@code --events} says otherwise. */
    static final long DEFAULT_EVENTS = 4_000_000;

    /** Distinct keys unless {@code --keys} says otherwise. */
    static final int DEFAULT_KEYS = 100_000;

    /** Subtasks before the rescale unless {@code --parallelism} says otherwise. */
    static final int DEFAULT_PARALLELISM = 2;

    /** Milliseconds between checkpoints unless {@code --checkpoint-interval-ms} says otherwise. */
    static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 250;

    /** The stream's seed unless {@code --seed} says otherwise. */
    static final long DEFAULT_SEED = 42;

    /** The most keys: the reference count and the key tables stay small on the heap. */
    static final int MAX_KEYS = 2_000_000;

    /** The most subtasks before the rescale: each subtask is a thread that reads the whole stream. */
    static final int MAX_PARALLELISM = 32;

    static final long MIN_CHECKPOINT_INTERVAL_MS = 10;
    static final long MAX_CHECKPOINT_INTERVAL_MS = 3_600_000;

    static final String USAGE =
        "usage: PipelineJob [--events N] [--keys N] [--parallelism P] [--checkpoint-interval-ms N] [--dir PATH]\n" +
        "                   [--seed N] [--crash-at N]\n" +
        "  --events N                  events in the generated stream, 1.." + KeyGroupPositions.MAX_POSITION +
        " (default " + DEFAULT_EVENTS + ")\n" +
        "  --keys N                    distinct keys, drawn with Zipf's law, 1.." + MAX_KEYS + " (default " +
        DEFAULT_KEYS + ")\n" +
        "  --parallelism P             subtasks before the crash, 1.." + MAX_PARALLELISM + "; the job restores at " +
        "P + 1 (default " + DEFAULT_PARALLELISM + ")\n" +
        "  --checkpoint-interval-ms N  ms between periodic checkpoints, " + MIN_CHECKPOINT_INTERVAL_MS + ".." +
        MAX_CHECKPOINT_INTERVAL_MS + " (default " + DEFAULT_CHECKPOINT_INTERVAL_MS + ")\n" +
        "  --dir PATH                  where checkpoints go, in a new job directory (default: a temporary one)\n" +
        "  --seed N                    seed of the stream, any long (default " + DEFAULT_SEED + ")\n" +
        "  --crash-at N                stream position of the crash, 0..events, once a checkpoint has completed\n" +
        "                              (default: half the stream)\n" +
        "  --help                      print this and exit";

    private final long events;
    private final int keys;
    private final int parallelism;
    private final long checkpointIntervalMillis;
    private final Path directory;
    private final long seed;
    private final long crashAt;
    private final boolean help;

    private PipelineOptions(final Builder builder)
    {
        this.events = builder.events;
        this.keys = (int)builder.keys;
        this.parallelism = (int)builder.parallelism;
        this.checkpointIntervalMillis = builder.checkpointIntervalMillis;
        this.directory = builder.directory;
        this.seed = builder.seed;
        this.crashAt = builder.crashAt < 0 ? builder.events / 2 : builder.crashAt;
        this.help = builder.help;
    }

    /**
     * @param args the command line.
     * @return the options, defaults where an option is absent.
     * @throws IllegalArgumentException naming the option and what it expected, if an option is unknown, lacks a
     *                                  value or has a bad one.
     */
    static PipelineOptions parse(final String... args)
    {
        final Builder builder = new Builder();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            final int equals = arg.indexOf('=');
            final String option = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            if ("--help".equals(option) || "-h".equals(option))
            {
                builder.help = true;
                return new PipelineOptions(builder);
            }
            final String value;
            if (option.length() < arg.length())
            {
                value = arg.substring(equals + 1);
            }
            else if (isKnown(option))
            {
                if (++i >= args.length)
                {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                value = args[i];
            }
            else
            {
                value = null;
            }
            builder.set(option, value);
        }
        if (builder.crashAt > builder.events)
        {
            throw new IllegalArgumentException("--crash-at=" + builder.crashAt + "; expected at most --events=" +
                builder.events);
        }
        return new PipelineOptions(builder);
    }

    private static boolean isKnown(final String option)
    {
        switch (option)
        {
            case "--events":
            case "--keys":
            case "--parallelism":
            case "--checkpoint-interval-ms":
            case "--dir":
            case "--seed":
            case "--crash-at":
                return true;
            default:
                return false;
        }
    }

    /** @return the number of events in the stream. */
    long events()
    {
        return events;
    }

    /** @return the number of distinct keys. */
    int keys()
    {
        return keys;
    }

    /** @return the number of subtasks before the crash; the job restores at one more. */
    int parallelism()
    {
        return parallelism;
    }

    /** @return milliseconds between periodic checkpoints. */
    long checkpointIntervalMillis()
    {
        return checkpointIntervalMillis;
    }

    /** @return the checkpoint directory, or null for a temporary one. */
    Path directory()
    {
        return directory;
    }

    /** @return the stream's seed. */
    long seed()
    {
        return seed;
    }

    /** @return the stream position at which the subtasks crash (once a checkpoint has completed). */
    long crashAt()
    {
        return crashAt;
    }

    /** @return true if the user asked for the usage text. */
    boolean help()
    {
        return help;
    }

    /** The options as they are parsed. */
    private static final class Builder
    {
        private long events = DEFAULT_EVENTS;
        private long keys = DEFAULT_KEYS;
        private long parallelism = DEFAULT_PARALLELISM;
        private long checkpointIntervalMillis = DEFAULT_CHECKPOINT_INTERVAL_MS;
        private Path directory;
        private long seed = DEFAULT_SEED;
        private long crashAt = -1;
        private boolean help;

        void set(final String option, final String value)
        {
            switch (option)
            {
                case "--events":
                    events = longValue(option, value, 1, KeyGroupPositions.MAX_POSITION);
                    break;
                case "--keys":
                    keys = longValue(option, value, 1, MAX_KEYS);
                    break;
                case "--parallelism":
                    parallelism = longValue(option, value, 1, MAX_PARALLELISM);
                    break;
                case "--checkpoint-interval-ms":
                    checkpointIntervalMillis =
                        longValue(option, value, MIN_CHECKPOINT_INTERVAL_MS, MAX_CHECKPOINT_INTERVAL_MS);
                    break;
                case "--dir":
                    directory = directoryValue(option, value);
                    break;
                case "--seed":
                    seed = longValue(option, value, Long.MIN_VALUE, Long.MAX_VALUE);
                    break;
                case "--crash-at":
                    crashAt = longValue(option, value, 0, KeyGroupPositions.MAX_POSITION);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option: " + option);
            }
        }
    }

    private static long longValue(final String option, final String value, final long min, final long max)
    {
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.replace("_", "").replace(",", ""));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + "=" + value + "; expected a whole number");
        }
        if (parsed < min || parsed > max)
        {
            throw new IllegalArgumentException(option + "=" + value + "; expected " + min + ".." + max);
        }
        return parsed;
    }

    private static Path directoryValue(final String option, final String value)
    {
        final Path path;
        try
        {
            path = Path.of(value);
        }
        catch (final InvalidPathException ex)
        {
            throw new IllegalArgumentException(option + "=" + value + "; expected a directory path (" +
                ex.getReason() + ")");
        }
        if (value.isEmpty() || Files.exists(path) && !Files.isDirectory(path))
        {
            throw new IllegalArgumentException(option + "=" + value + "; expected a directory, or a path where one " +
                "can be created");
        }
        return path;
    }
}

package io.cairn.property;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Short, unambiguous renderings of generated data, so that a shrunk failing sequence reads as a program: long
 * strings are abbreviated, and characters outside printable ASCII are escaped.
 */
final class Show
{
    private static final int MAX_SHOWN_CHARS = 40;
    private static final int HEAD_CHARS = 24;
    private static final int TAIL_CHARS = 8;
    private static final int MAX_MOTIF_CHARS = 8;

    private Show()
    {
    }

    /**
     * @return {@code s} quoted and escaped when short, {@code "ab".repeat(40)} when it repeats a short motif, else
     * its head, tail and length.
     */
    static String string(final String s)
    {
        if (s == null)
        {
            return "null";
        }
        final int length = s.length();
        if (length <= MAX_SHOWN_CHARS / 2)
        {
            return quote(s);
        }
        for (int period = 1; period <= MAX_MOTIF_CHARS; period++)
        {
            if (length % period == 0 && s.equals(s.substring(0, period).repeat(length / period)))
            {
                return quote(s.substring(0, period)) + ".repeat(" + length / period + ")";
            }
        }
        if (length <= MAX_SHOWN_CHARS)
        {
            return quote(s);
        }
        return quote(s.substring(0, HEAD_CHARS)) + "..." + quote(s.substring(length - TAIL_CHARS)) +
            "(length=" + length + ")";
    }

    /** @return the list with each element rendered by {@link #string}. */
    static String strings(final List<String> values)
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++)
        {
            sb.append(i == 0 ? "" : ", ").append(string(values.get(i)));
        }
        return sb.append(']').toString();
    }

    /** @return the map sorted by key, each value rendered by {@link #string}. */
    static String map(final Map<Integer, String> values)
    {
        final StringBuilder sb = new StringBuilder("{");
        for (final Map.Entry<Integer, String> entry : new TreeMap<>(values).entrySet())
        {
            sb.append(sb.length() == 1 ? "" : ", ").append(entry.getKey()).append('=').append(string(entry.getValue()));
        }
        return sb.append('}').toString();
    }

    /** @return the namespace index with the namespaces it stands for. */
    static String namespace(final int index)
    {
        return "#" + index + "(" + StateCatalog.LONG_NAMESPACES.get(index) + "L|" +
            quote(StateCatalog.STRING_NAMESPACES.get(index)) + ")";
    }

    /** @return a namespace as it would be written in Java. */
    static String namespaceValue(final Object namespace)
    {
        if (namespace instanceof Long)
        {
            return namespace + "L";
        }
        return namespace instanceof String ? quote((String)namespace) : String.valueOf(namespace);
    }

    private static String quote(final String s)
    {
        final StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20 || c > 0x7E)
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}

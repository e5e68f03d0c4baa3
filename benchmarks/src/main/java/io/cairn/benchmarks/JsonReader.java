package io.cairn.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a JSON parser to read JMH's result files, so that the results table needs nothing beyond the JDK.
 *
 * <p>Objects become {@code Map<String, Object>} (in document order), arrays {@code List<Object>}, numbers
 * {@code Double}, and {@code true}, {@code false} and {@code null} themselves. JMH writes a missing score as the
 * string {@code "NaN"}; {@link #number(Object)} reads both.
 */
final class JsonReader
{
    private final String text;
    private int index;

    private JsonReader(final String text)
    {
        this.text = text;
    }

    /**
     * @param text a JSON document.
     * @return its value.
     * @throws IllegalArgumentException if the text is not JSON; the message gives the offset.
     */
    static Object parse(final String text)
    {
        final JsonReader reader = new JsonReader(text);
        final Object value = reader.readValue();
        reader.skipWhitespace();
        if (reader.index != text.length())
        {
            throw reader.error("expected the end of the document");
        }
        return value;
    }

    /**
     * @param value a parsed number, or a string such as {@code "NaN"}, or null.
     * @return the number, or {@link Double#NaN} if there is none.
     */
    static double number(final Object value)
    {
        if (value instanceof Double)
        {
            return (Double)value;
        }
        if (value instanceof String)
        {
            try
            {
                return Double.parseDouble((String)value);
            }
            catch (final NumberFormatException ex)
            {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private Object readValue()
    {
        skipWhitespace();
        if (index >= text.length())
        {
            throw error("expected a value");
        }
        final char c = text.charAt(index);
        switch (c)
        {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                return readLiteral("true", Boolean.TRUE);
            case 'f':
                return readLiteral("false", Boolean.FALSE);
            case 'n':
                return readLiteral("null", null);
            default:
                return readNumber();
        }
    }

    private Map<String, Object> readObject()
    {
        final Map<String, Object> object = new LinkedHashMap<>();
        index++;
        skipWhitespace();
        if (peek() == '}')
        {
            index++;
            return object;
        }
        while (true)
        {
            skipWhitespace();
            if (peek() != '"')
            {
                throw error("expected a member name");
            }
            final String name = readString();
            skipWhitespace();
            expect(':');
            object.put(name, readValue());
            skipWhitespace();
            if (peek() == ',')
            {
                index++;
            }
            else
            {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> readArray()
    {
        final List<Object> array = new ArrayList<>();
        index++;
        skipWhitespace();
        if (peek() == ']')
        {
            index++;
            return array;
        }
        while (true)
        {
            array.add(readValue());
            skipWhitespace();
            if (peek() == ',')
            {
                index++;
            }
            else
            {
                expect(']');
                return array;
            }
        }
    }

    private String readString()
    {
        final StringBuilder builder = new StringBuilder();
        index++;
        while (true)
        {
            if (index >= text.length())
            {
                throw error("unterminated string");
            }
            final char c = text.charAt(index++);
            if (c == '"')
            {
                return builder.toString();
            }
            if (c != '\\')
            {
                builder.append(c);
                continue;
            }
            if (index >= text.length())
            {
                throw error("unterminated escape");
            }
            final char escaped = text.charAt(index++);
            switch (escaped)
            {
                case 'b':
                    builder.append('\b');
                    break;
                case 'f':
                    builder.append('\f');
                    break;
                case 'n':
                    builder.append('\n');
                    break;
                case 'r':
                    builder.append('\r');
                    break;
                case 't':
                    builder.append('\t');
                    break;
                case 'u':
                    if (index + 4 > text.length())
                    {
                        throw error("truncated \\u escape");
                    }
                    builder.append((char)Integer.parseInt(text.substring(index, index + 4), 16));
                    index += 4;
                    break;
                default:
                    builder.append(escaped);
            }
        }
    }

    private Object readLiteral(final String literal, final Object value)
    {
        if (!text.startsWith(literal, index))
        {
            throw error("expected " + literal);
        }
        index += literal.length();
        return value;
    }

    private Double readNumber()
    {
        final int start = index;
        while (index < text.length() && "+-0123456789.eE".indexOf(text.charAt(index)) >= 0)
        {
            index++;
        }
        if (start == index)
        {
            throw error("unexpected character '" + text.charAt(index) + "'");
        }
        try
        {
            return Double.parseDouble(text.substring(start, index));
        }
        catch (final NumberFormatException ex)
        {
            throw error("bad number '" + text.substring(start, index) + "'");
        }
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        index++;
    }

    private char peek()
    {
        return index < text.length() ? text.charAt(index) : '\0';
    }

    private void skipWhitespace()
    {
        while (index < text.length() && Character.isWhitespace(text.charAt(index)))
        {
            index++;
        }
    }

    private IllegalArgumentException error(final String message)
    {
        return new IllegalArgumentException("not JSON at offset=" + index + ": " + message);
    }
}

package io.cairn.state;

import java.util.List;
import java.util.Objects;

import io.cairn.codec.Codec;

/**
 * Names a piece of keyed state and says how it is stored: its kind, its codecs and its functions.
 *
 * <p>Within one backend a state name stands for one descriptor: asking again with the same name and a different
 * kind or codec fails with {@link io.cairn.backend.IncompatibleStateException}. Descriptors are immutable.
 *
 * @param <S> the state interface this descriptor creates.
 */
public abstract class StateDescriptor<S extends State>
{
    private final String name;
    private final StateType type;

    StateDescriptor(final String name, final StateType type)
    {
        if (name == null || name.isEmpty())
        {
            throw new IllegalArgumentException("name=" + (name == null ? "null" : "\"\"") +
                "; expected a non-empty state name");
        }
        this.name = name;
        this.type = type;
    }

    /** @return the state's name, unique within a backend. */
    public final String getName()
    {
        return name;
    }

    /** @return the kind of state. */
    public final StateType getType()
    {
        return type;
    }

    /**
     * @return the codecs whose encodings the stored bytes depend on, in a fixed order (for a map: key, then
     * value). Two descriptors of one name are compatible when their types and these codecs' ids are equal.
     */
    public abstract List<Codec<?>> getCodecs();

    /**
     * @param other another descriptor.
     * @return true if state written under {@code other} can be read under this one: same name, same kind,
     * same codec ids.
     */
    public final boolean isCompatibleWith(final StateDescriptor<?> other)
    {
        if (!name.equals(other.name) || type != other.type)
        {
            return false;
        }
        final List<Codec<?>> mine = getCodecs();
        final List<Codec<?>> theirs = other.getCodecs();
        if (mine.size() != theirs.size())
        {
            return false;
        }
        for (int i = 0; i < mine.size(); i++)
        {
            if (!mine.get(i).codecId().equals(theirs.get(i).codecId()))
            {
                return false;
            }
        }
        return true;
    }

    static <T> T requireArgument(final T value, final String name)
    {
        if (value == null)
        {
            throw new IllegalArgumentException(name + "=null; expected a non-null value");
        }
        return value;
    }

    @Override
    public String toString()
    {
        final StringBuilder codecs = new StringBuilder();
        for (final Codec<?> codec : getCodecs())
        {
            codecs.append(codecs.length() == 0 ? "" : ", ").append(codec.codecId());
        }
        return getClass().getSimpleName() + "{name=" + name + ", type=" + type + ", codecs=[" + codecs + "]}";
    }

    @Override
    public final boolean equals(final Object o)
    {
        return o instanceof StateDescriptor && isCompatibleWith((StateDescriptor<?>)o);
    }

    @Override
    public final int hashCode()
    {
        return Objects.hash(name, type);
    }
}

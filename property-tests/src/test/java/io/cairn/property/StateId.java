package io.cairn.property;

import java.util.List;

import io.cairn.codec.VoidNamespace;

/** Names the states of {@link StateCatalog} where code treats them alike: getKeys and full comparisons. */
enum StateId
{
    /** {@link StateCatalog#TEXT}. */
    TEXT("text", StateCatalog.LONG_NAMESPACES),
    /** {@link StateCatalog#COUNT}. */
    COUNT("count", null),
    /** {@link StateCatalog#LIST}. */
    LIST("list", StateCatalog.STRING_NAMESPACES),
    /** {@link StateCatalog#MAP}. */
    MAP("map", StateCatalog.LONG_NAMESPACES),
    /** {@link StateCatalog#SUM}. */
    SUM("sum", null),
    /** {@link StateCatalog#AVG}. */
    AVG("avg", StateCatalog.STRING_NAMESPACES);

    private final String stateName;
    private final List<?> namespaces;

    StateId(final String stateName, final List<?> namespaces)
    {
        this.stateName = stateName;
        this.namespaces = namespaces;
    }

    /** @return the registered state name. */
    String stateName()
    {
        return stateName;
    }

    /** @return true if the state has namespaces other than {@link VoidNamespace}. */
    boolean isNamespaced()
    {
        return namespaces != null;
    }

    /**
     * @param namespaceIndex a namespace index, {@code 0..3}.
     * @return the state's namespace for that index.
     */
    Object namespace(final int namespaceIndex)
    {
        return isNamespaced() ? namespaces.get(namespaceIndex) : VoidNamespace.INSTANCE;
    }

    /**
     * @param namespaceIndex a namespace index, {@code 0..3}.
     * @return the index under which the model keeps the state's values: 0 for a state without namespaces.
     */
    int modelNamespace(final int namespaceIndex)
    {
        return isNamespaced() ? namespaceIndex : 0;
    }
}

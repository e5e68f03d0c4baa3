package io.cairn.state;

/** The kinds of keyed state. A state name keeps its kind for the life of a backend and across restores. */
public enum StateType
{
    /** {@link ValueState}. */
    VALUE,
    /** {@link ListState}. */
    LIST,
    /** {@link MapState}. */
    MAP,
    /** {@link ReducingState}. */
    REDUCING,
    /** {@link AggregatingState}. */
    AGGREGATING
}

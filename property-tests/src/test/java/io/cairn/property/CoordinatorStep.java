package io.cairn.property;

import java.util.List;
import java.util.Locale;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * One command of a coordinator scenario: a kind and two small numbers that pick its target among what exists when
 * it runs (a pending checkpoint, a subtask, an acknowledgement sent before), modulo their count. Every step has this
 * one shape, so a step shrinks into {@link Kind#SKIP} or a smaller pick without shifting the steps after it, and a
 * shrunk step is always runnable.
 *
 * @param kind   what to do.
 * @param target which checkpoint or earlier acknowledgement, {@code 0..7}, taken modulo the candidates.
 * @param choice which subtask or how far to move the clock, {@code 0..3}.
 */
record CoordinatorStep(Kind kind, int target, int choice)
{
    /** How far an {@link Kind#ADVANCE} moves the clock, by choice; the checkpoint timeout is 100 ms. */
    static final List<Long> ADVANCE_MILLIS = List.of(10L, 50L, 100L, 250L);

    /** What a step does. */
    enum Kind
    {
        /** Nothing: what shrinking turns a step the failure does not need into. */
        SKIP,
        /** Trigger a checkpoint (refused when as many as allowed are pending). */
        TRIGGER_CHECKPOINT,
        /** Trigger a savepoint (forced past the limit). */
        TRIGGER_SAVEPOINT,
        /** A subtask that has not yet acknowledged a pending checkpoint writes its state and acknowledges. */
        ACK,
        /** An acknowledgement sent before is sent again, unchanged. */
        REPEAT_ACK,
        /** A subtask that acknowledged before acknowledges the same checkpoint again, with other state. */
        ACK_OTHER_STATE,
        /** A subtask declines a pending checkpoint. */
        DECLINE,
        /** The clock moves, expiring what is pending for longer than the timeout. */
        ADVANCE,
        /** The coordinator's process dies without a shutdown and a new one starts on the same directory. */
        CRASH_AND_RESTART
    }

    /** @return steps, mostly acknowledgements and triggers, {@link Kind#SKIP} the shrink target. */
    static Gen<CoordinatorStep> steps()
    {
        final Gen<Kind> kinds = Generate.frequency(List.of(
            Pair.of(1, Generate.constant(Kind.SKIP)),
            Pair.of(5, Generate.constant(Kind.TRIGGER_CHECKPOINT)),
            Pair.of(2, Generate.constant(Kind.TRIGGER_SAVEPOINT)),
            Pair.of(14, Generate.constant(Kind.ACK)),
            Pair.of(2, Generate.constant(Kind.REPEAT_ACK)),
            Pair.of(1, Generate.constant(Kind.ACK_OTHER_STATE)),
            Pair.of(1, Generate.constant(Kind.DECLINE)),
            Pair.of(2, Generate.constant(Kind.ADVANCE)),
            Pair.of(1, Generate.constant(Kind.CRASH_AND_RESTART))));
        return kinds.zip(Generate.range(0, 7), Generate.range(0, 3), CoordinatorStep::new);
    }

    @Override
    public String toString()
    {
        switch (kind)
        {
            case TRIGGER_CHECKPOINT:
                return "triggerCheckpoint";
            case TRIGGER_SAVEPOINT:
                return "triggerSavepoint";
            case ADVANCE:
                return "advance(" + ADVANCE_MILLIS.get(choice) + " ms)";
            case CRASH_AND_RESTART:
                return "crashAndRestart";
            case SKIP:
                return "skip";
            default:
                return kind.name().toLowerCase(Locale.ROOT) + "(target=" + target + ", choice=" + choice + ")";
        }
    }
}

package io.cairn.property;

import java.util.List;
import java.util.Locale;

import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * One command of an incremental retention scenario: a kind, a small number that picks its target among what exists
 * when it runs (a retained checkpoint or a savepoint), modulo their count, and a seed for the random choices of the
 * subtasks that write a checkpoint (which key groups keep their chains, get a delta or a new base, or lose their
 * state). Every step has this one shape, so it shrinks into {@link Kind#SKIP} or smaller numbers and stays runnable.
 *
 * @param kind   what to do.
 * @param target which retained checkpoint or savepoint, {@code 0..7}, taken modulo the candidates.
 * @param seed   the subtasks' choices, {@code 0..999}.
 */
record IncrementalRetentionStep(Kind kind, int target, int seed)
{
    /** What a step does. */
    enum Kind
    {
        /** Nothing: what shrinking turns a step the failure does not need into. */
        SKIP,
        /** Complete an incremental checkpoint: the pending one if there is one, else a new one. */
        CHECKPOINT,
        /** A checkpoint whose subtasks write their streams, all but the last acknowledging: it stays pending. */
        TRIGGER,
        /** The last subtask declines the pending checkpoint. */
        ABORT,
        /** Take a savepoint (full, self-contained). */
        SAVEPOINT,
        /** Discard a retained checkpoint or a savepoint, as a user deleting it would. */
        DISCARD,
        /** The coordinator's process dies without a shutdown; a new one starts on the same directory and restores. */
        RESTART,
        /** The subtasks restore a retained checkpoint by its directory; later checkpoints build on its chains. */
        RESTORE_OLDER
    }

    /** @return steps, mostly checkpoints, {@link Kind#SKIP} the shrink target. */
    static Gen<IncrementalRetentionStep> steps()
    {
        final Gen<Kind> kinds = Generate.frequency(List.of(
            Pair.of(1, Generate.constant(Kind.SKIP)),
            Pair.of(8, Generate.constant(Kind.CHECKPOINT)),
            Pair.of(3, Generate.constant(Kind.TRIGGER)),
            Pair.of(1, Generate.constant(Kind.ABORT)),
            Pair.of(1, Generate.constant(Kind.SAVEPOINT)),
            Pair.of(2, Generate.constant(Kind.DISCARD)),
            Pair.of(2, Generate.constant(Kind.RESTART)),
            Pair.of(2, Generate.constant(Kind.RESTORE_OLDER))));
        return kinds.zip(Generate.range(0, 7), Generate.range(0, 999), IncrementalRetentionStep::new);
    }

    @Override
    public String toString()
    {
        switch (kind)
        {
            case CHECKPOINT:
            case TRIGGER:
                return kind.name().toLowerCase(Locale.ROOT) + "(seed=" + seed + ")";
            case DISCARD:
            case RESTORE_OLDER:
                return kind.name().toLowerCase(Locale.ROOT) + "(target=" + target + ")";
            default:
                return kind.name().toLowerCase(Locale.ROOT);
        }
    }
}

package io.cairn.backend;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;

import io.cairn.snapshot.CheckpointListener;
import io.cairn.snapshot.OperatorStateHandle;
import io.cairn.snapshot.Snapshotable;
import io.cairn.state.BroadcastState;
import io.cairn.state.ListState;
import io.cairn.state.ListStateDescriptor;
import io.cairn.state.MapStateDescriptor;

/**
 * The operator state of one subtask: state that belongs to the subtask, not to a key. It comes in three kinds,
 * which differ only in how a change of parallelism hands the state of the old subtasks to the new ones:
 * <ul>
 *     <li>split list state ({@link #getListState}): the elements of all old subtasks are dealt out, each element
 *     to exactly one new subtask, in even contiguous runs;</li>
 *     <li>union list state ({@link #getUnionListState}): every new subtask gets the elements of all old
 *     subtasks;</li>
 *     <li>broadcast state ({@link #getBroadcastState}): every new subtask gets one old subtask's map whole.</li>
 * </ul>
 * State names are one name space across the three kinds: a name stands for one kind and one descriptor, and asking
 * for it as another kind or with other codecs fails with {@link IncompatibleStateException}.
 *
 * <p>A backend is used by one thread at a time (the subtask's); it is not thread-safe. The asynchronous part of
 * a {@link #snapshot snapshot} may run on any thread.
 */
public interface OperatorStateBackend extends Snapshotable<OperatorStateHandle>, CheckpointListener, AutoCloseable
{
    /**
     * Returns the split list state of {@code descriptor}, registering it on first use (or claiming the state of
     * that name restored from a snapshot). There is one state object per name.
     *
     * @param descriptor the state.
     * @param <S>        the element type.
     * @return the state object.
     * @throws IncompatibleStateException if the name is registered or was restored as another kind or with other
     *                                    codecs.
     * @throws IllegalStateException      if the backend is closed.
     */
    <S> ListState<S> getListState(ListStateDescriptor<S> descriptor);

    /**
     * Returns the union list state of {@code descriptor}, registering it on first use (or claiming the state of
     * that name restored from a snapshot). There is one state object per name.
     *
     * @param descriptor the state.
     * @param <S>        the element type.
     * @return the state object.
     * @throws IncompatibleStateException if the name is registered or was restored as another kind or with other
     *                                    codecs.
     * @throws IllegalStateException      if the backend is closed.
     */
    <S> ListState<S> getUnionListState(ListStateDescriptor<S> descriptor);

    /**
     * Returns the broadcast state of {@code descriptor}, registering it on first use (or claiming the state of
     * that name restored from a snapshot). There is one state object per name.
     *
     * @param descriptor the state: its name and its key and value codecs.
     * @param <K>        the map's key type.
     * @param <V>        the map's value type.
     * @return the state object.
     * @throws IncompatibleStateException if the name is registered or was restored as another kind or with other
     *                                    codecs.
     * @throws IllegalStateException      if the backend is closed.
     */
    <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);

    /**
     * @return the names of the split and union list states, in the order they were registered or restored; a
     * read-only copy.
     * @throws IllegalStateException if the backend is closed.
     */
    Set<String> getRegisteredStateNames();

    /**
     * @return the names of the broadcast states, in the order they were registered or restored; a read-only
     * copy.
     * @throws IllegalStateException if the backend is closed.
     */
    Set<String> getRegisteredBroadcastStateNames();

    /**
     * Loads operator state from snapshots into a backend that holds no state yet (call it before any state is
     * asked for). Each handle names the states, and for split state the elements, to take from its stream; the
     * handles of a subtask after a change of parallelism come from
     * {@code io.cairn.operator.OperatorStateRedistributor}. Lists are appended to in the order of the handles.
     * Every stream to be read is read and checked in full (checksums, format, the counts the handles promise,
     * agreement between streams) before anything is loaded; on any failure the backend is left empty and usable.
     * Restored state is held as the stream's bytes until a descriptor claims it, and is snapshotted as it is if
     * none does.
     *
     * @param handles the snapshots' operator handles; null elements are skipped.
     * @throws io.cairn.snapshot.CorruptedStateException if a stream is damaged, truncated, foreign or newer, or
     *                                                  does not hold what its handle says.
     * @throws IncompatibleStateException               if two streams disagree on a state's kind, codecs or mode.
     * @throws IllegalStateException                    if the backend already holds state or is closed.
     * @throws IOException                              if a stream cannot be read.
     */
    void restore(Collection<? extends OperatorStateHandle> handles) throws IOException;

    /**
     * Releases the state. Idempotent. Afterwards every method but {@link #close()}, {@link #dispose()} and the
     * running of snapshots taken before throws {@link IllegalStateException}, and so do the state objects.
     */
    @Override
    void close();

    /** Releases the backend for good: the same as {@link #close()}, idempotent. */
    void dispose();
}

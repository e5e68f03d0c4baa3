package io.cairn.backend;

import java.io.IOException;
import java.util.Collection;
import java.util.stream.Stream;

import io.cairn.codec.Codec;
import io.cairn.keygroup.KeyGroupRange;
import io.cairn.snapshot.CheckpointListener;
import io.cairn.snapshot.KeyedStateHandle;
import io.cairn.snapshot.Snapshotable;
import io.cairn.state.State;
import io.cairn.state.StateDescriptor;

/**
 * The keyed state of one subtask: the state of the keys whose key groups lie in {@link #getKeyGroupRange()}.
 *
 * <p>A backend has a current key, set with {@link #setCurrentKey} before state is read or written; every state
 * object it hands out acts on that key. A backend is used by one thread at a time (the subtask's); it is not
 * thread-safe. It owns memory: {@link #close()} it.
 *
 * @param <K> the key type.
 */
public interface KeyedStateBackend<K> extends Snapshotable<KeyedStateHandle>, CheckpointListener, AutoCloseable
{
    /**
     * Loads the state of this backend's key groups from snapshots, into a backend that holds no state yet (call
     * it before any state is created). Each handle may come from a writer with other key groups (a change of
     * parallelism): only the key groups both own are read. Every part to be read is checked (checksums, format,
     * max parallelism, codecs) before anything is loaded; on any failure the backend is left empty and usable.
     *
     * @param handles the snapshots' keyed handles, e.g. of every subtask of the previous run.
     * @throws io.cairn.snapshot.CorruptedStateException if a stream is damaged, truncated, foreign or newer.
     * @throws IncompatibleStateException               if a snapshot was written with another max parallelism
     *                                                  or key codec, or two snapshots disagree on a state.
     * @throws IllegalStateException                    if the backend already holds state.
     * @throws IOException                              if a stream cannot be read.
     */
    void restore(Collection<? extends KeyedStateHandle> handles) throws IOException;

    /**
     * Makes {@code key} the current key, computing its key group from {@link Codec#hashCode} with
     * {@link io.cairn.keygroup.KeyGroupRangeAssignment#assignToKeyGroup}.
     *
     * @param key the key, not null.
     * @throws IllegalArgumentException if the key is null, too large, or its key group is not in this backend's
     *                                  range; the current key is then unchanged.
     */
    void setCurrentKey(K key);

    /**
     * Makes {@code key} the current key in the key group the host computed for it. The host promises that it
     * is the key group it will pass for this key every time.
     *
     * @param key      the key, not null.
     * @param keyGroup its key group, inside {@link #getKeyGroupRange()}.
     * @throws IllegalArgumentException if the key is null or too large or the key group is out of range; the
     *                                  current key is then unchanged.
     */
    void setCurrentKeyAndKeyGroup(K key, int keyGroup);

    /** @return the current key, or null if none was set. */
    K getCurrentKey();

    /** @return the key group of the current key, or -1 if none was set. */
    int getCurrentKeyGroupIndex();

    /** @return how keys are encoded (Flink calls this the key serializer). */
    Codec<K> getKeyCodec();

    /** @return the key groups this backend owns. */
    KeyGroupRange getKeyGroupRange();

    /** @return the total number of key groups of the job, its max parallelism. */
    int getNumberOfKeyGroups();

    /**
     * Returns the state object for {@code descriptor}, creating and registering the state on first use, with its
     * current namespace set to {@code namespace}. There is one state object per state name: a second call with
     * another namespace re-points the same object.
     *
     * @param namespace      the namespace, not null ({@link io.cairn.codec.VoidNamespace#INSTANCE} for none).
     * @param namespaceCodec how namespaces of this state are encoded; fixed at the state's first use.
     * @param descriptor     the state.
     * @param <N>            the namespace type.
     * @param <S>            the state interface.
     * @return the state object.
     * @throws IncompatibleStateException if the name is registered with another kind, codec or namespace codec.
     */
    <N, S extends State> S getPartitionedState(N namespace, Codec<N> namespaceCodec, StateDescriptor<S> descriptor);

    /**
     * Creates (or returns) the state for {@code descriptor} without choosing a namespace; the returned object
     * implements {@link InternalKvState} so the caller can switch namespaces itself.
     *
     * @param descriptor     the state.
     * @param namespaceCodec how namespaces of this state are encoded.
     * @param <N>            the namespace type.
     * @param <S>            the state interface.
     * @return the state object, in the namespace it was last set to (none yet if new).
     * @throws IncompatibleStateException if the name is registered with another kind, codec or namespace codec.
     */
    <N, S extends State> InternalKvState<N, S> createState(StateDescriptor<S> descriptor, Codec<N> namespaceCodec);

    /**
     * @param stateName a registered state's name.
     * @param namespace a namespace of that state.
     * @param <N>       the namespace type.
     * @return every key that has a value of {@code stateName} in {@code namespace}, each once, collected when this
     * method is called (changes made while consuming the stream do not show in it).
     * @throws IllegalArgumentException if no state of that name is registered.
     */
    <N> Stream<K> getKeys(String stateName, N namespace);

    /**
     * Calls {@code function} for every key that has a value of the state in {@code namespace}, with that key set
     * as the current key. The function may read, change or clear the state. The current key is restored after.
     *
     * @param namespace      the namespace.
     * @param namespaceCodec how namespaces of this state are encoded.
     * @param descriptor     the state.
     * @param function       what to do with each key.
     * @param <N>            the namespace type.
     * @param <S>            the state interface.
     * @throws Exception whatever the function throws; the keys after it are not visited.
     */
    <N, S extends State> void applyToAllKeys(
        N namespace, Codec<N> namespaceCodec, StateDescriptor<S> descriptor, KeyedStateFunction<K, S> function)
        throws Exception;

    /** @return the bytes of memory the backend holds now, including free space it keeps for reuse. */
    long getApproximateMemoryUsage();

    /**
     * Frees all memory the backend holds. Idempotent. Afterwards every state access, key change, state creation
     * and key listing throws {@link IllegalStateException}; the descriptive getters (key codec, key-group range,
     * number of key groups, memory usage, which is then 0) still answer.
     */
    @Override
    void close();

    /** Releases the backend for good: the same as {@link #close()}, idempotent. */
    void dispose();
}

package io.cairn.operator;

/** What a registered operator state holds: live objects, or the bytes it was restored from. */
interface OperatorStateContent
{
    /**
     * Encodes the content as it is now. Called by the synchronous part of a snapshot, so that later changes, even
     * to mutable elements, never reach the snapshot.
     *
     * @return the elements as bytes; immutable.
     */
    EncodedState encoded();
}

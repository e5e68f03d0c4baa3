package io.cairn.format;

/** Receives the entries of a stream's partition, in the order they were written. */
@FunctionalInterface
public interface StreamEntryConsumer
{
    /**
     * @param entry the entry; valid only during this call.
     */
    void accept(StreamEntry entry);
}

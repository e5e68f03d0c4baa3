/**
 * Filesystem checkpoint storage: where a job's checkpoints and savepoints are written, and how their files are
 * made durable.
 *
 * <p>{@link io.cairn.checkpoint.storage.FileSystemCheckpointStorage} is the entry point. It lays a job out as
 * {@code <base>/<job-id>/chk-<id>/} (state owned by one checkpoint), {@code shared/} (state several checkpoints
 * reference) and {@code taskowned/}, and savepoints as self-contained {@code savepoint-<prefix>-<random>/}
 * directories. The coordinator initialises a {@link io.cairn.checkpoint.storage.CheckpointStorageLocation} per
 * checkpoint; tasks write through an {@link io.cairn.checkpoint.storage.FsCheckpointStreamFactory}, each stream to
 * a new file with a random name, fsynced (with its directory) before its
 * {@link io.cairn.checkpoint.storage.FileStateHandle} is returned, and deleted if the stream is abandoned.
 * A handle reads its file back by positional reads, so a reader fetches only the parts of a stream it needs.
 */
package io.cairn.checkpoint.storage;

package io.cairn.rocksdb;

/**
 * RocksDB failed an operation of the RocksDB backend: an I/O error in the working directory (a full disk, a
 * removed directory), or an internal error. The message names the operation and carries RocksDB's status.
 * Whether a failed write was applied is unknown; the backend should be closed and restored from a snapshot.
 */
public final class RocksDbAccessException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being done.
     * @param cause   RocksDB's exception, or another cause.
     */
    public RocksDbAccessException(final String message, final Throwable cause)
    {
        super(message + ": " + cause.getMessage(), cause);
    }
}

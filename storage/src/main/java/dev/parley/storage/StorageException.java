package dev.parley.storage;

/** The database failed or could not be reached; the operation had no effect that callers can rely on. */
public final class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

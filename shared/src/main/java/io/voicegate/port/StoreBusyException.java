package io.voicegate.port;

/**
 * The store could not take a write right now and wrote nothing: another transaction held one of its items
 * (DynamoDB's {@code TransactionConflict}) or the table was throttled past the client's retries. Retrying the same
 * write later is safe; it is not the caller's fault and says nothing about the data (it is not "exists" or
 * "insufficient").
 */
public class StoreBusyException extends RuntimeException {

    public StoreBusyException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.voicegate.port;

/**
 * A queue port (dispatch, delivery, task checks, dead letters, record queues) could not take a message now: nothing
 * was sent. Callers retry (a batch item failure, a 503) rather than treat it as the message's fault.
 */
public class QueueUnavailableException extends RuntimeException {

    /**
     * @param message which queue and what was being sent
     * @param cause   the transport's error
     */
    public QueueUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

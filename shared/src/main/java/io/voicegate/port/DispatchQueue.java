package io.voicegate.port;

/** Where submitted requests wait for the dispatch worker. A message is a hint; the request record is the truth. */
public interface DispatchQueue {

    /** @throws QueueUnavailableException when the message could not be sent */
    void enqueue(String requestId);

    class QueueUnavailableException extends RuntimeException {
        public QueueUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

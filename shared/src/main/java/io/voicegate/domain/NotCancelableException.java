package io.voicegate.domain;

/**
 * The request can no longer be canceled: a Kling task exists or may exist (the dispatch worker has gone to create
 * it, whatever Kling answered), or the request already ended otherwise. Nothing changed.
 */
public class NotCancelableException extends RuntimeException {

    public NotCancelableException(String requestId) {
        super("request " + requestId + " can no longer be canceled");
    }
}

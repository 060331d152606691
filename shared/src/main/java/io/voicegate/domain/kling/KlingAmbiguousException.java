package io.voicegate.domain.kling;

import java.util.Optional;

/**
 * A create whose outcome is unknown: Kling's internal error or timeout (5000, 5002), or no usable answer at all
 * (read timeout, connection reset). The task may exist. Look it up by its external task id before creating again.
 */
public final class KlingAmbiguousException extends KlingException {

    public KlingAmbiguousException(String message, int code, Optional<String> requestId) {
        super(message, code, requestId, null);
    }

    public KlingAmbiguousException(String message, Throwable cause) {
        super(message, null, Optional.empty(), cause);
    }
}

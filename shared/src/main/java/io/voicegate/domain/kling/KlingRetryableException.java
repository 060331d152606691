package io.voicegate.domain.kling;

import java.util.Optional;

/**
 * Kling did not do it and doing it again later may work: rate or concurrency limit (1302, 1303), maintenance (5001),
 * or any failure of a call that changes nothing (query, list). Nothing was created. Retry with backoff.
 */
public final class KlingRetryableException extends KlingException {

    public KlingRetryableException(String message, int code, Optional<String> requestId) {
        super(message, code, requestId, null);
    }

    public KlingRetryableException(String message, Throwable cause) {
        super(message, null, Optional.empty(), cause);
    }
}

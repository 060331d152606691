package io.voicegate.domain.kling;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A Kling call that did not succeed, classified by what the caller should do next. The class is chosen from Kling's
 * business {@code code}, never from the HTTP status (Kling answers HTTP 429 for both passing and lasting conditions).
 * {@link #code()} and {@link #requestId()} are absent when no Kling answer was read (timeout, connection failure).
 */
public abstract sealed class KlingException extends RuntimeException
        permits KlingRetryableException, KlingAmbiguousException, KlingRejectedException, KlingOperatorException {

    private final Integer code;
    private final String requestId;

    KlingException(String message, Integer code, Optional<String> requestId, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.requestId = requestId.orElse(null);
    }

    /**
     * The exception for a non-zero business code. {@code creating} says whether the call was a task create: there
     * an internal error or timeout on Kling's side (5000, 5002) may still have created the task.
     */
    public static KlingException forCode(int code, String klingMessage, Optional<String> requestId,
                                         boolean creating) {
        String text = "Kling code " + code + ": " + klingMessage;
        if (code == 1302 || code == 1303 || code == 5001) {
            return new KlingRetryableException(text, code, requestId);
        }
        if (code >= 5000 && code <= 5999) {
            return creating ? new KlingAmbiguousException(text, code, requestId)
                    : new KlingRetryableException(text, code, requestId);
        }
        if (code >= 1200 && code <= 1203 || code == 1300 || code == 1301) {
            return new KlingRejectedException(code, klingMessage, requestId);
        }
        return new KlingOperatorException(text, code, requestId);
    }

    /** Kling's business code, e.g. 1303. */
    public OptionalInt code() {
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    /** Kling's {@code request_id} for this call, to quote to Kling support. */
    public Optional<String> requestId() {
        return Optional.ofNullable(requestId);
    }
}

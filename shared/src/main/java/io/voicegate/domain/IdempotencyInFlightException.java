package io.voicegate.domain;

import java.time.Duration;

/** A request with the same idempotency key is still being processed; the client should retry shortly. */
public class IdempotencyInFlightException extends RuntimeException {

    private final Duration retryAfter;

    public IdempotencyInFlightException(Duration retryAfter) {
        super("a request with this Idempotency-Key is still in flight");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}

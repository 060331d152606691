package io.voicegate.domain;

/** The idempotency key was first used with a different body. */
public class IdempotencyConflictException extends RuntimeException {

    public IdempotencyConflictException() {
        super("this Idempotency-Key was already used with a different request body");
    }
}

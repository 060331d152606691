package io.voicegate.domain;

/** The stable machine codes a failed request carries in {@code outcome.error_code}. */
public final class ErrorCodes {

    /** An SQS-submitted request failed validation; nothing was charged. */
    public static final String INVALID_REQUEST = "invalid_request";
    /** An SQS-submitted request could not be pre-charged; nothing was charged. */
    public static final String INSUFFICIENT_BALANCE = "insufficient_balance";
    /** An SQS-submitted request of a suspended account; nothing was charged. */
    public static final String ACCOUNT_SUSPENDED = "account_suspended";
    public static final String UPSTREAM_REJECTED = "upstream_rejected";
    public static final String CONTENT_POLICY = "content_policy";
    /** Kling accepted the task and later reported it failed (its {@code task_status_msg} is the error). */
    public static final String UPSTREAM_FAILED = "upstream_failed";
    public static final String DISPATCH_DEADLINE_EXCEEDED = "dispatch_deadline_exceeded";
    /** The request waited in our queue for a free Kling slot longer than the queue timeout; the hold is refunded. */
    public static final String QUEUE_TIMEOUT = "queue_timeout";
    /** Kling accepted the task but did not finish it (or no longer knew it) before the processing deadline. */
    public static final String PROCESSING_DEADLINE_EXCEEDED = "processing_deadline_exceeded";
    /** An SQS message's {@code Idempotency-Key} attribute breaks {@link IdempotencyKeys}' rule; nothing charged. */
    public static final String INVALID_IDEMPOTENCY_KEY = "invalid_idempotency_key";
    /** An SQS message reused an {@code Idempotency-Key} of another request with a different body; nothing charged. */
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";

    /**
     * An SQS-submitted request named a voice the account already has live (an open request or an existing voice of
     * that name); nothing charged.
     */
    public static final String VOICE_NAME_TAKEN = "voice_name_taken";
    /** The client canceled the request before a Kling task existed; the hold is refunded. */
    public static final String CANCELED = "canceled";

    private ErrorCodes() {
    }
}

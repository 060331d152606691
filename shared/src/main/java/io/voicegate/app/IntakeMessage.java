package io.voicegate.app;

import java.util.Optional;

/**
 * One SQS intake message: its id, the sending AWS principal, the body (read at the edge), and an optional explicit
 * idempotency key
 * exactly as sent (it is validated by {@link AcceptIntakeMessage}, like the HTTP header). Without one, the message id
 * is the key, so SQS redeliveries never submit twice.
 */
public record IntakeMessage(String messageId, Optional<String> senderId, SubmittedBody body,
                            Optional<String> explicitIdempotencyKey) {

    /** The key a message's submission is remembered under. */
    public String idempotencyKey() {
        return explicitIdempotencyKey.map(key -> "sqs-key:" + key).orElse(messageIdKey());
    }

    /** The key of the message itself: what a refused message is remembered under, so it is recorded once. */
    public String messageIdKey() {
        return "sqs-message:" + messageId;
    }
}

package io.voicegate.app;

import java.util.Optional;

/**
 * One SQS intake message: its id, the sending AWS principal, the body, and an optional explicit idempotency key.
 * Without one, the message id is the key, so SQS redeliveries never submit twice.
 */
public record IntakeMessage(String messageId, Optional<String> senderId, String body,
                            Optional<String> explicitIdempotencyKey) {

    public String idempotencyKey() {
        return explicitIdempotencyKey.map(key -> "sqs-key:" + key).orElse("sqs-message:" + messageId);
    }
}

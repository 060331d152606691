package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.app.IntakeMessage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SqsBatchesTest {

    /** The key is passed on as sent, so the use case can refuse it like over HTTP instead of ignoring it. */
    @Test
    void anOverLongIdempotencyKeyAttributeReachesTheUseCaseUnchanged() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        message.setBody("{}");
        message.setAttributes(Map.of("SenderId", "AIDAEXAMPLE"));
        SQSEvent.MessageAttribute key = new SQSEvent.MessageAttribute();
        key.setStringValue("k".repeat(300));
        message.setMessageAttributes(Map.of(SqsBatches.IDEMPOTENCY_KEY_ATTRIBUTE, key));

        IntakeMessage intake = SqsBatches.intakeMessage(message);

        assertThat(intake.explicitIdempotencyKey()).contains("k".repeat(300));
        assertThat(intake.messageIdKey()).isEqualTo("sqs-message:m-1");
    }
}

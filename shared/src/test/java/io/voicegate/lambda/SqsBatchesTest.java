package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import io.voicegate.app.IntakeMessage;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** A key sent as a Binary attribute is a bad key for the use case to refuse, not a missing one. */
    @Test
    void anIdempotencyKeyAttributeWithoutAStringValueIsAnEmptyKeyNotNone() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-2");
        message.setBody("{}");
        SQSEvent.MessageAttribute key = new SQSEvent.MessageAttribute();
        key.setDataType("Binary");
        key.setBinaryValue(ByteBuffer.wrap(new byte[] {1, 2}));
        message.setMessageAttributes(Map.of(SqsBatches.IDEMPOTENCY_KEY_ATTRIBUTE, key));

        assertThat(SqsBatches.intakeMessage(message).explicitIdempotencyKey()).contains("");
    }

    /** Done is deleted; a retry is a batch item failure whose redelivery waits the delay it named; so is a throw. */
    @Test
    void eachMessageIsDoneRetriedAfterItsDelayOrRetriedOnFailure() {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message("done", "1"), message("later", "3"), message("broken", "1")));
        List<String> delayed = new ArrayList<>();
        List<Integer> receives = new ArrayList<>();

        SQSBatchResponse response = SqsBatches.each(event, (handle, delay) -> delayed.add(handle + " " + delay),
                (message, received) -> {
                    receives.add(received);
                    return switch (message.getMessageId()) {
                        case "later" -> Optional.of(Duration.ofSeconds(received * 10L));
                        case "broken" -> throw new IllegalStateException("the store is down");
                        default -> Optional.empty();
                    };
                });

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("later", "broken");
        assertThat(delayed).containsExactly("receipt-later PT30S");
        assertThat(receives).containsExactly(1, 3, 1);
    }

    private static SQSEvent.SQSMessage message(String id, String receiveCount) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle("receipt-" + id);
        message.setBody("{}");
        message.setAttributes(Map.of("ApproximateReceiveCount", receiveCount));
        return message;
    }
}

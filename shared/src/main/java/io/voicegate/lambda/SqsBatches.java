package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.app.IntakeMessage;
import io.voicegate.app.RequestLogContext;
import io.voicegate.domain.Backoff;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs an SQS batch one message at a time and reports partial failures: a message whose processing throws is
 * listed in {@code batchItemFailures} (and so redelivered, then dead-lettered by the queue's redrive policy); the
 * others are deleted. Handlers decide what is permanent by not throwing for it.
 */
public final class SqsBatches {

    private static final Logger LOG = LoggerFactory.getLogger(SqsBatches.class);
    public static final String IDEMPOTENCY_KEY_ATTRIBUTE = "Idempotency-Key";

    private SqsBatches() {
    }

    public static SQSBatchResponse each(SQSEvent event, Consumer<SQSEvent.SQSMessage> process) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage message : records) {
            RequestLogContext.begin(null);
            try {
                process.accept(message);
            } catch (RetryLater e) {
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            } catch (RuntimeException e) {
                LOG.warn("message {} will be retried: {}", message.getMessageId(), e.toString());
                failures.add(SQSBatchResponse.BatchItemFailure.builder()
                        .withItemIdentifier(message.getMessageId()).build());
            } finally {
                RequestLogContext.end();
            }
        }
        return SQSBatchResponse.builder().withBatchItemFailures(failures).build();
    }

    /**
     * Like {@link #each}, for work that says "retry later": such a message stays on the queue, reported as a batch
     * item failure, with its redelivery pushed back by {@code backoff} on its receive count; the queue's redrive
     * policy dead-letters it after its last attempt.
     */
    public static SQSBatchResponse retrying(SQSEvent event, MessageDelays delays, Backoff backoff, Random random,
                                            RetryableWork work) {
        return each(event, message -> {
            int receives = receiveCount(message);
            if (work.process(message, receives) == Outcome.RETRY) {
                delays.delay(message.getReceiptHandle(), backoff.delay(receives, random));
                throw new RetryLater();
            }
        });
    }

    public enum Outcome { DONE, RETRY }

    @FunctionalInterface
    public interface RetryableWork {
        /** @param receives how many times the message was received, this time included */
        Outcome process(SQSEvent.SQSMessage message, int receives);
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        try {
            return Math.max(1, Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Thrown by a message's processing to have it retried later without it counting as an error. */
    public static final class RetryLater extends RuntimeException {
        public RetryLater() {
            super("retry later", null, false, false);
        }
    }

    public static IntakeMessage intakeMessage(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        Optional<String> key = Optional.ofNullable(message.getMessageAttributes())
                .map(a -> a.get(IDEMPOTENCY_KEY_ATTRIBUTE))
                .map(SQSEvent.MessageAttribute::getStringValue);
        return new IntakeMessage(message.getMessageId(), Optional.ofNullable(attributes.get("SenderId")),
                message.getBody() == null ? "" : message.getBody(), key);
    }
}

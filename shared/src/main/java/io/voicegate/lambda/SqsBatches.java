package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.app.IntakeMessage;
import io.voicegate.app.RequestLogContext;
import io.voicegate.json.JsonBodyDecoder;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
     * Runs a batch whose work may ask to retry a message later: such a message stays on the queue, reported as a
     * batch item failure without counting as an error, with its redelivery pushed back by the delay the work named;
     * the queue's redrive policy dead-letters it after its last attempt. A message whose work throws is retried
     * too, at the queue's visibility timeout, and logged.
     */
    public static SQSBatchResponse each(SQSEvent event, MessageDelays delays, Work<SQSEvent.SQSMessage> work) {
        return each(event, message -> {
            Optional<Duration> retry = work.retryAfter(message, receiveCount(message));
            if (retry.isPresent()) {
                delays.delay(message.getReceiptHandle(), retry.get());
                throw new RetryLater();
            }
        });
    }

    /** One message's work in a batch that retries: the one shape "retry later" takes on its way to the queue. */
    @FunctionalInterface
    public interface Work<M> {
        /**
         * @param receives how many times the message was received, this time included
         * @return empty when the message is done with (it is deleted); otherwise the delay before its next attempt
         */
        Optional<Duration> retryAfter(M message, int receives);
    }

    static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        try {
            return Math.max(1, Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** How a retried message leaves its work: reported as a batch item failure, not logged as an error. */
    private static final class RetryLater extends RuntimeException {
        RetryLater() {
            super("retry later", null, false, false);
        }
    }

    public static IntakeMessage intakeMessage(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        // An attribute sent without a string value (a Binary one) is a key that breaks the rule, not an absent key:
        // read as empty, it is refused like any other bad key instead of falling back to the message id.
        Optional<String> key = Optional.ofNullable(message.getMessageAttributes())
                .map(a -> a.get(IDEMPOTENCY_KEY_ATTRIBUTE))
                .map(a -> a.getStringValue() == null ? "" : a.getStringValue());
        return new IntakeMessage(message.getMessageId(), Optional.ofNullable(attributes.get("SenderId")),
                JsonBodyDecoder.read(message.getBody() == null ? "" : message.getBody()), key);
    }
}

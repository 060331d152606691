package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.adapter.sqs.DispatchMessage;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.domain.Backoff;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Random;

/**
 * One batch of the delivery queue: each message names a settled request whose final record is delivered; failures
 * are retried with jittered exponential backoff for about a day, then the queue dead-letters the message.
 */
public final class DeliveryBatch {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryBatch.class);

    private final DeliverFinalRecord deliver;
    private final MessageDelays delays;
    private final Backoff backoff;
    private final Random random;

    public DeliveryBatch(DeliverFinalRecord deliver, MessageDelays delays, Backoff backoff, Random random) {
        this.deliver = deliver;
        this.delays = delays;
        this.backoff = backoff;
        this.random = random;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return SqsBatches.retrying(event, delays, backoff, random, (message, receives) -> {
            Optional<DispatchMessage.Decoded> decoded = DispatchMessage.decode(message.getBody());
            if (decoded.isEmpty()) {
                LOG.error("delivery message {} names no request; dropped", message.getMessageId());
                return SqsBatches.Outcome.DONE;
            }
            return deliver.deliver(decoded.get().requestId()) == DeliverFinalRecord.Result.RETRY
                    ? SqsBatches.Outcome.RETRY : SqsBatches.Outcome.DONE;
        });
    }
}

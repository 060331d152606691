package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.adapter.sqs.DispatchMessage;
import io.voicegate.app.DispatchRequest;
import io.voicegate.domain.Backoff;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * One batch of the dispatch queue: each message names a request to send to Kling. A request to retry stays on the
 * queue, reported as a batch item failure, with its redelivery pushed back by jittered exponential backoff on its
 * receive count; the queue's redrive policy dead-letters it after its last attempt.
 */
public final class DispatchBatch {

    private static final Logger LOG = LoggerFactory.getLogger(DispatchBatch.class);

    private final DispatchRequest dispatch;
    private final MessageDelays delays;
    private final Backoff backoff;
    private final Random random;

    public DispatchBatch(DispatchRequest dispatch, MessageDelays delays, Backoff backoff, Random random) {
        this.dispatch = dispatch;
        this.delays = delays;
        this.backoff = backoff;
        this.random = random;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return SqsBatches.each(event, message -> {
            Optional<DispatchMessage.Decoded> decoded = DispatchMessage.decode(message.getBody());
            if (decoded.isEmpty()) {
                // Only the gateway writes this queue; a body that is not ours can never succeed, so it is dropped.
                LOG.error("dispatch message {} is not a dispatch message; dropped", message.getMessageId());
                return;
            }
            int receives = receiveCount(message);
            boolean mayExist = receives > 1 || decoded.get().recheck();
            if (dispatch.dispatch(decoded.get().requestId(), mayExist) == DispatchRequest.Result.RETRY) {
                delays.delay(message.getReceiptHandle(), backoff.delay(receives, random));
                throw new SqsBatches.RetryLater();
            }
        });
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        Map<String, String> attributes = message.getAttributes() == null ? Map.of() : message.getAttributes();
        try {
            return Math.max(1, Integer.parseInt(attributes.getOrDefault("ApproximateReceiveCount", "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}

package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.adapter.sqs.DispatchMessage;
import io.voicegate.app.DispatchRequest;
import io.voicegate.domain.Backoff;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Random;

/** One batch of the dispatch queue: each message names a request to send to Kling, retried with backoff. */
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
        return SqsBatches.retrying(event, delays, backoff, random, (message, receives) -> {
            Optional<DispatchMessage.Decoded> decoded = DispatchMessage.decode(message.getBody());
            if (decoded.isEmpty()) {
                // Only the gateway writes this queue; a body that is not ours can never succeed, so it is dropped.
                LOG.error("dispatch message {} is not a dispatch message; dropped", message.getMessageId());
                return SqsBatches.Outcome.DONE;
            }
            boolean mayExist = receives > 1 || decoded.get().recheck();
            return dispatch.dispatch(decoded.get().requestId(), mayExist) == DispatchRequest.Result.RETRY
                    ? SqsBatches.Outcome.RETRY : SqsBatches.Outcome.DONE;
        });
    }
}

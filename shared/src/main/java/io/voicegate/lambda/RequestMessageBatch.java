package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.adapter.sqs.RequestMessage;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.RefreshKlingTask;
import io.voicegate.app.RequestLogContext;
import io.voicegate.domain.Backoff;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * A batch of one of the gateway's own queues whose messages name a request (dispatch, delivery), run by
 * {@link SqsBatches#each(SQSEvent, MessageDelays, SqsBatches.Work)}: work that asks to retry stays on the queue
 * with its redelivery pushed back by the delay it names, and the queue's redrive policy dead-letters it after its
 * last attempt. A body that is not ours can never succeed (only the gateway writes these queues), so it is logged
 * and dropped.
 */
public final class RequestMessageBatch {

    private static final Logger LOG = LoggerFactory.getLogger(RequestMessageBatch.class);

    /** What a delivery is retried after when it has no delay of its own (its last attempt: the queue parks it). */
    static final Duration LAST_DELIVERY_RETRY = Duration.ofMinutes(1);

    private final String queue;
    private final MessageDelays delays;
    private final SqsBatches.Work<RequestMessage.Decoded> work;

    /**
     * @param queue  the queue's name, for the logs
     * @param delays pushes a retried message's redelivery back (SQS {@code ChangeMessageVisibility})
     * @param work   one decoded message's work: empty when done, or the delay before it is tried again
     */
    public RequestMessageBatch(String queue, MessageDelays delays, SqsBatches.Work<RequestMessage.Decoded> work) {
        this.queue = queue;
        this.delays = delays;
        this.work = work;
    }

    /**
     * The dispatch queue's batch: scheduled task checks, and dispatches retried by {@code backoff} (fully
     * jittered) on the receive count. A message received before, or re-sent by the sweeper, may already have
     * its Kling task.
     */
    public static RequestMessageBatch dispatch(DispatchRequest dispatch, RefreshKlingTask refresh,
                                               MessageDelays delays, Backoff backoff, Random random) {
        return new RequestMessageBatch("dispatch", delays, (message, receives) -> {
            if (message.checkSince().isPresent()) {
                refresh.check(message.requestId(), message.checkSince().get());
                return Optional.empty();
            }
            boolean taskMayExist = receives > 1 || message.taskMayExist();
            return dispatch.dispatch(message.requestId(), taskMayExist) == DispatchRequest.Result.RETRY
                    ? Optional.of(backoff.delay(receives, random)) : Optional.empty();
        });
    }

    /**
     * The delivery queue's batch: each retry waits the delay the attempt chose, so the attempt's record can
     * announce when the next one is due.
     */
    public static RequestMessageBatch delivery(DeliverFinalRecord deliver, MessageDelays delays) {
        return new RequestMessageBatch("delivery", delays, (message, receives) -> {
            DeliverFinalRecord.Delivery delivery = deliver.deliver(message.requestId(), message.finalRecord(),
                    receives);
            return delivery.result() == DeliverFinalRecord.Result.RETRY
                    ? Optional.of(delivery.retryIn().orElse(LAST_DELIVERY_RETRY)) : Optional.empty();
        });
    }

    public SQSBatchResponse handle(SQSEvent event) {
        return SqsBatches.each(event, delays, (message, receives) -> {
            Optional<RequestMessage.Decoded> decoded = RequestMessage.decode(message.getBody());
            if (decoded.isEmpty()) {
                LOG.error("{} message {} names no request; dropped", queue, message.getMessageId());
                return Optional.empty();
            }
            RequestLogContext.request(decoded.get().requestId());
            return work.retryAfter(decoded.get(), receives);
        });
    }
}

package io.voicegate.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.adapter.sqs.RequestMessage;
import io.voicegate.app.RequestLogContext;
import io.voicegate.domain.Backoff;
import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * A batch of one of the gateway's own queues whose messages name a request (dispatch, delivery). Work that asks to
 * retry stays on the queue with its redelivery pushed back by jittered exponential backoff on its receive count;
 * the queue's redrive policy dead-letters it after its last attempt. A body that is not ours can never succeed
 * (only the gateway writes these queues), so it is logged and dropped.
 */
public final class RequestMessageBatch {

    private static final Logger LOG = LoggerFactory.getLogger(RequestMessageBatch.class);

    /** The work for one message; true asks for a retry. */
    @FunctionalInterface
    public interface Work {
        /** @param taskMayExist the message was received before, or re-sent by the sweeper: its task may exist */
        boolean retry(RequestMessage.Decoded message, boolean taskMayExist);
    }

    /** Work that decides its own retry delay (e.g. to announce when the next attempt is due). */
    @FunctionalInterface
    public interface DelayedWork {
        /**
         * @param receives how many times the message was received, this time included
         * @return empty when done; otherwise retry after this delay
         */
        Optional<Duration> retryAfter(RequestMessage.Decoded message, int receives);
    }

    private final String queue;
    private final Work work;
    private final DelayedWork delayedWork;
    private final MessageDelays delays;
    private final Backoff backoff;
    private final Random random;

    public RequestMessageBatch(String queue, Work work, MessageDelays delays, Backoff backoff, Random random) {
        this.queue = queue;
        this.work = work;
        this.delayedWork = null;
        this.delays = delays;
        this.backoff = backoff;
        this.random = random;
    }

    /** A batch whose work sets each retry's delay itself. */
    public RequestMessageBatch(String queue, DelayedWork work, MessageDelays delays) {
        this.queue = queue;
        this.work = null;
        this.delayedWork = work;
        this.delays = delays;
        this.backoff = null;
        this.random = null;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        if (delayedWork != null) {
            return SqsBatches.each(event, message -> {
                Optional<RequestMessage.Decoded> decoded = RequestMessage.decode(message.getBody());
                decoded.ifPresent(d -> RequestLogContext.request(d.requestId()));
                if (decoded.isEmpty()) {
                    LOG.error("{} message {} names no request; dropped", queue, message.getMessageId());
                    return;
                }
                Optional<Duration> retry = delayedWork.retryAfter(decoded.get(), SqsBatches.receiveCount(message));
                if (retry.isPresent()) {
                    delays.delay(message.getReceiptHandle(), retry.get());
                    throw new SqsBatches.RetryLater();
                }
            });
        }
        return SqsBatches.retrying(event, delays, backoff, random, (message, receives) -> {
            Optional<RequestMessage.Decoded> decoded = RequestMessage.decode(message.getBody());
            decoded.ifPresent(d -> RequestLogContext.request(d.requestId()));
            if (decoded.isEmpty()) {
                LOG.error("{} message {} names no request; dropped", queue, message.getMessageId());
                return SqsBatches.Outcome.DONE;
            }
            boolean taskMayExist = receives > 1 || decoded.get().taskMayExist();
            return work.retry(decoded.get(), taskMayExist) ? SqsBatches.Outcome.RETRY
                    : SqsBatches.Outcome.DONE;
        });
    }
}

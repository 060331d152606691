package io.voicegate.adapter.sqs;

import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.SlotWaits;
import io.voicegate.port.TaskChecks;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;

/** One of the gateway's own SQS queues of request ids (dispatch, delivery); bodies are {@link RequestMessage}s. */
public class SqsRequestQueue implements DispatchQueue, DeliveryQueue, TaskChecks, SlotWaits {

    /** SQS's longest per-message delay. */
    static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRequestQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(String requestId, boolean taskMayExist) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(RequestMessage.encode(requestId, taskMayExist)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("send to " + queueUrl + " failed", e);
        }
    }

    @Override
    public void enqueue(String requestId) {
        enqueue(requestId, false);
    }

    /** A new dispatch message for the request, received after {@code delay} (whole seconds, rounded up). */
    @Override
    public void requeue(String requestId, Duration delay) {
        long rounded = delay.toSeconds() + (delay.toNanosPart() > 0 ? 1 : 0);
        int seconds = (int) Math.max(0, Math.min(rounded, MAX_DELAY.toSeconds()));
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).delaySeconds(seconds)
                    .messageBody(RequestMessage.encode(requestId, false)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("send to " + queueUrl + " failed", e);
        }
    }

    @Override
    public void enqueue(FinalRecord record) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(RequestMessage.encode(record)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("send to " + queueUrl + " failed", e);
        }
    }

    @Override
    public void schedule(String requestId, Instant processingSince, Duration delay) {
        int seconds = (int) Math.max(0, Math.min(delay.toSeconds(), MAX_DELAY.toSeconds()));
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).delaySeconds(seconds)
                    .messageBody(RequestMessage.encodeCheck(requestId, processingSince)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("send to " + queueUrl + " failed", e);
        }
    }
}

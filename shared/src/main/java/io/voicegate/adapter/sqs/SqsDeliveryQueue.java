package io.voicegate.adapter.sqs;

import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.DispatchQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link DeliveryQueue} on SQS; the body is the same {@code {"request_id":"…"}} as a dispatch message. */
public class SqsDeliveryQueue implements DeliveryQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeliveryQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(String requestId) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(DispatchMessage.encode(requestId, false)));
        } catch (SdkException e) {
            throw new DispatchQueue.QueueUnavailableException("delivery queue send failed", e);
        }
    }
}

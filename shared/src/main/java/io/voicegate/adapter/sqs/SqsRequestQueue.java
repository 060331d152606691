package io.voicegate.adapter.sqs;

import io.voicegate.port.DeliveryQueue;
import io.voicegate.port.DispatchQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** One of the gateway's own SQS queues of request ids (dispatch, delivery); bodies are {@link DispatchMessage}s. */
public class SqsRequestQueue implements DispatchQueue, DeliveryQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsRequestQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(String requestId, boolean recheck) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(DispatchMessage.encode(requestId, recheck)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("send to " + queueUrl + " failed", e);
        }
    }

    @Override
    public void enqueue(String requestId) {
        enqueue(requestId, false);
    }
}

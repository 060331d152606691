package io.voicegate.adapter.sqs;

import io.voicegate.port.DispatchQueue;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/** {@link DispatchQueue} on SQS; the message body is {@link DispatchMessage}. */
public class SqsDispatchQueue implements DispatchQueue {

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDispatchQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void enqueue(String requestId, boolean recheck) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(DispatchMessage.encode(requestId, recheck)));
        } catch (SdkException e) {
            throw new QueueUnavailableException("dispatch queue send failed", e);
        }
    }
}

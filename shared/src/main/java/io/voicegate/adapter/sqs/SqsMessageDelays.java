package io.voicegate.adapter.sqs;

import io.voicegate.port.MessageDelays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;

/** {@link MessageDelays} by changing a received message's visibility timeout (at most 12 hours in SQS). */
public class SqsMessageDelays implements MessageDelays {

    private static final Logger LOG = LoggerFactory.getLogger(SqsMessageDelays.class);
    private static final long MAX_SECONDS = 12 * 60 * 60;

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsMessageDelays(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void delay(String receiptHandle, Duration delay) {
        int seconds = (int) Math.min(MAX_SECONDS, Math.max(0, delay.toSeconds()));
        try {
            sqs.changeMessageVisibility(c -> c.queueUrl(queueUrl).receiptHandle(receiptHandle)
                    .visibilityTimeout(seconds));
        } catch (SdkException e) {
            LOG.warn("could not delay message redelivery: {}", e.toString());
        }
    }
}

package io.voicegate.adapter.sqs;

import io.voicegate.port.QueueUnavailableException;
import io.voicegate.port.RecordQueues;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.Map;

/** Sends final records to accounts' own SQS queues, with the request id as a message attribute for deduplication. */
public class SqsRecordQueues implements RecordQueues {

    private final SqsClient sqs;

    public SqsRecordQueues(SqsClient sqs) {
        this.sqs = sqs;
    }

    @Override
    public void send(String queueUrl, String requestId, String record) {
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(record).messageAttributes(Map.of("request_id",
                    MessageAttributeValue.builder().dataType("String").stringValue(requestId).build())));
        } catch (SdkException e) {
            throw new QueueUnavailableException("record queue send failed", e);
        }
    }
}

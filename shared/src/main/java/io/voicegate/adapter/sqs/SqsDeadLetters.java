package io.voicegate.adapter.sqs;

import io.voicegate.port.DeadLetters;
import io.voicegate.port.QueueUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

import java.util.HashMap;
import java.util.Map;

/** Parks unprocessable messages in a dead-letter queue, the reason and context as message attributes. */
public class SqsDeadLetters implements DeadLetters {

    public static final String REASON_ATTRIBUTE = "voicegate_reason";

    private final SqsClient sqs;
    private final String queueUrl;

    public SqsDeadLetters(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    @Override
    public void park(String body, Map<String, String> context, String reason) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put(REASON_ATTRIBUTE, text(reason));
        context.forEach((name, value) -> attributes.put("voicegate_" + name, text(value)));
        try {
            sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(body.isEmpty() ? "(empty)" : body)
                    .messageAttributes(attributes));
        } catch (SdkException e) {
            throw new QueueUnavailableException("dead-letter send failed", e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}

package io.voicegate.local;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.voicegate.local.SamTemplate.list;

/**
 * An SQS event source mapping, as Lambda runs it: long-polls the queue, hands batches of up to {@code BatchSize}
 * messages to the function as an {@link SQSEvent}, deletes what succeeded and leaves the rest to reappear after the
 * visibility timeout, so the queue's own redrive policy moves repeat failures to its dead-letter queue.
 * With {@code ReportBatchItemFailures} only the reported messages are kept; otherwise an error keeps the whole batch.
 */
final class SqsEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);

    private final LocalFunction function;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final boolean partialFailures;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** @param concurrency how many batches may run at once (Lambda's ScalingConfig.MaximumConcurrency) */
    SqsEventSource(LocalFunction function, SamTemplate.Event event, SqsClient sqs, String queueUrl, String queueArn,
                   int concurrency) {
        this.function = function;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.batchSize = Math.min(10, Integer.parseInt(String.valueOf(event.properties().getOrDefault("BatchSize",
                10))));
        this.partialFailures = list(event.properties().get("FunctionResponseTypes"))
                .contains("ReportBatchItemFailures");
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(this::run, "sqs-" + function.name() + "-" + event.name() + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void run() {
        while (running) {
            try {
                List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(batchSize)
                        .waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All")).messages();
                if (!messages.isEmpty()) {
                    deliver(messages);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("polling {} failed: {}", queueUrl, e.toString());
                }
            }
        }
    }

    private void deliver(List<Message> messages) {
        Set<String> keep = new HashSet<>();
        try {
            Object result = function.invoke(event(messages));
            if (partialFailures && result instanceof SQSBatchResponse response
                    && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> keep.add(f.getItemIdentifier()));
            }
        } catch (RuntimeException e) {
            LOG.warn("function {} failed on a batch of {}; it will be retried", function.name(), messages.size(), e);
            messages.forEach(m -> keep.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = messages.stream().filter(m -> !keep.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).build()).toList();
        if (!done.isEmpty()) {
            sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(done));
        }
    }

    private SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setMd5OfBody(message.md5OfBody());
            record.setMd5OfMessageAttributes(message.md5OfMessageAttributes());
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.setAttributes(attributes);
            Map<String, SQSEvent.MessageAttribute> messageAttributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) -> {
                SQSEvent.MessageAttribute attribute = new SQSEvent.MessageAttribute();
                attribute.setDataType(value.dataType());
                attribute.setStringValue(value.stringValue());
                messageAttributes.put(name, attribute);
            });
            record.setMessageAttributes(messageAttributes);
            record.setEventSource("aws:sqs");
            record.setEventSourceArn(queueArn);
            record.setAwsRegion(LocalSqs.REGION);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}

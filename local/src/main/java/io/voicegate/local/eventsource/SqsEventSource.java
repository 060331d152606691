package io.voicegate.local.eventsource;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.SamTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static io.voicegate.local.template.SamTemplate.list;
import static io.voicegate.local.template.SamTemplate.map;

/**
 * An SQS event source mapping, as Lambda runs it: long-polls the queue, hands batches of up to {@code BatchSize}
 * messages to the function as an {@link SQSEvent}, deletes what succeeded and leaves the rest to reappear after the
 * visibility timeout, so the queue's own redrive policy moves repeat failures to its dead-letter queue.
 * With {@code ReportBatchItemFailures} only the reported messages are kept; otherwise an error keeps the whole batch.
 *
 * <p>With a {@code MaximumBatchingWindowInSeconds}, messages are gathered until the batch is full or the window has
 * passed since the first of them was received, by long polls of up to 20 seconds that may outlast the window: as AWS
 * documents ("Using Lambda with Amazon SQS"), with a batching window and very low traffic Lambda may wait up to 20 s
 * before invoking, whatever the window. Without one (Lambda's default) a batch is what one receive returns, at most
 * 10 messages; {@code BatchSize} above 10 needs a window, as Lambda requires.
 */
public final class SqsEventSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(SqsEventSource.class);
    /** How long the first receive of each batch waits for a message (its long poll). */
    private static final Duration POLL = Duration.ofSeconds(1);
    /** The long poll Lambda's pollers use while gathering a batch (SQS's longest wait). */
    static final Duration GATHERING_POLL = Duration.ofSeconds(20);
    /** Pollers, when the event sets no {@code ScalingConfig.MaximumConcurrency}. */
    private static final int DEFAULT_CONCURRENCY = 2;

    private final String functionName;
    private final Invoker function;
    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final int batchSize;
    private final Duration batchingWindow;
    private final Duration gatheringPoll;
    private final boolean reportBatchItemFailures;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * Reads the template event (resolving intrinsics) and starts polling the queue its {@code Queue} names, with as
     * many pollers as its {@code ScalingConfig.MaximumConcurrency} (two without one): that many batches may run at once.
     *
     * @param queueUrlForArn the local URL of the queue with this ARN
     * @throws IllegalArgumentException when {@code BatchSize} or {@code MaximumBatchingWindowInSeconds} is out of
     *                                  Lambda's range
     */
    public SqsEventSource(String functionName, Invoker function, SamTemplate.Event event,
                          Function<Object, String> resolve, SqsClient sqs, Function<String, String> queueUrlForArn) {
        this(functionName, function, event, resolve, sqs, queueUrlForArn, concurrency(event, resolve),
                GATHERING_POLL);
    }

    /**
     * @param concurrency   how many batches may run at once (Lambda's ScalingConfig.MaximumConcurrency)
     * @param gatheringPoll the long poll while gathering a batch within a window (Lambda's: 20 s)
     */
    SqsEventSource(String functionName, Invoker function, SamTemplate.Event event, Function<Object, String> resolve,
                   SqsClient sqs, Function<String, String> queueUrlForArn, int concurrency, Duration gatheringPoll) {
        Map<String, Object> p = event.properties();
        this.functionName = functionName;
        this.function = function;
        this.sqs = sqs;
        this.queueArn = resolve.apply(p.get("Queue"));
        this.queueUrl = queueUrlForArn.apply(queueArn);
        this.gatheringPoll = gatheringPoll;
        this.batchSize = Integer.parseInt(resolve.apply(p.getOrDefault("BatchSize", 10)));
        this.batchingWindow = Duration.ofSeconds(Integer.parseInt(resolve.apply(
                p.getOrDefault("MaximumBatchingWindowInSeconds", 0))));
        if (batchSize < 1 || batchSize > 10_000 || batchingWindow.isNegative() || batchingWindow.toSeconds() > 300
                || (batchSize > 10 && batchingWindow.isZero())) {
            throw new IllegalArgumentException(event.name() + ": BatchSize must be 1-10, or up to 10000 with a "
                    + "MaximumBatchingWindowInSeconds of 1-300");
        }
        this.reportBatchItemFailures = list(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures");
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(this::run, "sqs-" + functionName + "-" + event.name() + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Lambda's ScalingConfig.MaximumConcurrency when the template sets one; two pollers otherwise. */
    private static int concurrency(SamTemplate.Event event, Function<Object, String> resolve) {
        Object maximum = map(event.properties().get("ScalingConfig")).get("MaximumConcurrency");
        return maximum == null ? DEFAULT_CONCURRENCY : Integer.parseInt(resolve.apply(maximum));
    }

    private void run() {
        while (running) {
            try {
                List<Message> messages = gather();
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

    /** One batch as Lambda's poller gathers it (see the class comment); empty when the queue had nothing. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>(receive(batchSize, POLL));
        if (batch.isEmpty() || batchingWindow.isZero()) {
            return batch;
        }
        Instant windowEnd = Instant.now().plus(batchingWindow);
        while (running && batch.size() < batchSize && Instant.now().isBefore(windowEnd)) {
            batch.addAll(receive(batchSize - batch.size(), gatheringPoll));
        }
        return batch;
    }

    private List<Message> receive(int most, Duration wait) {
        return sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(Math.min(10, most))
                .waitTimeSeconds((int) wait.toSeconds())
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
    }

    private void deliver(List<Message> messages) {
        Set<String> keep = new HashSet<>();
        try {
            Object result = function.invoke(event(messages));
            if (reportBatchItemFailures && result instanceof SQSBatchResponse response
                    && response.getBatchItemFailures() != null) {
                response.getBatchItemFailures().forEach(f -> keep.add(f.getItemIdentifier()));
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) { // any error of the function's, as in Lambda: an init error too
            LOG.warn("function {} failed on a batch of {}; it will be retried", functionName, messages.size(), e);
            messages.forEach(m -> keep.add(m.messageId()));
        }
        List<DeleteMessageBatchRequestEntry> done = messages.stream().filter(m -> !keep.contains(m.messageId()))
                .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                        .receiptHandle(m.receiptHandle()).build()).toList();
        for (int from = 0; from < done.size(); from += 10) { // DeleteMessageBatch takes 10 entries at most
            List<DeleteMessageBatchRequestEntry> entries = done.subList(from, Math.min(done.size(), from + 10));
            sqs.deleteMessageBatch(d -> d.queueUrl(queueUrl).entries(entries));
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

    /** Stops polling; a batch being delivered finishes its invocation first. */
    @Override
    public void close() {
        running = false;
        try {
            for (Thread thread : threads) {
                thread.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

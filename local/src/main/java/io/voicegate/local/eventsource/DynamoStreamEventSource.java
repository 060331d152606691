package io.voicegate.local.eventsource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.template.SamTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A DynamoDB Streams event source mapping, as Lambda runs it: tails the table's stream, drops the records no filter
 * matches, and hands each shard's records to the function in order, {@code BatchSize} at a time, one batch at a time,
 * as a {@link com.amazonaws.services.lambda.runtime.events.DynamodbEvent}. A failing batch is retried: from the first
 * record the function reported with {@code ReportBatchItemFailures}, in two halves when it threw and
 * {@code BisectBatchOnFunctionError} is set (a split uses no retry), and after {@code MaximumRetryAttempts} retries it
 * is described to the on-failure queue and skipped. With the default of -1 it is retried until it succeeds.
 *
 * <p>With a {@code MaximumBatchingWindowInSeconds}, the records of a shard that match are gathered across reads until
 * a full batch is in hand or the window has passed since the first of them was read ("Using Lambda with Amazon
 * DynamoDB": Lambda reads until it has a full batch, the window expires or the payload reaches 6 MB), so a lone
 * record waits the whole window; without one (Lambda's default) a batch is delivered as soon as it is read.
 */
public final class DynamoStreamEventSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoStreamEventSource.class);
    /** Lambda polls each shard four times a second. */
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(100);
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);

    private final String functionName;
    private final Invoker function;
    private final StreamMapping mapping;
    private final Optional<StreamFailureDestination> onFailure;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final DynamoStreamShards shards;
    private final Thread thread;
    /** Per shard, the matching records read but not yet delivered, while a batching window is open. */
    private final Map<String, Gathered> gathered = new LinkedHashMap<>();

    /** Records gathered for one batch, and when the first of them was read. */
    private record Gathered(List<ObjectNode> records, Instant since) {
    }

    /** A batch still to deliver: its records, the retries it has used and how often they were invoked so far. */
    private record Attempt(List<ObjectNode> records, int retries, int invocations) {
    }

    /** How an invocation ended: {@code firstFailed} is -1 when every record succeeded. */
    private record Outcome(int firstFailed, boolean functionError) {
        static final Outcome SUCCESS = new Outcome(-1, false);
        static final Outcome FUNCTION_ERROR = new Outcome(0, true);
    }

    /**
     * Reads the template event (resolving intrinsics) and starts polling; at LATEST, every change made after this
     * returns is delivered.
     *
     * @param queueUrlForArn the local URL of the on-failure queue with this ARN
     */
    public DynamoStreamEventSource(String functionName, Invoker function, SamTemplate.Event event,
                                   Function<Object, String> resolve, DynamoDbStreamsClient streams, SqsClient sqs,
                                   Function<String, String> queueUrlForArn) {
        this(functionName, function, StreamMapping.from(event, resolve), streams, sqs, queueUrlForArn);
    }

    DynamoStreamEventSource(String functionName, Invoker function, StreamMapping mapping,
                            DynamoDbStreamsClient streams, SqsClient sqs, Function<String, String> queueUrlForArn) {
        this.functionName = functionName;
        this.function = function;
        this.mapping = mapping;
        String functionArn = "arn:aws:lambda:" + LocalSqs.REGION + ":" + LocalSqs.ACCOUNT + ":function:"
                + functionName;
        this.onFailure = mapping.onFailure().map(arn -> new StreamFailureDestination(sqs, queueUrlForArn.apply(arn),
                functionArn, mapping.streamArn(), Clock.systemUTC()));
        this.shards = new DynamoStreamShards(streams, mapping.streamArn(), mapping.fromLatest());
        this.thread = new Thread(this::run, "ddb-stream-" + functionName);
        thread.setDaemon(true);
        if (mapping.enabled()) {
            thread.start();
        }
    }

    private void run() {
        while (running()) {
            boolean read = false;
            try {
                for (Map.Entry<String, List<Record>> shard : shards.read().entrySet()) {
                    read |= !shard.getValue().isEmpty();
                    deliver(shard.getKey(), shard.getValue());
                }
                deliverGatheredPastTheirWindow();
            } catch (RuntimeException e) {
                if (running()) {
                    LOG.warn("reading stream {} for {} failed: {}", mapping.streamArn(), functionName, e.toString());
                }
            }
            if (!read || !gathered.isEmpty()) {
                pause(POLL_INTERVAL);
            }
        }
    }

    private void deliver(String shardId, List<Record> records) {
        List<ObjectNode> wanted = records.stream()
                .map(r -> DynamoStreamRecords.toLambdaJson(r, mapping.streamArn(), LocalSqs.REGION))
                .filter(json -> EventFilter.anyMatches(mapping.filters(), json)).toList();
        if (mapping.batchingWindow().isZero()) {
            deliverInBatches(shardId, wanted);
            return;
        }
        if (wanted.isEmpty()) {
            return;
        }
        Gathered batch = gathered.computeIfAbsent(shardId, id -> new Gathered(new ArrayList<>(), Instant.now()));
        batch.records().addAll(wanted);
        int full = batch.records().size() - batch.records().size() % mapping.batchSize();
        if (full > 0) {
            deliverInBatches(shardId, List.copyOf(batch.records().subList(0, full)));
            batch.records().subList(0, full).clear();
            gathered.remove(shardId);
            if (!batch.records().isEmpty()) {
                gathered.put(shardId, new Gathered(batch.records(), Instant.now()));
            }
        }
    }

    /** Delivers what a shard gathered once its batching window has passed. */
    private void deliverGatheredPastTheirWindow() {
        Instant now = Instant.now();
        for (String shardId : List.copyOf(gathered.keySet())) {
            Gathered batch = gathered.get(shardId);
            if (!now.isBefore(batch.since().plus(mapping.batchingWindow()))) {
                gathered.remove(shardId);
                deliverInBatches(shardId, batch.records());
            }
        }
    }

    private void deliverInBatches(String shardId, List<ObjectNode> wanted) {
        for (int from = 0; from < wanted.size() && running(); from += mapping.batchSize()) {
            process(shardId, wanted.subList(from, Math.min(wanted.size(), from + mapping.batchSize())));
        }
    }

    /** Delivers one batch until every record in it succeeded or was given up on (or the source is closed). */
    private void process(String shardId, List<ObjectNode> batch) {
        Deque<Attempt> pending = new ArrayDeque<>();
        pending.push(new Attempt(batch, 0, 0));
        while (!pending.isEmpty() && running()) {
            Attempt attempt = pending.pop();
            Outcome outcome = invoke(attempt.records());
            int invocations = attempt.invocations() + 1;
            if (outcome.firstFailed() < 0) {
                continue;
            }
            List<ObjectNode> failed = attempt.records().subList(outcome.firstFailed(), attempt.records().size());
            if (outcome.functionError() && mapping.bisectOnError() && failed.size() > 1) {
                int half = failed.size() / 2;
                pending.push(new Attempt(failed.subList(half, failed.size()), attempt.retries(), invocations));
                pending.push(new Attempt(failed.subList(0, half), attempt.retries(), invocations));
            } else if (mapping.maximumRetryAttempts() >= 0 && attempt.retries() >= mapping.maximumRetryAttempts()) {
                discard(shardId, failed, invocations, outcome.functionError());
            } else {
                pause(retryDelay(attempt.retries()));
                pending.push(new Attempt(failed, attempt.retries() + 1, invocations));
            }
        }
    }

    private Outcome invoke(List<ObjectNode> records) {
        Object result;
        try {
            result = function.invoke(DynamoStreamRecords.toEvent(records));
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("function {} failed on a batch of {} stream records", functionName, records.size(), e);
            return Outcome.FUNCTION_ERROR;
        }
        if (!mapping.reportBatchItemFailures()) {
            return Outcome.SUCCESS;
        }
        int firstFailed = StreamBatchResponse.firstFailed(result, records);
        return firstFailed < 0 ? Outcome.SUCCESS : new Outcome(firstFailed, false);
    }

    private void discard(String shardId, List<ObjectNode> records, int invocations, boolean functionError) {
        LOG.warn("function {} gave up on {} stream records of shard {} after {} invocations", functionName,
                records.size(), shardId, invocations);
        onFailure.ifPresent(destination -> destination.send(shardId, records, invocations, functionError));
    }

    private static Duration retryDelay(int retries) {
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << Math.min(retries, 10));
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private boolean running() {
        return stopped.getCount() > 0;
    }

    private void pause(Duration duration) {
        try {
            stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            stopped.countDown();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; a batch being delivered finishes its current invocation first. */
    @Override
    public void close() {
        stopped.countDown();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

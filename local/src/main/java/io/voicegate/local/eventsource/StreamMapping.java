package io.voicegate.local.eventsource;

import io.voicegate.local.template.SamTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.voicegate.local.template.SamTemplate.list;
import static io.voicegate.local.template.SamTemplate.map;

/**
 * A template {@code DynamoDB} event as Lambda's event source mapping reads it, with Lambda's defaults and limits.
 * Values may be intrinsics ({@code !GetAtt Table.StreamArn}, {@code !Ref Parameter}): they are resolved on the way in.
 *
 * @param maximumRetryAttempts -1 retries a failing batch for as long as the stream keeps it
 * @param onFailure            the ARN of the SQS queue that gets a description of each discarded batch
 * @param batchingWindow       {@code MaximumBatchingWindowInSeconds}: how long records are gathered before an
 *                             invocation with less than a full batch (0, Lambda's default, invokes at once)
 */
record StreamMapping(String streamArn, boolean fromLatest, int batchSize, List<EventFilter> filters,
                     boolean reportBatchItemFailures, int maximumRetryAttempts, boolean bisectOnError,
                     Optional<String> onFailure, boolean enabled, Duration batchingWindow) {

    private static final Logger LOG = LoggerFactory.getLogger(StreamMapping.class);
    private static final List<String> NOT_EMULATED = List.of("MaximumRecordAgeInSeconds", "ParallelizationFactor",
            "TumblingWindowInSeconds");

    StreamMapping {
        filters = List.copyOf(filters);
    }

    /** Without a batching window. */
    StreamMapping(String streamArn, boolean fromLatest, int batchSize, List<EventFilter> filters,
                  boolean reportBatchItemFailures, int maximumRetryAttempts, boolean bisectOnError,
                  Optional<String> onFailure, boolean enabled) {
        this(streamArn, fromLatest, batchSize, filters, reportBatchItemFailures, maximumRetryAttempts, bisectOnError,
                onFailure, enabled, Duration.ZERO);
    }

    /** @throws IllegalArgumentException for a value Lambda would refuse when the mapping is created */
    static StreamMapping from(SamTemplate.Event event, Function<Object, String> resolve) {
        Map<String, Object> p = event.properties();
        String stream = resolve.apply(p.get("Stream"));
        if (stream.isBlank()) {
            throw new IllegalArgumentException(event.name() + ": a DynamoDB event needs a Stream");
        }
        String position = resolve.apply(p.get("StartingPosition"));
        if (!position.equals("TRIM_HORIZON") && !position.equals("LATEST")) {
            throw new IllegalArgumentException(event.name() + ": StartingPosition must be TRIM_HORIZON or LATEST");
        }
        List<EventFilter> filters = new ArrayList<>();
        for (Object filter : list(map(p.get("FilterCriteria")).get("Filters"))) {
            filters.add(EventFilter.parse(resolve.apply(map(filter).get("Pattern"))));
        }
        NOT_EMULATED.stream().filter(p::containsKey).forEach(name ->
                LOG.info("{}: {} is not emulated by the local stream source", event.name(), name));
        int batchSize = number(event, p, "BatchSize", 100, 1, 10_000, resolve);
        int window = number(event, p, "MaximumBatchingWindowInSeconds", 0, 0, 300, resolve);
        return new StreamMapping(stream, position.equals("LATEST"), batchSize, filters,
                list(p.get("FunctionResponseTypes")).stream().map(resolve).anyMatch("ReportBatchItemFailures"::equals),
                number(event, p, "MaximumRetryAttempts", -1, -1, 10_000, resolve),
                flag(p, "BisectBatchOnFunctionError", false, resolve), onFailure(event, resolve),
                flag(p, "Enabled", true, resolve), Duration.ofSeconds(window));
    }

    private static int number(SamTemplate.Event event, Map<String, Object> p, String name, int fallback, int min,
                              int max, Function<Object, String> resolve) {
        if (!p.containsKey(name)) {
            return fallback;
        }
        int value = Integer.parseInt(resolve.apply(p.get(name)).trim());
        if (value < min || value > max) {
            throw new IllegalArgumentException(event.name() + ": " + name + " must be within " + min + ".." + max);
        }
        return value;
    }

    private static boolean flag(Map<String, Object> p, String name, boolean fallback,
                                Function<Object, String> resolve) {
        return p.containsKey(name) ? Boolean.parseBoolean(resolve.apply(p.get(name)).trim()) : fallback;
    }

    private static Optional<String> onFailure(SamTemplate.Event event, Function<Object, String> resolve) {
        Object destination = map(map(event.properties().get("DestinationConfig")).get("OnFailure")).get("Destination");
        if (destination == null) {
            return Optional.empty();
        }
        String arn = resolve.apply(destination);
        if (!arn.startsWith("arn:aws:sqs:")) {
            throw new IllegalArgumentException(event.name() + ": the local stack sends discarded batches to SQS "
                    + "queues only, not to " + arn);
        }
        return Optional.of(arn);
    }
}

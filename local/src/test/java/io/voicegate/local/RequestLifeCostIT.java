package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.dynamodb.DynamoKlingSlots;
import io.voicegate.ddbengine.EngineStatistics;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What one successful request life (no webhook) costs in DynamoDB, counted exactly by the engine on a stack of its
 * own: the functions' calls by operation and the write and read units they consumed (DynamoDB's capacity rules; stream
 * reads are Lambda's poller, not the functions', and are left out), up to the scheduled re-query of the task, which
 * fires after it ended. The API key is used once before, so its once-a-day use note is not counted. The figures are
 * printed; the test fails when a change makes a request life cost more than it does today, so a saving is kept once
 * made. ({@link RequestLifeCallsIT} counts SQS too, by component, with a webhook.)
 */
class RequestLifeCostIT {

    /** Streams operations: Lambda's poller reads the stream, not our functions, and AWS does not bill them as such. */
    private static final Set<String> POLLER = Set.of("ListStreams", "DescribeStream", "GetShardIterator",
            "GetRecords");
    /**
     * Today's cost of one request life; lower them when a change saves, never raise them to pass. Admission to Kling
     * costs three calls: the dispatch worker's read of the request before it takes a slot (a request waiting for a
     * slot is not marked, so it can still be canceled), the acquisition of the slot, and its release by the write
     * that ended the request (here the terminal callback's); 1 WCU for each write.
     */
    private static final long MAX_CALLS = 11;
    private static final double MAX_WRITE_UNITS = 26;

    @Test
    void oneRequestLifeInCallsAndUnits() {
        try (LocalStack stack = LocalStack.start(LocalStack.Options.builder(LocalStackExtension.root()
                .resolve("template.yaml")).scheduleInterval(Duration.ofDays(1)).build())) {
            String key = ApiKeys.generate(new SecureRandom());
            stack.openAccount("cost", key, Money.ofUsd("1"), List.of());
            ApiClient api = new ApiClient(stack.baseUrl(), key);
            api.get("/account");
            // A deployment's first request also creates the Kling slot pool (once): the life measured is any other's.
            DynamoKlingSlots pool = new DynamoKlingSlots(stack.dynamo(), stack.ref("AccountsTable"));
            pool.acquire("pool-created", Instant.now(), 1, Optional.empty());
            pool.release("pool-created");
            EngineStatistics statistics = stack.dynamoEngine().statistics();
            EngineStatistics.Snapshot before = quiet(stack, statistics);

            String id = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"cost\","
                    + "\"voice_url\":\"https://cdn.example.com/cost.mp3\"}}").json().get("request_id").asText();
            EngineStatistics.Snapshot life = functionsOnly(quiet(stack, statistics).minus(before));

            JsonNode record = api.get("/requests/" + id).json();
            assertThat(record.get("status").asText()).isEqualTo("success");
            assertThat(record.at("/billing/state").asText()).isEqualTo("settled");
            System.out.printf("one request life: %d DynamoDB calls %s, %.1f WCU, %.1f RCU%n", life.totalCalls(),
                    life.calls(), life.writeUnits(), life.readUnits());
            assertThat(life.totalCalls()).as("DynamoDB calls of one request life").isLessThanOrEqualTo(MAX_CALLS);
            assertThat(life.writeUnits()).as("write units of one request life").isLessThanOrEqualTo(MAX_WRITE_UNITS);
        }
    }

    /**
     * The counters once the dispatch queue holds nothing (the task's scheduled re-query, delayed, included) and the
     * stack has been idle for two seconds: the request life is over.
     */
    private static EngineStatistics.Snapshot quiet(LocalStack stack, EngineStatistics statistics) {
        AtomicReference<EngineStatistics.Snapshot> last = new AtomicReference<>(functionsOnly(statistics.snapshot()));
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).during(Duration.ofSeconds(2))
                .until(() -> {
                    EngineStatistics.Snapshot now = functionsOnly(statistics.snapshot());
                    boolean unchanged = now.equals(last.get());
                    last.set(now);
                    return unchanged && stack.sqs().getQueueAttributes(g -> g.queueUrl(stack.ref("DispatchQueue"))
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                            .attributes().values().stream().allMatch("0"::equals);
                });
        return statistics.snapshot();
    }

    private static EngineStatistics.Snapshot functionsOnly(EngineStatistics.Snapshot snapshot) {
        var calls = new TreeMap<>(snapshot.calls());
        calls.keySet().removeAll(POLLER);
        return new EngineStatistics.Snapshot(calls, snapshot.readUnits(), snapshot.writeUnits());
    }
}

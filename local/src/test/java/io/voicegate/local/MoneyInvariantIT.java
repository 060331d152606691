package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.config.Config;
import io.voicegate.ddbengine.fault.FaultRule;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.kling.FaultRates;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.port.StoreBusyException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The money invariant under faults, through a whole local stack of its own: hundreds of requests while Kling's
 * simulator fails requests, loses create answers, answers slowly, duplicates, reorders and drops callbacks, fails
 * tasks, succeeds without voices, keeps tasks processing for ever, forgets tasks (404 / 1203 on every query) and
 * reports units that cannot be settled, and while the DynamoDB engine throttles, fails with internal errors and
 * answers slowly (which the SDK retries, as it would in AWS) and cancels writes with transaction conflicts (which the
 * gateway retries, or answers with a 5xx that the client retries under its Idempotency-Key). Afterwards every request is terminal and settled, has
 * exactly one hold and exactly one of settle/refund, no Kling task was created twice, and each balance is its opening
 * balance minus the sum of its requests' final charges.
 */
class MoneyInvariantIT {

    private static final int ACCOUNTS = 6;
    private static final int REQUESTS = 300;
    private static final Money OPENING = Money.ofUsd("5");
    private static final double DYNAMO_THROTTLES = 0.02;
    private static final double DYNAMO_ERRORS = 0.02;
    private static final double DYNAMO_SLOW = 0.02;
    private static final double DYNAMO_CONFLICTS = 0.02;

    @Test
    void moneyIsExactAndOnceUnderFaults() throws Exception {
        long seed = Long.getLong("invariant.seed", System.nanoTime());
        Random random = new Random(seed);
        FaultRates rates = FaultRates.none().withServerErrors(0.05).withRateLimits(0.05).withLostCreates(0.05)
                .withSlowResponses(0.02, Duration.ofMillis(2_500)).withDuplicateCallbacks(0.15)
                .withDroppedCallbacks(0.15).withReorderedCallbacks(0.15);
        double failTasks = 0.15;
        double noVoices = 0.05;
        double neverEnd = 0.04;
        double unknown = 0.04;
        double badUnits = 0.04;
        System.out.printf("money invariant: seed=%d (rerun with -Dinvariant.seed=%d) requests=%d rates=%s "
                + "failedTasks=%.2f successesWithoutVoices=%.2f neverEnding=%.2f unknown=%.2f unusableUnits=%.2f "
                + "dynamoThrottles=2x%.2f dynamoErrors=%.2f dynamoSlow=%.2f dynamoConflicts=%.2f%n", seed, seed,
                REQUESTS, rates, failTasks, noVoices, neverEnd, unknown, badUnits, DYNAMO_THROTTLES, DYNAMO_ERRORS,
                DYNAMO_SLOW, DYNAMO_CONFLICTS);

        Map<String, String> overrides = Map.of(Config.KLING_REQUEST_TIMEOUT_MS, "2000",
                Config.SWEEP_PROCESSING_AFTER_SECONDS, "3", Config.SWEEP_REDISPATCH_AFTER_SECONDS, "30",
                Config.UNSETTLED_AFTER_SECONDS, "5", Config.DISPATCH_DEADLINE_SECONDS, "3600",
                Config.PROCESSING_DEADLINE_SECONDS, "20", Config.REQUERY_FIRST_SECONDS, "1",
                Config.REQUERY_MAX_INTERVAL_SECONDS, "3");
        try (LocalStack stack = LocalStack.start(LocalStack.Options.builder(LocalStackExtension.root()
                .resolve("template.yaml")).overrides(overrides).scheduleInterval(Duration.ofSeconds(1)).build())) {
            KlingSimulator kling = stack.simulator().orElseThrow();
            kling.faults().randomly(seed, rates);
            stack.dynamoEngine().faults().seed(seed)
                    .add(FaultRule.throttling(DYNAMO_THROTTLES))
                    .add(FaultRule.throughputExceeded(DYNAMO_THROTTLES))
                    .add(FaultRule.internalServerError(DYNAMO_ERRORS))
                    .add(FaultRule.latency(Duration.ofMillis(50), DYNAMO_SLOW))
                    .add(FaultRule.transactionConflict(DYNAMO_CONFLICTS));

            List<ApiClient> clients = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                String key = ApiKeys.generate(new SecureRandom());
                String account = "inv-" + i;
                // a transaction conflict cancels the opening too: the store is busy, never "exists"; retried
                await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StoreBusyException.class)
                        .until(() -> {
                            stack.openAccount(account, key, OPENING, List.of());
                            return true;
                        });
                clients.add(new ApiClient(stack.baseUrl(), key));
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                String name = "v" + i;
                double draw = random.nextDouble();
                if (draw < failTasks) {
                    kling.faults().failTask(name, "Failure to pass the risk control system");
                } else if (draw < failTasks + noVoices) {
                    kling.faults().succeedWithoutVoices(name);
                } else if (draw < failTasks + noVoices + neverEnd) {
                    kling.faults().neverEnd(name);
                } else if (draw < failTasks + noVoices + neverEnd + unknown) {
                    kling.faults().forgetTask(name);
                } else if (draw < failTasks + noVoices + neverEnd + unknown + badUnits) {
                    kling.faults().succeedWithUnits(name, random.nextBoolean() ? "abc" : "-1");
                }
                names.add(name);
            }

            Map<String, Integer> accountOf = submitAll(clients, names);
            assertThat(accountOf).hasSize(REQUESTS);

            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    openCount(stack) == 0);

            Map<Integer, Long> charged = new HashMap<>();
            Map<String, Integer> outcomes = new java.util.TreeMap<>();
            for (Map.Entry<String, Integer> entry : accountOf.entrySet()) {
                JsonNode record = clients.get(entry.getValue()).get("/requests/" + entry.getKey()).json();
                outcomes.merge(record.get("status").asText() + ":" + record.at("/outcome/error_code").asText("-"), 1,
                        Integer::sum);
                assertThat(record.get("status").asText()).isIn("success", "failed");
                assertThat(record.at("/billing/state").asText()).isIn("settled", "refunded");
                charged.merge(entry.getValue(), record.at("/billing/charged_micros").asLong(), Long::sum);
                assertThat(kling.tasksCreatedFor(entry.getKey())).as("Kling tasks of %s", entry.getKey())
                        .isLessThanOrEqualTo(1);
            }
            for (int i = 0; i < ACCOUNTS; i++) {
                Map<String, List<String>> kinds = ledgerKinds(stack, "inv-" + i);
                for (Map.Entry<String, Integer> entry : accountOf.entrySet()) {
                    if (entry.getValue() == i) {
                        List<String> entries = kinds.getOrDefault(entry.getKey(), List.of());
                        assertThat(entries).as("ledger of %s", entry.getKey()).hasSize(2).contains("hold")
                                .containsAnyOf("settle", "refund");
                    }
                }
                long balance = clients.get(i).get("/account").json().get("balance_micros").asLong();
                assertThat(balance).as("balance of inv-%d", i)
                        .isEqualTo(OPENING.micros() - charged.getOrDefault(i, 0L));
            }
            long dynamoFaults = stack.dynamoEngine().faults().injected();
            assertThat(dynamoFaults).as("DynamoDB faults injected").isPositive();
            System.out.printf("money invariant held: %d requests, %d Kling tasks, %d DynamoDB faults retried, "
                    + "charged %s, outcomes %s%n", REQUESTS, kling.taskCount(), dynamoFaults, charged, outcomes);
        }
    }

    /** Submits every request (round-robin over accounts, 8 at a time); returns request id → account index. */
    private static Map<String, Integer> submitAll(List<ApiClient> clients, List<String> names) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                ApiClient client = clients.get(i % clients.size());
                String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + names.get(i)
                        + "\",\"voice_url\":\"https://cdn.example.com/" + names.get(i) + ".mp3\"}}";
                String key = "invariant-" + names.get(i);
                // as a careful client does: an Idempotency-Key, and the same request again on 409 or 5xx (a claim
                // whose submit failed in an unknown way stays locked for 30 s, and its take-over may meet a conflict)
                futures.add(pool.submit(() -> {
                    AtomicReference<ApiClient.Reply> accepted = new AtomicReference<>();
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                        ApiClient.Reply reply = client.submit(body, "Idempotency-Key", key);
                        assertThat(reply.status()).as("submit answer").isIn(202, 409, 500, 503);
                        accepted.set(reply);
                        return reply.status() == 202;
                    });
                    return accepted.get().json().get("request_id").asText();
                }));
            }
            Map<String, Integer> accountOf = new HashMap<>();
            for (int i = 0; i < futures.size(); i++) {
                accountOf.put(futures.get(i).get(), i % clients.size());
            }
            return accountOf;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Requests still open (dispatched, processing, or terminal but unsettled), from the sparse index. */
    private static int openCount(LocalStack stack) {
        return stack.dynamo().scan(s -> s.tableName(stack.ref("RequestsTable")).indexName("open_requests")
                .select("COUNT")).count();
    }

    /** Ledger entry kinds per request id of one account. */
    private static Map<String, List<String>> ledgerKinds(LocalStack stack, String accountId) {
        Map<String, List<String>> kinds = new HashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = stack.dynamo().query(q -> q.tableName(stack.ref("AccountsTable"))
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :ledger)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACCOUNT#" + accountId),
                            ":ledger", AttributeValue.fromS("LEDGER#")))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> kinds.computeIfAbsent(item.get("request_id").s(), k -> new ArrayList<>())
                    .add(item.get("kind").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return kinds;
    }
}

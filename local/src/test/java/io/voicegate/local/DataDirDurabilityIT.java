package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.config.Config;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.engine.FreePorts;
import io.voicegate.local.engine.LocalSqs;
import io.voicegate.local.kling.KlingSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ./voicegate local --data-dir DIR} survives {@code kill -9}: a stack in a JVM of its own settles a few requests,
 * then takes a batch and is killed in the middle of it (requests dispatched, at Kling, perhaps terminal but not yet
 * settled, some being submitted), then is started again on the same directory with the same arguments, and reads its
 * requests stream again from the start. Every request it accepted reaches a
 * terminal status and is settled once, and each account's balance is exact: its opening balance minus the sum of
 * its requests' charges, and its opening balance plus the sum of its ledger entries, with exactly one hold and one
 * settle or refund per request. Kling (a simulator in this JVM, so it outlives the stack) never got two tasks for
 * one request.
 */
class DataDirDurabilityIT {

    private static final Duration START = Duration.ofMinutes(3);
    private static final String ACCESS_KEY = "durability-access-key";
    private static final String SECRET_KEY = "durability-secret-key-for-the-kling-simulator";
    private static final Money OPENING = Money.ofUsd("5");
    private static final int REQUESTS = 40;
    private static final int SETTLED_BEFORE_KILL = 6;
    private static final int KILL_AFTER_ACCEPTED = 20;

    @TempDir
    Path dataDir;

    private record Account(String id, String apiKey) {
    }

    @Test
    void aKilledStackRestartsOnItsDataDirAndFinishesWhatWasInFlight() throws Exception {
        int port = FreePorts.pick();
        List<Account> accounts = List.of(new Account("durable-a", ApiKeys.generate(new SecureRandom())),
                new Account("durable-b", ApiKeys.generate(new SecureRandom())));
        // Tasks take a while at Kling, so that the kill finds requests in every state.
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(ACCESS_KEY, SECRET_KEY)
                .lifecycle(Duration.ofMillis(500), Duration.ofMillis(1_500)).start()) {
            List<String> args = arguments(port, accounts, kling.baseUrl());
            List<String> names = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                names.add("d" + i);
                if (i % 4 == 3) {
                    kling.faults().failTask("d" + i, "Failure to pass the risk control system");
                }
            }

            Map<String, Integer> accepted;
            try (ChildJvm first = ChildJvm.start("durable-stack-1", LocalStackMain.class, args)) {
                URI base = URI.create(first.awaitLine("voicegate local stack ready on ", START));
                accepted = submitAndKillMidway(first, base, accounts, names);
            }
            System.out.printf("data-dir durability: %d of %d requests accepted before the kill%n", accepted.size(),
                    REQUESTS);
            assertThat(accepted).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ACCEPTED);

            try (ChildJvm second = ChildJvm.start("durable-stack-2", LocalStackMain.class, args)) {
                URI base = URI.create(second.awaitLine("voicegate local stack ready on ", START));
                for (Account account : accounts) {
                    assertThat(second.line("account '" + account.id() + "' exists in ")).as("seed %s kept",
                            account.id()).isPresent();
                }
                List<ApiClient> clients = accounts.stream().map(a -> new ApiClient(base, a.apiKey())).toList();
                Map<String, Long> atRestart = clients.stream().flatMap(c -> allRequests(c).stream())
                        .collect(Collectors.groupingBy(r -> r.get("status").asText() + "/"
                                + r.at("/billing/state").asText(), TreeMap::new, Collectors.counting()));
                System.out.printf("data-dir durability: at the restart, requests by status/billing: %s%n", atRestart);

                Map<Integer, List<JsonNode>> requests = new HashMap<>();
                // the first calls may meet connections the kill left half-open
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                        .ignoreExceptionsInstanceOf(UncheckedIOException.class).until(() -> {
                    for (int i = 0; i < clients.size(); i++) {
                        requests.put(i, allRequests(clients.get(i)));
                    }
                    return requests.values().stream().flatMap(List::stream).allMatch(DataDirDurabilityIT::finished);
                });

                Map<String, Integer> listed = new HashMap<>();
                requests.forEach((account, records) -> records.forEach(r -> listed.put(r.get("request_id").asText(),
                        account)));
                assertThat(listed).as("every accepted request, with its account").containsAllEntriesOf(accepted);
                assertThat(listed).hasSizeLessThanOrEqualTo(REQUESTS);

                try (DynamoDbClient dynamo = client(second.awaitLine("dynamodb: ", START))) {
                    for (int i = 0; i < accounts.size(); i++) {
                        long charged = requests.get(i).stream().mapToLong(r -> r.at("/billing/charged_micros")
                                .asLong()).sum();
                        long balance = clients.get(i).get("/account").json().get("balance_micros").asLong();
                        assertThat(balance).as("balance of %s", accounts.get(i).id())
                                .isEqualTo(OPENING.micros() - charged);

                        Map<String, List<String>> kinds = new HashMap<>();
                        long ledgerSum = ledger(dynamo, accounts.get(i).id(), kinds);
                        assertThat(balance).as("balance of %s against its ledger", accounts.get(i).id())
                                .isEqualTo(OPENING.micros() + ledgerSum);
                        for (JsonNode record : requests.get(i)) {
                            String id = record.get("request_id").asText();
                            assertThat(kinds.getOrDefault(id, List.of())).as("ledger of %s", id).hasSize(2)
                                    .contains("hold").containsAnyOf("settle", "refund");
                        }
                        assertThat(kinds.keySet()).as("ledger entries of unknown requests")
                                .allMatch(id -> listed.get(id) != null);
                    }
                }
                for (String id : listed.keySet()) {
                    assertThat(kling.tasksCreatedFor(id)).as("Kling tasks of %s", id).isLessThanOrEqualTo(1);
                }
                System.out.printf("data-dir durability held: %d requests terminal and settled after the restart, "
                        + "%d Kling tasks%n", listed.size(), kling.taskCount());
            }
        }
    }

    /** The stack's arguments, the same for both runs: its port, data dir, accounts, the outside Kling, fast sweeps. */
    private List<String> arguments(int port, List<Account> accounts, URI kling) {
        List<String> args = new ArrayList<>(List.of("--port", Integer.toString(port), "--data-dir",
                dataDir.toString(), "--template", LocalStackExtension.root().resolve("template.yaml").toString(),
                "--kling-base-url", kling.toString(), "--kling-access-key", ACCESS_KEY,
                "--kling-secret-key", SECRET_KEY, "--sweep-interval", "1",
                "--env", Config.SWEEP_PROCESSING_AFTER_SECONDS + "=3",
                "--env", Config.SWEEP_REDISPATCH_AFTER_SECONDS + "=20",
                "--env", Config.UNSETTLED_AFTER_SECONDS + "=5"));
        for (Account account : accounts) {
            args.add("--seed-account");
            args.add(account.id() + ":" + account.apiKey() + ":" + OPENING.micros() / 1_000_000);
        }
        return args;
    }

    /**
     * Submits the first {@link #SETTLED_BEFORE_KILL} requests and waits until they are settled (their stream records
     * are read again after the restart), then submits the rest 4 at a time and kills the stack once
     * {@link #KILL_AFTER_ACCEPTED} in all were accepted. Returns the accepted request ids with their account index; a
     * submission cut by the kill is not counted, though the stack may have taken it.
     */
    private static Map<String, Integer> submitAndKillMidway(ChildJvm stack, URI base, List<Account> accounts,
                                                            List<String> names) throws Exception {
        List<ApiClient> clients = accounts.stream().map(a -> new ApiClient(base, a.apiKey())).toList();
        AtomicInteger acceptedCount = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Optional<String>>> futures = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (i == SETTLED_BEFORE_KILL) {
                    for (Future<Optional<String>> settled : futures) {
                        assertThat(settled.get()).as("accepted before the kill").isPresent();
                    }
                    await().atMost(Duration.ofMinutes(1)).until(() -> clients.stream()
                            .flatMap(c -> allRequests(c).stream()).filter(DataDirDurabilityIT::finished)
                            .count() == SETTLED_BEFORE_KILL);
                }
                ApiClient client = clients.get(i % clients.size());
                String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + names.get(i)
                        + "\",\"voice_url\":\"https://cdn.example.com/" + names.get(i) + ".mp3\"}}";
                futures.add(pool.submit(() -> {
                    try {
                        ApiClient.Reply reply = client.submit(body);
                        if (reply.status() != 202) {
                            return Optional.<String>empty();
                        }
                        acceptedCount.incrementAndGet();
                        return Optional.of(reply.json().get("request_id").asText());
                    } catch (UncheckedIOException e) {
                        return Optional.<String>empty(); // cut by the kill, or refused once the stack is gone
                    }
                }));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> acceptedCount.get() >= KILL_AFTER_ACCEPTED);
            stack.kill();
            Map<String, Integer> accepted = new HashMap<>();
            for (int i = 0; i < futures.size(); i++) {
                int account = i % clients.size();
                futures.get(i).get().ifPresent(id -> accepted.put(id, account));
            }
            return accepted;
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean finished(JsonNode record) {
        String status = record.get("status").asText();
        String billing = record.at("/billing/state").asText();
        return (status.equals("success") || status.equals("failed"))
                && (billing.equals("settled") || billing.equals("refunded"));
    }

    /** Every request of the account, through {@code GET /requests}, page by page. */
    private static List<JsonNode> allRequests(ApiClient client) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/requests?limit=100" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            ApiClient.Reply reply = client.get(path);
            assertThat(reply.status()).as("GET %s", path).isEqualTo(200);
            JsonNode page = reply.json();
            page.get("requests").forEach(all::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return all;
    }

    /** The DynamoDB endpoint the stack printed, as any SDK client (or the AWS CLI) would use it. */
    private static DynamoDbClient client(String endpoint) {
        return DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.of(LocalSqs.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("any", "any")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** The account's ledger entries from the accounts table: their kinds per request id; returns their sum. */
    private static long ledger(DynamoDbClient dynamo, String accountId, Map<String, List<String>> kinds) {
        long sum = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.query(q -> q.tableName("AccountsTable").consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :ledger)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ACCOUNT#" + accountId),
                            ":ledger", AttributeValue.fromS("LEDGER#")))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                kinds.computeIfAbsent(item.get("request_id").s(), k -> new ArrayList<>()).add(item.get("kind").s());
                sum += Long.parseLong(item.get("amount_micros").n());
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return sum;
    }
}

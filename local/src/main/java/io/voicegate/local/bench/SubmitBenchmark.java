package io.voicegate.local.bench;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * {@code ./voicegate bench}: submit throughput of the whole local stack (HTTP front, API Gateway event, auth,
 * validation, the DynamoDB transaction, the dispatch message) against the raw engines doing the same storage work
 * from the same client threads, measured in the same run: the API-key lookup; one transaction that puts a request
 * item into the requests table (so its two index entries and its stream record are written too), takes the hold
 * from an account's balance, puts the hold's ledger entry (with its statement index entry) and the voice-name claim;
 * and one SQS message. The ratio is then what the gateway's own work costs. The dispatch worker is not attached, so
 * neither side has the rest of each request's life running alongside (on AWS that runs on other functions; its
 * calls are what {@code ./voicegate bench calls} counts): dispatch messages wait in their queue as the raw side's
 * wait in one no function reads; both sides' request items go through the settlement's stream filter alike. The two
 * sides alternate in rounds, so both meet the same machine. Prints both rates, their ratio and each round's, then
 * exits; absolute numbers depend on the machine, the ratio much less.
 */
public final class SubmitBenchmark {

    private static final String RAW_ACCOUNT = "bench-raw";
    private static final long HOLD_MICROS = 70_000;

    private SubmitBenchmark() {
    }

    @Command(name = "voicegate bench", mixinStandardHelpOptions = true,
            description = "Submit throughput of the local stack against the raw engines doing the same storage "
                    + "work, in alternating rounds of one run. (./voicegate bench calls: the AWS calls of one "
                    + "request life.)")
    static final class Arguments {
        @Parameters(index = "0", arity = "0..1", paramLabel = "REQUESTS",
                description = "timed requests on each side (default 2000)")
        int requests = 2_000;

        @Parameters(index = "1", arity = "0..1", paramLabel = "THREADS", description = "client threads (default 8)")
        int threads = 8;

        @Parameters(index = "2", arity = "0..1", paramLabel = "TEMPLATE", description = "default template.yaml")
        Path template = Path.of("template.yaml");

        @CommandLine.Option(names = "--rounds", description = "alternating rounds per side (default 3)")
        int rounds = 3;
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments();
        if (!BenchArguments.parse("bench", arguments, args, () -> {
            if (arguments.requests < 1 || arguments.threads < 1 || arguments.rounds < 1) {
                throw new IllegalArgumentException("REQUESTS, THREADS and --rounds must be at least 1");
            }
        })) {
            return;
        }
        run(arguments);
        // The stack is closed; nothing the engines may leave behind keeps the benchmark from ending.
        System.exit(0);
    }

    private static void run(Arguments arguments) throws Exception {
        int threads = arguments.threads;
        int roundCount = Math.min(arguments.rounds, arguments.requests);
        try (LocalStack stack = LocalStack.start(LocalStack.Options.builder(arguments.template)
                .scheduleInterval(Duration.ofDays(1)).untriggered(Set.of("DispatchFunction")).build())) {
            String key = ApiKeys.generate(new SecureRandom());
            String rawKey = ApiKeys.generate(new SecureRandom());
            stack.openAccount("bench", key, Money.ofUsd("1000000"), List.of());
            stack.openAccount(RAW_ACCOUNT, rawKey, Money.ofUsd("1000000"), List.of());
            Raw raw = new Raw(stack, ApiKeys.hash(rawKey));
            // Both paths warmed as long as a round, so the first timed round meets compiled code on both sides.
            int warmup = Math.max(200, arguments.requests / roundCount);
            run(threads, warmup, i -> raw.submit("w" + i));
            run(threads, warmup, i -> submit(stack.baseUrl(), key, "w" + i));

            List<double[]> rounds = new ArrayList<>();
            for (int round = 0; round < roundCount; round++) {
                String tag = "r" + round + "-";
                int count = arguments.requests / roundCount + (round < arguments.requests % roundCount ? 1 : 0);
                double rawRate = run(threads, count, i -> raw.submit(tag + i));
                double gatewayRate = run(threads, count, i -> submit(stack.baseUrl(), key, tag + i));
                rounds.add(new double[] {rawRate, gatewayRate, count});
            }
            print(arguments.requests, roundCount, threads, rounds);
        }
    }

    private static void print(int requests, int roundCount, int threads, List<double[]> rounds) {
        // Each side's rate over all its rounds: its requests over the summed time of its rounds.
        double raw = requests / rounds.stream().mapToDouble(r -> r[2] / r[0]).sum();
        double gateway = requests / rounds.stream().mapToDouble(r -> r[2] / r[1]).sum();
        System.out.printf("submit benchmark: %d requests on each side in %d alternating rounds, %d client threads%n",
                requests, roundCount, threads);
        System.out.printf("  raw engines, the same storage work (GetItem + TransactWriteItems + SendMessage): %8.1f "
                + "ops/s  (rounds %s)%n", raw, rates(rounds, 0));
        System.out.printf("  voicegate POST /requests through the local stack:                             %8.1f "
                + "ops/s  (rounds %s)%n", gateway, rates(rounds, 1));
        double[] ratios = rounds.stream().mapToDouble(r -> r[1] / r[0]).sorted().toArray();
        System.out.printf("  ratio gateway / raw engines: %.2f  (rounds %.2f to %.2f)%n", gateway / raw, ratios[0],
                ratios[ratios.length - 1]);
    }

    private static String rates(List<double[]> rounds, int side) {
        return rounds.stream().map(r -> String.format(Locale.ROOT, "%.1f", r[side])).collect(Collectors.joining(", "));
    }

    private interface Op {
        void run(int i) throws Exception;
    }

    /** Runs {@code count} operations on {@code threads} threads; returns operations per second. */
    private static double run(int threads, int count, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit((Callable<Object>) () -> {
                    op.run(n);
                    return null;
                }));
            }
            for (Future<Object> future : futures) {
                future.get();
            }
            return count / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A submit body; each names its own voice, since an account's live voice names are unique. */
    private static String body(String voiceName) {
        return "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + voiceName + "\","
                + "\"voice_url\":\"https://cdn.example.com/bench.mp3\"}}";
    }

    private static void submit(URI base, String key, String voiceName) throws IOException, InterruptedException {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/requests"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(voiceName))).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("submit answered " + response.statusCode());
        }
    }

    /**
     * The storage work of one submit, straight on the engines, for an account of its own: the items have the shapes
     * the gateway writes (adapter.dynamodb's RequestItems and AccountItems), so the same index entries and stream
     * records follow. Its requests are never dispatched: nothing is sent to the dispatch queue, and the message goes
     * to a queue no function reads.
     */
    private record Raw(LocalStack stack, String keyHash) {

        void submit(String voiceName) {
            String id = UUID.randomUUID().toString();
            long now = Instant.now().getEpochSecond();
            String requests = stack.ref("RequestsTable");
            String accounts = stack.ref("AccountsTable");
            String account = "ACCOUNT#" + RAW_ACCOUNT;
            stack.dynamo().getItem(g -> g.tableName(accounts).consistentRead(true)
                    .key(Map.of("pk", s("APIKEY#" + keyHash), "sk", s("APIKEY"))));
            Map<String, AttributeValue> request = Map.ofEntries(Map.entry("request_id", s(id)),
                    Map.entry("account_id", s(RAW_ACCOUNT)), Map.entry("model", s("kling-custom-voice")),
                    Map.entry("source", s("http")), Map.entry("status", s("dispatched")),
                    Map.entry("created_at", n(now)), Map.entry("updated_at", n(now)),
                    Map.entry("payload", AttributeValue.fromM(Map.of("voice_name", s(voiceName),
                            "voice_url", s("https://cdn.example.com/bench.mp3")))),
                    Map.entry("billing", AttributeValue.fromM(Map.of("state", s("held"), "held_micros",
                            n(HOLD_MICROS), "charged_micros", n(0), "refunded_micros", n(0)))),
                    Map.entry("open_status", s("open")), Map.entry("open_since", n(now)));
            String entry = id + "#hold";
            Map<String, AttributeValue> hold = Map.of("pk", s(account), "sk", s("LEDGER#" + entry),
                    "entry_id", s(entry), "request_id", s(id), "kind", s("hold"), "amount_micros", n(-HOLD_MICROS),
                    "created_at", n(now), "list_pk", s("LEDGER#" + RAW_ACCOUNT),
                    "list_sk", s(String.format("%015d#%s", System.currentTimeMillis(), entry)));
            Map<String, AttributeValue> claim = Map.of("pk", s(account), "sk", s("VOICENAME#" + voiceName),
                    "request_id", s(id), "created_at", n(now));
            stack.dynamo().transactWriteItems(t -> t.transactItems(Arrays.asList(
                    TransactWriteItem.builder().put(p -> p.tableName(requests).item(request)
                            .conditionExpression("attribute_not_exists(request_id)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(accounts)
                            .key(Map.of("pk", s(account), "sk", s("PROFILE")))
                            .updateExpression("SET balance_micros = balance_micros - :hold")
                            .conditionExpression("attribute_exists(pk) AND balance_micros >= :hold "
                                    + "AND attribute_not_exists(suspended_reason)")
                            .expressionAttributeValues(Map.of(":hold", n(HOLD_MICROS)))).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(accounts).item(hold)
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(accounts).item(claim)
                            .conditionExpression("attribute_not_exists(pk)")).build())));
            stack.sqs().sendMessage(m -> m.queueUrl(stack.ref("IntakeDeadLetterQueue"))
                    .messageBody("{\"request_id\":\"" + id + "\"}"));
        }

        private static AttributeValue s(String value) {
            return AttributeValue.fromS(value);
        }

        private static AttributeValue n(long value) {
            return AttributeValue.fromN(Long.toString(value));
        }
    }
}

package io.voicegate.local.bench;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.local.LocalStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code ./voicegate bench}: submit throughput of the whole local stack (HTTP front, API Gateway event, auth,
 * validation, the DynamoDB transaction, the dispatch message) against the raw engines doing the same storage work
 * (one GetItem, one TransactWriteItems of four items, one SendMessage) from the same client threads, measured in
 * the same run. The rest of the stack (dispatch to the Kling simulator, callbacks, settlement) runs alongside, as it
 * would. Prints both rates and their ratio; absolute numbers depend on the machine, the ratio much less.
 */
public final class SubmitBenchmark {

    private SubmitBenchmark() {
    }

    @Command(name = "voicegate bench", mixinStandardHelpOptions = true,
            description = "Submit throughput of the local stack against the raw engines, measured in one run.")
    static final class Arguments {
        @Parameters(index = "0", arity = "0..1", paramLabel = "REQUESTS", description = "timed requests (default 2000)")
        int requests = 2_000;

        @Parameters(index = "1", arity = "0..1", paramLabel = "THREADS", description = "client threads (default 8)")
        int threads = 8;

        @Parameters(index = "2", arity = "0..1", paramLabel = "TEMPLATE", description = "default template.yaml")
        Path template = Path.of("template.yaml");
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = new Arguments();
        CommandLine cli = new CommandLine(arguments);
        try {
            cli.parseArgs(args);
            if (arguments.requests < 1 || arguments.threads < 1) {
                throw new CommandLine.ParameterException(cli, "REQUESTS and THREADS must be at least 1");
            }
        } catch (CommandLine.ParameterException e) {
            System.err.println("voicegate bench: " + e.getMessage());
            cli.usage(System.err);
            System.exit(2);
            return;
        }
        if (cli.isUsageHelpRequested() || cli.isVersionHelpRequested()) {
            cli.printHelpIfRequested(cli.getParseResult());
            return;
        }
        int requests = arguments.requests;
        int threads = arguments.threads;
        Path template = arguments.template;
        try (LocalStack stack = LocalStack.start(LocalStack.Options.defaults(template)
                .withScheduleInterval(Duration.ofDays(1)))) {
            String key = ApiKeys.generate(new SecureRandom());
            stack.openAccount("bench", key, Money.ofUsd("1000000"), List.of());
            int warmup = Math.max(100, requests / 10);
            run(threads, warmup, i -> rawStorage(stack));
            run(threads, warmup, i -> submit(stack.baseUrl(), key, "w" + i));

            double raw = run(threads, requests, i -> rawStorage(stack));
            double gateway = run(threads, requests, i -> submit(stack.baseUrl(), key, "b" + i));
            System.out.printf("submit benchmark: %d requests, %d client threads%n", requests, threads);
            System.out.printf("  raw engines (GetItem + TransactWriteItems + SendMessage): %8.1f ops/s%n", raw);
            System.out.printf("  voicegate POST /requests through the local stack:         %8.1f ops/s%n", gateway);
            System.out.printf("  ratio gateway / raw engines: %.2f%n", gateway / raw);
        }
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

    /** The storage work of one submit, straight on the engines, into a scratch key space. */
    private static void rawStorage(LocalStack stack) {
        String id = UUID.randomUUID().toString();
        String table = stack.ref("AccountsTable");
        stack.dynamo().getItem(g -> g.tableName(table).key(Map.of("pk", AttributeValue.fromS("BENCH#key"),
                "sk", AttributeValue.fromS("BENCH"))));
        stack.dynamo().transactWriteItems(t -> t.transactItems(
                w -> w.put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("BENCH#" + id),
                        "sk", AttributeValue.fromS("A"))).conditionExpression("attribute_not_exists(pk)")),
                w -> w.put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("BENCH#" + id),
                        "sk", AttributeValue.fromS("B"))).conditionExpression("attribute_not_exists(pk)")),
                w -> w.put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("BENCH#" + id),
                        "sk", AttributeValue.fromS("C"))).conditionExpression("attribute_not_exists(pk)")),
                w -> w.put(p -> p.tableName(table).item(Map.of("pk", AttributeValue.fromS("BENCH#" + id),
                        "sk", AttributeValue.fromS("D"))).conditionExpression("attribute_not_exists(pk)"))));
        stack.sqs().sendMessage(m -> m.queueUrl(stack.ref("IntakeDeadLetterQueue")).messageBody(id));
    }
}

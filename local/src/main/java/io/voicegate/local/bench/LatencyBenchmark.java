package io.voicegate.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.json.Json;
import io.voicegate.local.LocalStack;
import io.voicegate.local.runtime.InvocationListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./voicegate bench latency}: the time from {@code POST /requests} to the final webhook with an instant Kling
 * (the simulator ends a task as soon as it is created), one request at a time, split into stages by the local stack's
 * function invocations: submit (the POST's round trip), dispatch pickup (until the dispatch worker is invoked with the
 * request), Kling create (that invocation: admission, the create at Kling, {@code processing}), callback (until the
 * callback that made the request terminal had been handled), stream pickup (until the settlement is invoked with
 * it), settlement (that invocation: the money, the delivery message; until it returns or the delivery
 * worker takes the message) and delivery (until the webhook arrived). Stages are measured between consecutive moments, so they add up to the total. Prints the median and the
 * 95th percentile of each over the runs, and exits.
 */
public final class LatencyBenchmark {

    private LatencyBenchmark() {
    }

    @Command(name = "voicegate bench latency", mixinStandardHelpOptions = true,
            description = "Submit to webhook with an instant Kling, stage by stage: median and p95.")
    static final class Arguments {
        @Parameters(index = "0", arity = "0..1", paramLabel = "RUNS", description = "timed requests (default 40)")
        int runs = 40;

        @Option(names = "--warmup", paramLabel = "N", description = "untimed requests first (default 10)")
        int warmup = 10;

        @Option(names = "--template", paramLabel = "PATH", description = "default template.yaml")
        Path template = Path.of("template.yaml");
    }

    static final List<String> STAGES = List.of("submit", "dispatch pickup", "Kling create", "callback",
            "stream pickup", "settlement", "delivery");

    public static void main(String[] args) throws Exception {
        Arguments a = new Arguments();
        if (!BenchArguments.parse("bench latency", a, args, () -> {
            if (a.runs < 1 || a.warmup < 0) {
                throw new IllegalArgumentException("RUNS must be positive and --warmup not negative");
            }
        })) {
            return;
        }
        try (LocalStack stack = LocalStack.start(LocalStack.Options.builder(a.template)
                .scheduleInterval(Duration.ofDays(1))
                .simulator(new LocalStack.SimulatorSettings(Duration.ZERO, 0)).build());
             Webhooks webhooks = new Webhooks()) {
            Timeline timeline = new Timeline();
            stack.onInvocation(timeline);
            String key = ApiKeys.generate(new SecureRandom());
            stack.openAccount("latency", key, Money.ofUsd("1000"), List.of());
            for (int i = 0; i < a.warmup; i++) {
                once(stack.baseUrl(), key, "w" + i, webhooks, timeline);
            }
            List<long[]> runs = new ArrayList<>();
            for (int i = 0; i < a.runs; i++) {
                runs.add(once(stack.baseUrl(), key, "r" + i, webhooks, timeline));
            }
            print(a, runs);
        }
        System.exit(0);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One request, submit to webhook: the nanoseconds of each stage, then the total. */
    private static long[] once(URI base, String key, String name, Webhooks webhooks, Timeline timeline)
            throws Exception {
        long submitted = System.nanoTime();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/requests"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"kling-custom-voice\",\"payload\":{"
                        + "\"voice_name\":\"" + name + "\",\"voice_url\":\"https://cdn.example.com/" + name
                        + ".mp3\"},\"webhook\":{\"url\":\"" + webhooks.url() + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        long accepted = System.nanoTime();
        if (response.statusCode() != 202) {
            throw new IllegalStateException("submit answered " + response.statusCode());
        }
        String id = Json.mapper().readTree(response.body()).get("request_id").asText();
        long delivered = webhooks.arrival(id).get(30, TimeUnit.SECONDS);
        // the settlement and the delivery invocations are told of when they return, maybe after the webhook came
        timeline.awaitInvocations(id, List.of("ReconcileFunction", "DeliveryFunction"), Duration.ofSeconds(30));
        long[] moments = timeline.moments(id, submitted, accepted, delivered);
        long[] stages = new long[STAGES.size() + 1];
        for (int s = 0; s < STAGES.size(); s++) {
            stages[s] = moments[s + 1] - moments[s];
        }
        stages[STAGES.size()] = delivered - submitted;
        return stages;
    }

    private static void print(Arguments a, List<long[]> runs) {
        System.out.printf("latency benchmark: %d requests one at a time (after %d untimed), instant Kling, %s%n",
                a.runs, a.warmup, a.template);
        System.out.printf("  %-16s %10s %10s%n", "stage", "median ms", "p95 ms");
        for (int s = 0; s <= STAGES.size(); s++) {
            int stage = s;
            long[] values = runs.stream().mapToLong(r -> r[stage]).sorted().toArray();
            System.out.printf("  %-16s %10.1f %10.1f%n", s == STAGES.size() ? "submit -> webhook" : STAGES.get(s),
                    percentile(values, 0.5) / 1e6, percentile(values, 0.95) / 1e6);
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The function invocations that concern each request, from the stack's invocation listener. */
    static final class Timeline implements InvocationListener {

        private record Invocation(String function, long start, long end) {
        }

        private final Map<String, List<Invocation>> byRequest = new ConcurrentHashMap<>();

        @Override
        public void invoked(String function, Object event, long startNanos, long endNanos) {
            for (String id : requestIds(event)) {
                byRequest.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>())
                        .add(new Invocation(function, startNanos, endNanos));
            }
            synchronized (this) {
                notifyAll();
            }
        }

        /** Waits until each of these functions has been invoked for the request and has returned. */
        synchronized void awaitInvocations(String id, List<String> functions, Duration within)
                throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            while (!functions.stream().allMatch(f -> byRequest.getOrDefault(id, List.of()).stream()
                    .anyMatch(i -> i.function().equals(f)))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("request " + id + " was not handled by all of " + functions);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** The request ids an event concerns: dispatch and delivery messages, stream records, callback paths. */
        private static List<String> requestIds(Object event) {
            List<String> ids = new ArrayList<>();
            if (event instanceof SQSEvent sqs && sqs.getRecords() != null) {
                for (SQSEvent.SQSMessage message : sqs.getRecords()) {
                    try {
                        JsonNode body = Json.mapper().readTree(message.getBody());
                        if (body != null && body.hasNonNull("request_id") && !body.has("check_since")) {
                            ids.add(body.get("request_id").asText());
                        }
                    } catch (IOException e) {
                        // not one of the gateway's own messages
                    }
                }
            } else if (event instanceof DynamodbEvent stream && stream.getRecords() != null) {
                stream.getRecords().forEach(r -> Optional.ofNullable(r.getDynamodb().getKeys().get("request_id"))
                        .ifPresent(key -> ids.add(key.getS())));
            } else if (event instanceof APIGatewayV2HTTPEvent http && http.getRawPath() != null
                    && http.getRawPath().startsWith("/callbacks/kling/")) {
                ids.add(http.getRawPath().split("/")[3]);
            }
            return ids;
        }

        /** The moments between stages, each at least the one before (so the stages add up to the total). */
        long[] moments(String id, long submitted, long accepted, long delivered) {
            List<Invocation> all = byRequest.getOrDefault(id, List.of());
            Invocation dispatch = first(all, "DispatchFunction");
            Invocation settlement = first(all, "ReconcileFunction");
            // the callback that made the request terminal: the last one to start before its settlement did
            long callbacksDone = all.stream().filter(i -> i.function().equals("WebhookFunction")
                    && i.start() <= settlement.start()).mapToLong(Invocation::end).max().orElse(dispatch.end());
            // the settlement ends when its invocation returns or the delivery worker takes its message, if sooner
            long settled = Math.min(settlement.end(), first(all, "DeliveryFunction").start());
            long[] moments = {submitted, accepted, dispatch.start(), dispatch.end(), callbacksDone,
                    settlement.start(), settled, delivered};
            for (int m = 1; m < moments.length; m++) {
                moments[m] = Math.max(moments[m], moments[m - 1]);
            }
            return moments;
        }

        private static Invocation first(List<Invocation> all, String function) {
            return all.stream().filter(i -> i.function().equals(function))
                    .min((x, y) -> Long.compare(x.start(), y.start()))
                    .orElseThrow(() -> new IllegalStateException(function + " never handled the request"));
        }
    }

    /** A webhook receiver on 127.0.0.1 that notes when each request's final record arrived. */
    static final class Webhooks implements AutoCloseable {

        private final HttpServer server;
        private final Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();

        Webhooks() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hooks", exchange -> {
                long at = System.nanoTime();
                JsonNode record = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                arrival(record.get("request_id").asText()).complete(at);
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        CompletableFuture<Long> arrival(String requestId) {
            return arrivals.computeIfAbsent(requestId, k -> new CompletableFuture<>());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

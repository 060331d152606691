package io.voicegate.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.adapter.dynamodb.DynamoKlingSlots;
import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.Money;
import io.voicegate.json.Json;
import io.voicegate.local.LocalStack;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.local.kling.RecordedRequest;
import io.voicegate.local.kling.SimulatorFaults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * The AWS calls of one request life, counted on a local stack of its own with an SDK interceptor on every function's
 * clients ({@link AwsCallCounter}): a request submitted over HTTP with a webhook, from the submit to the webhook's
 * {@code 2xx}, including the scheduled re-query of its Kling task (which fires after the task has ended). Two lives
 * are measured one after the other: one whose Kling task succeeds, and one whose task Kling fails. The API key is used
 * once before, so the once-a-day note of its use is not part of either life.
 *
 * <p>A life is over when its request is terminal and settled, its webhook was answered, the dispatch and delivery
 * queues hold nothing (visible, in flight or delayed) and no call was made for a second.
 */
public final class RequestLifeCalls {

    /** The template functions by the part of a request's life they serve. */
    public static final Map<String, String> COMPONENTS = Map.of(
            "ApiFunction", "submit", "DispatchFunction", "dispatch", "WebhookFunction", "callback",
            "ReconcileFunction", "settlement", "DeliveryFunction", "delivery");
    private static final List<String> ORDER = List.of("submit", "dispatch", "callback", "settlement", "delivery");
    private static final Duration LIFE_LIMIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One life's counts.
     *
     * @param calls      every AWS call the functions made
     * @param klingCalls the gateway's calls to Kling, by method and path shape (e.g. {@code GET /v1/…/{id}})
     */
    public record Life(List<AwsCallCounter.Call> calls, Map<String, Integer> klingCalls) {

        public long totalCalls() {
            return calls.size();
        }

        /** Calls by component ({@link #COMPONENTS}) and {@code Service Operation}, in a stable order. */
        public Map<String, Map<String, Integer>> byComponent() {
            Map<String, Map<String, Integer>> out = new LinkedHashMap<>();
            ORDER.forEach(c -> out.put(c, new TreeMap<>()));
            for (AwsCallCounter.Call call : calls) {
                String component = COMPONENTS.getOrDefault(call.function(), call.function());
                out.computeIfAbsent(component, c -> new TreeMap<>())
                        .merge(call.service() + " " + call.operation(), 1, Integer::sum);
            }
            return out;
        }

        public long calls(String component) {
            return calls.stream().filter(c -> component.equals(COMPONENTS.getOrDefault(c.function(), c.function())))
                    .count();
        }

        public double writeUnits() {
            return calls.stream().mapToDouble(AwsCallCounter.Call::writeUnits).sum();
        }

        public double indexWriteUnits() {
            return calls.stream().mapToDouble(AwsCallCounter.Call::indexWriteUnits).sum();
        }

        public double readUnits() {
            return calls.stream().mapToDouble(AwsCallCounter.Call::readUnits).sum();
        }

        public double writeUnits(String component) {
            return calls.stream().filter(c -> component.equals(COMPONENTS.getOrDefault(c.function(), c.function())))
                    .mapToDouble(AwsCallCounter.Call::writeUnits).sum();
        }

        public double readUnits(String component) {
            return calls.stream().filter(c -> component.equals(COMPONENTS.getOrDefault(c.function(), c.function())))
                    .mapToDouble(AwsCallCounter.Call::readUnits).sum();
        }

        public long failedCalls() {
            return calls.stream().filter(AwsCallCounter.Call::failed).count();
        }

        public int totalKlingCalls() {
            return klingCalls.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** The two lives of one measurement. */
    public record Report(Life success, Life failure) {

        /** Prints the table {@code ./voicegate bench calls} shows. */
        public void print(PrintStream out) {
            out.println("AWS calls of one request life (the functions' SDK clients; Lambda's pollers not counted)");
            out.printf("%-11s %-36s %8s %8s%n", "component", "call", "success", "failed");
            Map<String, Map<String, Integer>> ok = success.byComponent();
            Map<String, Map<String, Integer>> ko = failure.byComponent();
            Set<String> components = new java.util.LinkedHashSet<>(ok.keySet());
            components.addAll(ko.keySet());
            for (String component : components) {
                Set<String> operations = new java.util.TreeSet<>(ok.getOrDefault(component, Map.of()).keySet());
                operations.addAll(ko.getOrDefault(component, Map.of()).keySet());
                for (String operation : operations) {
                    out.printf("%-11s %-36s %8d %8d%n", component, operation,
                            ok.getOrDefault(component, Map.of()).getOrDefault(operation, 0),
                            ko.getOrDefault(component, Map.of()).getOrDefault(operation, 0));
                }
                out.printf("%-11s %-36s %8d %8d   (WRU %s / %s, RRU %s / %s)%n", component, "= calls",
                        success.calls(component), failure.calls(component), units(success.writeUnits(component)),
                        units(failure.writeUnits(component)), units(success.readUnits(component)),
                        units(failure.readUnits(component)));
            }
            out.printf("%-48s %8d %8d%n", "AWS calls per request life", success.totalCalls(), failure.totalCalls());
            out.printf("%-48s %8s %8s%n", "write request units (WRU)", units(success.writeUnits()),
                    units(failure.writeUnits()));
            out.printf("%-48s %8s %8s%n", "  of which secondary indexes", units(success.indexWriteUnits()),
                    units(failure.indexWriteUnits()));
            out.printf("%-48s %8s %8s%n", "read request units (RRU)", units(success.readUnits()),
                    units(failure.readUnits()));
            out.printf("%-48s %8d %8d%n", "calls answered with an error", success.failedCalls(),
                    failure.failedCalls());
            out.printf("%-48s %8d %8d   %s / %s%n", "Kling calls", success.totalKlingCalls(),
                    failure.totalKlingCalls(), success.klingCalls(), failure.klingCalls());
        }

        private static String units(double units) {
            return units == Math.rint(units) ? Long.toString((long) units) : Double.toString(units);
        }
    }

    private RequestLifeCalls() {
    }

    /** Measures both lives on a fresh local stack built from {@code template}. */
    public static Report measure(Path template) {
        AwsCallCounter counter = new AwsCallCounter();
        try (Webhooks webhooks = new Webhooks();
             LocalStack stack = LocalStack.start(LocalStack.Options.builder(template)
                     .scheduleInterval(Duration.ofDays(1))
                     .awsInterceptors(function -> List.of(counter.interceptorFor(function))).build())) {
            String key = ApiKeys.generate(new SecureRandom());
            stack.openAccount("calls", key, Money.ofUsd("10"), List.of());
            call(stack.baseUrl(), key, "GET", "/account", null); // the key's once-a-day use note, before any life
            // A deployment's first request also creates the Kling slot pool (once): the life measured is any other's.
            DynamoKlingSlots pool = new DynamoKlingSlots(stack.dynamo(), stack.ref("AccountsTable"));
            pool.acquire("pool-created", Instant.now(), 1, Optional.empty());
            pool.release("pool-created");
            KlingSimulator kling = stack.simulator().orElseThrow();
            Life success = life(stack, counter, webhooks, key, "calls-ok", "success");
            kling.faults().failTask(SimulatorFaults.ANY, "the voice sample was rejected by review");
            Life failure = life(stack, counter, webhooks, key, "calls-failed", "failed");
            kling.faults().clear();
            return new Report(success, failure);
        }
    }

    private static Life life(LocalStack stack, AwsCallCounter counter, Webhooks webhooks, String key,
                             String voiceName, String expectedStatus) {
        KlingSimulator kling = stack.simulator().orElseThrow();
        waitFor("the stack to be idle", () -> idle(stack, counter));
        counter.reset();
        kling.clearRequests();
        JsonNode submitted = call(stack.baseUrl(), key, "POST", "/requests", "{\"model\":\"kling-custom-voice\","
                + "\"payload\":{\"voice_name\":\"" + voiceName + "\",\"voice_url\":\"https://cdn.example.com/"
                + voiceName + ".mp3\"},\"webhook\":{\"url\":\"" + webhooks.url() + "\"}}");
        String id = submitted.get("request_id").asText();
        waitFor("request " + id + " to end " + expectedStatus + ", settled and delivered", () -> {
            Map<String, AttributeValue> item = stack.dynamo().getItem(g -> g.tableName(stack.ref("RequestsTable"))
                    .key(Map.of("request_id", AttributeValue.fromS(id))).consistentRead(true)).item();
            return item != null && item.containsKey("status") && expectedStatus.equals(item.get("status").s())
                    && !"held".equals(item.get("billing").m().get("state").s()) && webhooks.received(id)
                    && idle(stack, counter);
        });
        Map<String, Integer> klingCalls = new TreeMap<>();
        kling.requests().forEach(r -> klingCalls.merge(shape(r), 1, Integer::sum));
        return new Life(counter.calls(), klingCalls);
    }

    /** No message waits in the dispatch or delivery queue, and no call was made in the last second. */
    private static boolean idle(LocalStack stack, AwsCallCounter counter) {
        int before = counter.calls().size();
        boolean queuesEmpty = empty(stack, "DispatchQueue") && empty(stack, "DeliveryQueue");
        sleep(Duration.ofSeconds(1));
        return queuesEmpty && counter.calls().size() == before;
    }

    private static boolean empty(LocalStack stack, String queue) {
        Map<QueueAttributeName, String> attributes = stack.sqs().getQueueAttributes(g -> g.queueUrl(stack.ref(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    private static void waitFor(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(LIFE_LIMIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code GET /v1/general/custom-voices/{id}}: the method and the path with ids and the query left out. */
    private static String shape(RecordedRequest request) {
        String path = request.pathAndQuery().split("\\?", 2)[0];
        String[] segments = path.split("/");
        if (segments.length > 4) {
            segments[segments.length - 1] = "{id}";
        }
        return request.method() + " " + String.join("/", segments);
    }

    private static JsonNode call(URI base, String key, String method, String path, String body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .header("authorization", "Bearer " + key).timeout(Duration.ofSeconds(30));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("content-type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body));
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return Json.mapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A webhook receiver on 127.0.0.1 that answers every POST {@code 204} and notes the request it was about. */
    private static final class Webhooks implements AutoCloseable {

        private final HttpServer server;
        private final Set<String> received = ConcurrentHashMap.newKeySet();

        Webhooks() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hook", exchange -> {
                try (exchange) {
                    JsonNode body = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
                    received.add(body.path("request_id").asText());
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        boolean received(String requestId) {
            return received.contains(requestId);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Command(name = "voicegate bench calls", mixinStandardHelpOptions = true,
            description = "The AWS calls, write and read units and Kling calls of one request life (a success and a "
                    + "failure, each with a webhook), by component, counted on a local stack of its own.")
    static final class Arguments {
        @Parameters(index = "0", arity = "0..1", paramLabel = "TEMPLATE", description = "default template.yaml")
        Path template = Path.of("template.yaml");
    }

    /** {@code ./voicegate bench calls [TEMPLATE]}: prints both lives' table and exits. */
    public static void main(String[] args) {
        Arguments arguments = new Arguments();
        if (!BenchArguments.parse("bench calls", arguments, args, () -> { })) {
            return;
        }
        measure(arguments.template).print(System.out);
        System.exit(0);
    }
}

package io.voicegate.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.SettleRequest;
import io.voicegate.config.Config;
import io.voicegate.config.Wiring;
import io.voicegate.domain.Money;
import io.voicegate.http.ApiRequest;
import io.voicegate.http.ApiResponse;
import io.voicegate.http.PublicApi;
import io.voicegate.local.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event each function handles in {@code ./voicegate bench cold}: a fixture from {@code events/}, made to take the
 * function's working path on every run. Submissions get a fresh {@code Idempotency-Key} (or SQS message id) and voice
 * name, so none is a replay; the dispatch, callback, settlement and delivery events name a request this class has
 * just brought to the state the event expects (through the production use cases, in this JVM); the Kling callback
 * carries a valid token and the Kling task the dispatch created at the simulator. The sweep, admin and bill events
 * are the fixtures as they are. The fixtures' API key opens account {@code acct-1}, which is created here.
 */
public final class ColdStartEvents implements AutoCloseable {

    static final String ACCOUNT = "acct-1";
    static final String API_KEY = "vg_events_fixture_key_0000000000000000000000";
    static final String PRODUCER = "AIDAFIXTUREPRODUCER0001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalStack stack;
    private final Path events;
    private final Path work;
    private final AtomicInteger counter = new AtomicInteger();
    private final HttpServer webhookReceiver;
    private final Wiring api;
    private final PublicApi publicApi;
    private final DispatchRequest dispatch;
    private final SettleRequest settle;

    public ColdStartEvents(LocalStack stack, Path root) throws IOException {
        this.stack = stack;
        this.events = root.resolve("events");
        this.work = Files.createTempDirectory("voicegate-cold-events");
        stack.openAccount(ACCOUNT, API_KEY, Money.ofUsd("100000"), List.of(PRODUCER));
        webhookReceiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhookReceiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhookReceiver.start();
        api = wiring("ApiFunction");
        publicApi = api.publicApi();
        dispatch = wiring("DispatchFunction").dispatchRequest();
        settle = wiring("ReconcileFunction").settleRequest();
    }

    private Wiring wiring(String function) {
        return new Wiring(Config.fromEnv(stack.environment(function)), Clock.systemUTC());
    }

    /**
     * A fresh event file for one run of the function, or empty when the bench has no event for it (a function added
     * to the template since).
     */
    public Optional<Path> next(String function) throws IOException {
        int n = counter.incrementAndGet();
        JsonNode event = switch (function) {
            case "ApiFunction" -> submitEvent(n);
            case "IntakeFunction" -> intakeEvent(n);
            case "DispatchFunction" -> requestMessage("sqs/dispatch-one.json", submit(n, false));
            case "WebhookFunction" -> callbackEvent(n);
            case "ReconcileFunction" -> streamRecord(settleable(n, false));
            case "DeliveryFunction" -> requestMessage("sqs/delivery-one.json", settled(n));
            case "SweepFunction" -> fixture("schedule/sweep.json");
            case "AdminFunction" -> fixture("apigw/admin-list-accounts.json");
            case "KlingBillFunction" -> fixture("schedule/kling-bill.json");
            default -> null;
        };
        if (event == null) {
            return Optional.empty();
        }
        Path file = work.resolve(function + "-" + n + ".json");
        JSON.writeValue(file.toFile(), event);
        return Optional.of(file);
    }

    /** {@code apigw/submit-valid.json} with a fresh Idempotency-Key and voice name. */
    private JsonNode submitEvent(int n) throws IOException {
        ObjectNode event = fixture("apigw/submit-valid.json");
        ((ObjectNode) event.get("headers")).put("idempotency-key", "bench-cold-" + UUID.randomUUID());
        event.put("body", withVoiceName(event.get("body").asText(), n));
        return event;
    }

    /** {@code sqs/intake-valid.json} with a fresh message id (its idempotency key) and voice name. */
    private JsonNode intakeEvent(int n) throws IOException {
        ObjectNode event = fixture("sqs/intake-valid.json");
        ObjectNode message = (ObjectNode) event.get("Records").get(0);
        message.put("messageId", UUID.randomUUID().toString());
        message.put("body", withVoiceName(message.get("body").asText(), n));
        return event;
    }

    /** An SQS fixture whose one message names {@code requestId}. */
    private JsonNode requestMessage(String fixture, String requestId) throws IOException {
        ObjectNode event = fixture(fixture);
        ObjectNode message = (ObjectNode) event.get("Records").get(0);
        message.put("messageId", UUID.randomUUID().toString());
        message.put("body", JSON.writeValueAsString(Map.of("request_id", requestId)));
        return event;
    }

    /** {@code apigw/kling-callback.json} for a request just dispatched: its token and its Kling task. */
    private JsonNode callbackEvent(int n) throws IOException {
        String requestId = submit(n, false);
        dispatch.dispatch(requestId, false);
        String taskId = api.requestStore().find(requestId).flatMap(r -> r.klingTaskId())
                .orElseThrow(() -> new IllegalStateException("dispatch created no Kling task for " + requestId));
        String token = api.callbackTokens().tokenFor(requestId);
        ObjectNode event = fixture("apigw/kling-callback.json");
        String path = "/callbacks/kling/" + requestId + "/" + token;
        event.put("rawPath", path);
        ((ObjectNode) event.get("requestContext").get("http")).put("path", path);
        ((ObjectNode) event.get("pathParameters")).put("request_id", requestId).put("token", token);
        ObjectNode body = (ObjectNode) JSON.readTree(event.get("body").asText());
        body.put("task_id", taskId);
        ((ObjectNode) body.get("task_info")).put("external_task_id", requestId);
        event.put("body", JSON.writeValueAsString(body));
        return event;
    }

    /** {@code ddb-stream/request-succeeded.json} naming {@code requestId}. */
    private JsonNode streamRecord(String requestId) throws IOException {
        ObjectNode event = fixture("ddb-stream/request-succeeded.json");
        ObjectNode dynamodb = (ObjectNode) event.get("Records").get(0).get("dynamodb");
        for (String image : List.of("Keys", "NewImage", "OldImage")) {
            ObjectNode item = (ObjectNode) dynamodb.get(image);
            ((ObjectNode) item.get("request_id")).put("S", requestId);
            if (item.has("account_id")) {
                ((ObjectNode) item.get("account_id")).put("S", ACCOUNT);
            }
        }
        ((ObjectNode) dynamodb.get("NewImage").get("status")).put("S", "failed");
        return event;
    }

    /** A request submitted and canceled: terminal, its hold not settled yet. */
    private String settleable(int n, boolean withWebhook) {
        String requestId = submit(n, withWebhook);
        ApiResponse canceled = publicApi.handle(new ApiRequest("POST /requests/{request_id}/cancel",
                "/requests/" + requestId + "/cancel", Map.of("request_id", requestId), Map.of(), headers(), "",
                true));
        if (canceled.status() != 200) {
            throw new IllegalStateException("cancel of " + requestId + " answered " + canceled.status());
        }
        return requestId;
    }

    /** A request canceled and settled, with a webhook to this class's receiver: ready for delivery. */
    private String settled(int n) {
        String requestId = settleable(n, true);
        settle.settle(requestId);
        return requestId;
    }

    /** Submits a request through the public API (as {@code POST /requests}) and answers its id. */
    private String submit(int n, boolean withWebhook) {
        String webhook = withWebhook ? ",\"webhook\":{\"url\":\"http://127.0.0.1:"
                + webhookReceiver.getAddress().getPort() + "/hooks/voice\"}" : "";
        String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + voiceName(n)
                + "\",\"voice_url\":\"https://cdn.example.com/samples/ada.mp3\"}" + webhook + "}";
        ApiResponse response = publicApi.handle(new ApiRequest("POST /requests", "/requests", Map.of(),
                Map.of(), headers(), body, true));
        if (response.status() != 202) {
            throw new IllegalStateException("submit answered " + response.status() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body()).get("request_id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> headers() {
        return Map.of("authorization", "Bearer " + API_KEY, "content-type", "application/json");
    }

    private static String voiceName(int n) {
        return "cold" + n + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    }

    private static String withVoiceName(String body, int n) throws IOException {
        ObjectNode value = (ObjectNode) JSON.readTree(body);
        ((ObjectNode) value.get("payload")).put("voice_name", voiceName(n));
        return JSON.writeValueAsString(value);
    }

    private ObjectNode fixture(String name) throws IOException {
        return (ObjectNode) JSON.readTree(events.resolve(name).toFile());
    }

    @Override
    public void close() {
        webhookReceiver.stop(0);
    }
}

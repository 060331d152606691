package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.adapter.sqs.SqsRecordQueues;
import io.voicegate.adapter.webhook.SafeWebhookSender;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.app.DeliverFinalRecord.Result;
import io.voicegate.domain.Billing;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Source;
import io.voicegate.http.JsonFinalRecords;
import io.voicegate.json.Json;
import io.voicegate.local.listen.WebhookListener;
import io.voicegate.local.listen.WebhookVerifier;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The final webhook: signed so an independent verifier accepts it, retried, stopped by 410, SSRF-guarded. */
@ExtendWith(LocalStackExtension.class)
class DeliveryIT {

    private final LocalStack stack = LocalStackExtension.stack();
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : closeables) {
            closeable.close();
        }
    }

    private record Received(Map<String, String> headers, String body) {
    }

    /** A receiver answering the given statuses in turn (the last one repeats), recording every request. */
    private String receiver(List<Received> log, int... statuses) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            log.add(new Received(headers, body));
            exchange.sendResponseHeaders(statuses[Math.min(log.size() - 1, statuses.length - 1)], -1);
            exchange.close();
        });
        server.start();
        closeables.add(() -> server.stop(0));
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /**
     * A deliverer whose request store knows only {@code request}, a settled request that is not in the table: the
     * stack's own delivery worker never sees it, so these tests alone drive its deliveries.
     */
    private DeliverFinalRecord deliverer(Request request) {
        RequestStore one = (RequestStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RequestStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("find")) {
                        return Optional.of(request).filter(r -> r.requestId().equals(args[0]));
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return new DeliverFinalRecord(one, stack.function("ApiFunction").wiring().accountStore(),
                new JsonFinalRecords(), new SafeWebhookSender(true), new SqsRecordQueues(stack.sqs()),
                Clock.systemUTC());
    }

    /** A failed, refunded request of the account with this webhook URL (never written to the table). */
    private static Request settled(LocalStackExtension.TestAccount account, Optional<String> url) {
        Instant now = Instant.now();
        return new Request(java.util.UUID.randomUUID().toString(), account.accountId(), "kling-custom-voice",
                Source.HTTP, RequestStatus.FAILED, now, now, Map.of("voice_name", "hook", "video_id", "v1"), url,
                Optional.of(Outcome.failure("upstream_failed", "x")), new Billing(BillingState.REFUNDED,
                Money.ofMicros(70_000), Money.ZERO, Money.ofMicros(70_000)), Optional.empty(), Optional.empty());
    }

    @Test
    void endToEndASubmittedRequestReachesAVerifiedWebhookWithTheGetBody() throws Exception {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        String secret = api.get("/account/webhook-secret").json().get("secret").asText();
        WebhookListener listener = WebhookListener.start(0, Optional.of(secret), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        closeables.add(listener);

        String id = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\","
                + "\"voice_url\":\"https://cdn.example.com/ada.mp3\"},\"webhook\":{\"url\":\"" + listener.url()
                + "/hooks/voice\"}}").json().get("request_id").asText();

        WebhookListener.Delivery delivery = await().atMost(Duration.ofSeconds(30))
                .until(listener::received, list -> !list.isEmpty()).get(0);
        assertThat(delivery.verdict().outcome()).isEqualTo(WebhookVerifier.Verdict.Outcome.VERIFIED);
        assertThat(delivery.status()).isEqualTo(204);
        assertThat(delivery.id()).isEqualTo(DeliverFinalRecord.webhookId(id));
        JsonNode delivered = Json.mapper().readTree(delivery.body());
        assertThat(delivered).isEqualTo(api.get("/requests/" + id).json());
        assertThat(delivered.get("status").asText()).isEqualTo("success");
        assertThat(delivered.at("/billing/state").asText()).isEqualTo("settled");
        assertThat(delivered.at("/billing/charged_micros").asLong()).isEqualTo(7_000);
    }

    @Test
    void failuresAreRetriedWithTheSameWebhookIdUntilDelivered() throws Exception {
        List<Received> log = new CopyOnWriteArrayList<>();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        Request request = settled(account, Optional.of(receiver(log, 500, 503, 200)));
        DeliverFinalRecord deliver = deliverer(request);

        List<Result> results = List.of(deliver.deliver(request.requestId()), deliver.deliver(request.requestId()),
                deliver.deliver(request.requestId()));

        assertThat(results).containsExactly(Result.RETRY, Result.RETRY, Result.DELIVERED);
        assertThat(log).hasSize(3);
        assertThat(log).extracting(r -> r.headers().get("webhook-id")).containsOnly(
                DeliverFinalRecord.webhookId(request.requestId()));
        assertThat(log).extracting(Received::body).containsOnly(new JsonFinalRecords().render(request));
    }

    @Test
    void goneStopsAndRefusedTargetsAreNeverContacted() throws Exception {
        List<Received> log = new CopyOnWriteArrayList<>();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        Request gone = settled(account, Optional.of(receiver(log, 410)));
        Request privateTarget = settled(account, Optional.of("http://10.1.2.3/hooks"));
        Request metadata = settled(account, Optional.of("http://169.254.169.254/latest/meta-data"));

        assertThat(deliverer(gone).deliver(gone.requestId())).isEqualTo(Result.GONE);
        assertThat(deliverer(privateTarget).deliver(privateTarget.requestId())).isEqualTo(Result.REFUSED);
        assertThat(deliverer(metadata).deliver(metadata.requestId())).isEqualTo(Result.REFUSED);
        assertThat(log).hasSize(1);
    }

    @Test
    void duringASecretRotationBothSecretsSignAndEachVerifies() throws Exception {
        List<Received> log = new CopyOnWriteArrayList<>();
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        String old = api.get("/account/webhook-secret").json().get("secret").asText();
        String current = api.send("POST", "/account/webhook-secret/rotate", null, null).json().get("secret")
                .asText();
        Request request = settled(account, Optional.of(receiver(log, 200)));

        deliverer(request).deliver(request.requestId());

        Received received = log.get(0);
        String signatures = received.headers().get("webhook-signature");
        assertThat(signatures.split(" ")).hasSize(2);
        for (String secret : List.of(old, current)) {
            assertThat(WebhookVerifier.verify(secret, received.headers().get("webhook-id"),
                    received.headers().get("webhook-timestamp"), signatures,
                    received.body().getBytes(StandardCharsets.UTF_8), Instant.now()).outcome())
                    .isEqualTo(WebhookVerifier.Verdict.Outcome.VERIFIED);
        }
    }

    @Test
    void anAccountQueueReceivesEveryFinalRecord() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        String queue = stack.sqs().createQueue(c -> c.queueName("voicegate-records-" + account.accountId()))
                .queueUrl();
        stack.function("ApiFunction").wiring().accountStore().setDeliveryQueue(account.accountId(), queue);
        Request request = settled(account, Optional.empty());

        Result result = deliverer(request).deliver(request.requestId());

        assertThat(result).isEqualTo(Result.DELIVERED);

        var messages = await().atMost(Duration.ofSeconds(10)).until(() -> stack.sqs().receiveMessage(r -> r
                .queueUrl(queue).maxNumberOfMessages(10).messageAttributeNames("All")).messages(), m -> !m.isEmpty());
        assertThat(messages.get(0).messageAttributes().get("request_id").stringValue())
                .isEqualTo(request.requestId());
        assertThat(messages.get(0).body()).contains("\"request_id\":\"" + request.requestId() + "\"");
    }
}

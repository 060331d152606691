package io.voicegate.local.listen;

import io.voicegate.adapter.webhook.SafeWebhookSender;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.local.listen.WebhookVerifier.Verdict.Outcome;
import io.voicegate.port.WebhookSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.voicegate.local.listen.WebhookVerifierTest.BODY;
import static io.voicegate.local.listen.WebhookVerifierTest.ID;
import static io.voicegate.local.listen.WebhookVerifierTest.SECRET;
import static io.voicegate.local.listen.WebhookVerifierTest.SIGNATURE;
import static io.voicegate.local.listen.WebhookVerifierTest.THEN;
import static io.voicegate.local.listen.WebhookVerifierTest.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;

/** The listener over real HTTP on 127.0.0.1, fed by the gateway's own sender and signer. */
class WebhookListenerTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final WebhookSender sender = new SafeWebhookSender(true);
    private WebhookListener listener;

    private WebhookListener start(Optional<String> secret, Clock clock) throws IOException {
        listener = WebhookListener.start(0, secret, clock,
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        return listener;
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
    }

    private static Map<String, String> headers(String id, String timestamp, String signature) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        headers.put("webhook-signature", signature);
        return headers;
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verifiesAndPrintsThePublishedTestVector() throws IOException {
        start(Optional.of(SECRET), Clock.fixed(THEN, ZoneOffset.UTC));

        int status = sender.post(URI.create(listener.url() + "/hooks/voice"), headers(ID, TIMESTAMP, SIGNATURE), BODY);

        assertThat(status).isEqualTo(204);
        assertThat(output()).isEqualTo("webhook " + ID + " verified (v1) at 2021-02-25T15:02:10Z on /hooks/voice\n"
                + "{\n  \"test\" : 2432232314\n}\n\n");
        assertThat(listener.received()).singleElement()
                .satisfies(d -> assertThat(d.verdict().outcome()).isEqualTo(Outcome.VERIFIED))
                .satisfies(d -> assertThat(d.body()).isEqualTo(BODY));
    }

    @Test
    void answers401AndSaysWhyForABadSignature() throws IOException {
        start(Optional.of(SECRET), Clock.fixed(THEN, ZoneOffset.UTC));

        int status = sender.post(URI.create(listener.url() + "/"), headers(ID, TIMESTAMP, SIGNATURE),
                "{\"test\": 1}");

        assertThat(status).isEqualTo(401);
        assertThat(output()).startsWith("webhook " + ID + " REJECTED: no v1 signature matches")
                .contains("\"test\" : 1");
    }

    @Test
    void answers401ForAStaleTimestamp() throws IOException {
        start(Optional.of(SECRET), Clock.fixed(THEN.plusSeconds(3600), ZoneOffset.UTC));

        assertThat(sender.post(listener.url(), headers(ID, TIMESTAMP, SIGNATURE), BODY)).isEqualTo(401);
        assertThat(output()).contains("REJECTED: webhook-timestamp is 3600 s old");
    }

    @Test
    void answers400WhenStandardWebhooksHeadersAreMissing() throws IOException {
        start(Optional.of(SECRET), Clock.fixed(THEN, ZoneOffset.UTC));

        int status = sender.post(listener.url(), Map.of("webhook-id", ID), BODY);

        assertThat(status).isEqualTo(400);
        assertThat(output()).startsWith("webhook " + ID + " REJECTED: missing webhook-timestamp, webhook-signature");
    }

    @Test
    void withoutASecretPrintsEverythingAsUnverified() throws IOException {
        start(Optional.empty(), Clock.fixed(THEN, ZoneOffset.UTC));

        int status = sender.post(listener.url(), Map.of(), "not json");

        assertThat(status).isEqualTo(204);
        assertThat(output()).isEqualTo("webhook (no webhook-id) UNVERIFIED (no --secret) at 2021-02-25T15:02:10Z on /\n"
                + "(not JSON) not json\n\n");
    }

    @Test
    void answersOnlyPosts() throws Exception {
        start(Optional.of(SECRET), Clock.systemUTC());

        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(listener.url()).GET()
                .build(), HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(listener.received()).isEmpty();
    }

    @Test
    void verifiesAWebhookSignedByTheGatewayAndPostedByItsSender() throws IOException {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("a-32-byte-secret-for-this-test!!"
                .getBytes(StandardCharsets.US_ASCII));
        start(Optional.of(secret), Clock.systemUTC());
        String body = "{\"request_id\":\"req_1\",\"status\":\"success\",\"outcome\":{\"voices\":[{\"voice_name\":\"Zoë\"}]},"
                + "\"price_usd\":2.50}";
        long now = Instant.now().getEpochSecond();

        int status = sender.post(URI.create(listener.url() + "/hooks?tenant=1"),
                headers("msg_e2e", Long.toString(now), StandardWebhooks.sign(secret, "msg_e2e", now, body)), body);

        assertThat(status).isEqualTo(204);
        assertThat(listener.received()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("msg_e2e");
            assertThat(d.verdict().outcome()).isEqualTo(Outcome.VERIFIED);
            assertThat(d.body()).isEqualTo(body);
            assertThat(d.path()).isEqualTo("/hooks");
        });
        assertThat(output()).startsWith("webhook msg_e2e verified (v1) at ").contains("\"voice_name\" : \"Zoë\"")
                .contains("\"price_usd\" : 2.50");
    }
}

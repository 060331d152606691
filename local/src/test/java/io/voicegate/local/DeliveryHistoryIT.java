package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook attempts of a request through the whole local stack: the delivery worker's failed attempt is listed
 * with its answer and when the next is due, and a client's re-send is a manual attempt with the same webhook id.
 */
@ExtendWith(LocalStackExtension.class)
class DeliveryHistoryIT {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A receiver answering 500 to the first POST and 204 after, keeping each POST's headers. */
    private String receiver(List<Map<String, String>> posts) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            posts.add(headers);
            exchange.sendResponseHeaders(posts.size() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Test
    void aFailedWebhookShowsItsAttemptAndCanBeResent() throws Exception {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient api = new ApiClient(stack.baseUrl(), LocalStackExtension.openAccount(Money.ofUsd("1")).apiKey());
        List<Map<String, String>> posts = new CopyOnWriteArrayList<>();
        String url = receiver(posts);
        String id = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"hooked\","
                + "\"voice_url\":\"https://cdn.example.com/hooked.mp3\"},\"webhook\":{\"url\":\"" + url + "\"}}")
                .json().get("request_id").asText();

        JsonNode first = await().atMost(Duration.ofSeconds(20)).until(
                () -> api.get("/requests/" + id + "/deliveries").json().get("deliveries"), d -> d.size() == 1);
        ApiClient.Reply resent = api.send("POST", "/requests/" + id + "/deliveries", null, null);
        JsonNode both = api.get("/requests/" + id + "/deliveries").json().get("deliveries");

        assertThat(first.at("/0/attempt").asInt()).isEqualTo(1);
        assertThat(first.at("/0/trigger").asText()).isEqualTo("retry");
        assertThat(first.at("/0/status").asInt()).isEqualTo(500);
        assertThat(first.at("/0/next_attempt_at").asLong()).isGreaterThan(first.at("/0/at").asLong());
        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.json().at("/delivery/trigger").asText()).isEqualTo("manual");
        assertThat(both).hasSize(2);
        assertThat(both.at("/1/attempt").asInt()).isEqualTo(2);
        assertThat(both.at("/1/status").asInt()).isEqualTo(204);
        assertThat(both.at("/1/next_attempt_at").isNull()).isTrue();
        assertThat(posts).extracting(h -> h.get("voicegate-attempt")).containsExactly("1", "2");
        assertThat(posts).extracting(h -> h.get("webhook-id")).containsOnly(DeliverFinalRecord.webhookId(id));
    }

    @Test
    void anotherAccountSeesNoDeliveriesAndAnOpenRequestCannotBeResent() {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient owner = new ApiClient(stack.baseUrl(), LocalStackExtension.openAccount(Money.ofUsd("1")).apiKey());
        ApiClient other = new ApiClient(stack.baseUrl(), LocalStackExtension.openAccount(Money.ofUsd("1")).apiKey());
        String id = owner.submit(SubmitApiIT.VALID).json().get("request_id").asText();

        assertThat(other.get("/requests/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(other.send("POST", "/requests/" + id + "/deliveries", null, null).status()).isEqualTo(404);
        assertThat(owner.send("DELETE", "/requests/" + id + "/deliveries", null, null).status()).isEqualTo(405);
    }
}

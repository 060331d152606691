package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.app.DeliverFinalRecord;
import io.voicegate.domain.Money;
import io.voicegate.json.Json;
import io.voicegate.local.listen.WebhookListener;
import io.voicegate.local.listen.WebhookVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The final webhook end to end on the local stack: a submitted request reaches a receiver that verifies its Standard
 * Webhooks signature independently, with exactly the {@code GET} body. The delivery's branches (retries under one
 * webhook id, 410, refused targets, rotation, account queues) are {@code DeliverFinalRecordTest} (shared, on the
 * fakes); the network rules are {@code SafeWebhookSender}'s tests.
 */
@ExtendWith(LocalStackExtension.class)
class DeliveryIT {

    private final LocalStack stack = LocalStackExtension.stack();

    @Test
    void endToEndASubmittedRequestReachesAVerifiedWebhookWithTheGetBody() throws Exception {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        String secret = api.get("/account/webhook-secret").json().get("secret").asText();
        try (WebhookListener listener = WebhookListener.start(0, Optional.of(secret), Clock.systemUTC(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {

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
    }
}

package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import io.voicegate.domain.WebhookSecrets;
import io.voicegate.local.kling.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The account's webhook secret and its voices, through the local HTTP front. */
@ExtendWith(LocalStackExtension.class)
class AccountApiIT {

    private final LocalStack stack = LocalStackExtension.stack();

    @Test
    void theWebhookSecretIsReadableByItsOwnerAndRotatesWithAGracePeriod() {
        var account = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());

        JsonNode first = api.get("/account/webhook-secret").json();
        ApiClient.Reply rotated = api.send("POST", "/account/webhook-secret/rotate", null, null);
        JsonNode after = api.get("/account/webhook-secret").json();

        String original = first.get("secret").asText();
        assertThat(original).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(first.get("previous_secret_expires_at").isNull()).isTrue();
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(after.get("secret").asText()).startsWith("whsec_").isNotEqualTo(original);
        long graceEnds = after.get("previous_secret_expires_at").asLong();
        assertThat(graceEnds).isBetween(Instant.now().plus(Duration.ofHours(23)).getEpochSecond(),
                Instant.now().plus(Duration.ofHours(25)).getEpochSecond());
        WebhookSecrets secrets = stack.function("ApiFunction").wiring().accountStore()
                .webhookSecrets(account.accountId()).orElseThrow();
        assertThat(secrets.signingAt(Instant.now())).containsExactly(after.get("secret").asText(), original);
        assertThat(secrets.signingAt(Instant.ofEpochSecond(graceEnds + 1))).containsExactly(after.get("secret")
                .asText());
        assertThat(api.send("GET", "/account/webhook-secret/rotate", null, null).status()).isEqualTo(405);
    }

    @Test
    void voicesBelongToTheAccountThatCreatedThemAndOnlyItCanDeleteThem() {
        var owner = LocalStackExtension.openAccount(Money.ofUsd("1"));
        var other = LocalStackExtension.openAccount(Money.ofUsd("1"));
        ApiClient api = new ApiClient(stack.baseUrl(), owner.apiKey());
        ApiClient otherApi = new ApiClient(stack.baseUrl(), other.apiKey());
        String id = api.submit(SubmitApiIT.VALID).json().get("request_id").asText();
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/requests/" + id).json(),
                r -> r.at("/billing/state").asText().equals("settled"));
        String voiceId = done.at("/outcome/voices/0/voice_id").asText();

        JsonNode voices = api.get("/voices").json().get("voices");
        ApiClient.Reply stranger = otherApi.send("DELETE", "/voices/" + voiceId, null, null);
        ApiClient.Reply deleted = api.send("DELETE", "/voices/" + voiceId, null, null);

        assertThat(voices).singleElement().satisfies(v -> {
            assertThat(v.get("voice_id").asText()).isEqualTo(voiceId);
            assertThat(v.get("request_id").asText()).isEqualTo(id);
        });
        assertThat(otherApi.get("/voices").json().get("voices")).isEmpty();
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(api.get("/voices").json().get("voices")).isEmpty();
        assertThat(api.send("DELETE", "/voices/" + voiceId, null, null).status()).isEqualTo(404);
        assertThat(stack.simulator().orElseThrow().requests()).filteredOn(r -> r.pathAndQuery()
                        .equals("/v1/general/delete-voices")).extracting(RecordedRequest::body)
                .anySatisfy(body -> assertThat(body).contains(voiceId));
    }
}

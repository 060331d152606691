package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Voice names per account, through the HTTP front on the local engines and the Kling simulator, which refuses a
 * name a live voice of its (shared) account has: two tenants each get an "ada"; a second "ada" in one account is 409
 * with nothing charged, and deleting the voice frees the name.
 */
@ExtendWith(LocalStackExtension.class)
class VoiceNamesIT {

    private static final String ADA = """
            {"model":"kling-custom-voice","payload":{"voice_name":"ada","voice_url":"https://cdn.example.com/ada.mp3"}}""";

    @Test
    void twoAccountsEachMakeAnAdaAndBothGetItBackAsAda() {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient first = client(stack);
        ApiClient second = client(stack);

        JsonNode mine = settled(first, first.submit(ADA).json().get("request_id").asText());
        JsonNode theirs = settled(second, second.submit(ADA).json().get("request_id").asText());

        assertThat(mine.get("status").asText()).isEqualTo("success");
        assertThat(theirs.get("status").asText()).isEqualTo("success");
        assertThat(mine.at("/outcome/voices/0/voice_name").asText()).isEqualTo("ada");
        assertThat(theirs.at("/outcome/voices/0/voice_name").asText()).isEqualTo("ada");
        assertThat(first.get("/voices").json().at("/voices/0/voice_name").asText()).isEqualTo("ada");
        assertThat(second.get("/voices").json().at("/voices/0/voice_name").asText()).isEqualTo("ada");
        assertThat(stack.simulator().orElseThrow().voiceNameCollisions()).isZero();
    }

    @Test
    void aSecondAdaInOneAccountIs409WithNothingChargedUntilTheVoiceIsDeleted() {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient api = client(stack);
        String firstId = api.submit(ADA).json().get("request_id").asText();
        long afterHold = api.get("/account").json().get("balance_micros").asLong();

        ApiClient.Reply taken = api.submit(ADA, "Idempotency-Key", "second-ada");
        JsonNode first = settled(api, firstId);
        ApiClient.Reply stillTaken = api.submit(ADA);
        String voiceId = first.at("/outcome/voices/0/voice_id").asText();
        ApiClient.Reply deleted = api.send("DELETE", "/voices/" + voiceId, null, null);
        ApiClient.Reply again = api.submit(ADA, "Idempotency-Key", "second-ada");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.contentType()).startsWith("application/problem+json");
        assertThat(taken.json().get("type").asText()).endsWith("#problem-voice-name-taken");
        assertThat(taken.json().at("/errors/0/field").asText()).isEqualTo("payload.voice_name");
        assertThat(taken.raw().body()).doesNotContain("Exception").doesNotContain("dynamo");
        assertThat(stillTaken.status()).isEqualTo(409);
        assertThat(api.ledgerEntries("hold")).isEqualTo(2);
        assertThat(deleted.status()).isIn(200, 204);
        assertThat(again.status()).isEqualTo(202);
        assertThat(afterHold).isEqualTo(10_000_000 - 70_000);
    }

    private static ApiClient client(LocalStack stack) {
        return new ApiClient(stack.baseUrl(), LocalStackExtension.openAccount(Money.ofUsd("10")).apiKey());
    }

    private static JsonNode settled(ApiClient api, String id) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/requests/" + id).json(),
                r -> r.at("/billing/state").asText().matches("settled|refunded"));
    }
}

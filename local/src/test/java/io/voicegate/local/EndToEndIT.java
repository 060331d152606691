package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A user's session through the local HTTP front: submit, read back, see the hold, and the request reach Kling. */
@ExtendWith(LocalStackExtension.class)
class EndToEndIT {

    @Test
    void submitReadBackAndReachKling() {
        LocalStack stack = LocalStackExtension.stack();
        var account = LocalStackExtension.openAccount(Money.ofUsd("10"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());

        ApiClient.Reply submitted = api.submit("""
                {"model":"kling-custom-voice","payload":{"voice_name":"grace","video_id":"vid_123-abc"},
                 "webhook":{"url":"https://client.example.com/hooks"}}""");
        String id = submitted.json().get("request_id").asText();

        assertThat(submitted.status()).isEqualTo(202);
        JsonNode record = api.get(submitted.header("location").orElseThrow()).json();
        assertThat(record.get("status").asText()).isIn("dispatched", "processing", "success");
        assertThat(record.at("/payload/video_id").asText()).isEqualTo("vid_123-abc");
        assertThat(record.at("/webhook/url").asText()).isEqualTo("https://client.example.com/hooks");
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/requests/" + id).json(),
                r -> r.at("/billing/state").asText().equals("settled"));
        assertThat(done.get("status").asText()).isEqualTo("success");
        assertThat(done.at("/outcome/voices/0/voice_name").asText()).isEqualTo("grace");
        assertThat(done.at("/outcome/voices/0/trial_url").asText()).startsWith("http");
        assertThat(done.at("/billing/charged_micros").asLong()).isEqualTo(7_000);
        assertThat(done.at("/billing/refunded_micros").asLong()).isEqualTo(63_000);
        assertThat(api.balanceConsistentWithLedger(10_000_000)).isEqualTo(10_000_000 - 7_000);
        assertThat(api.ledgerEntries("settle")).isEqualTo(1);
        assertThat(requests(stack).find(id).orElseThrow().klingTaskId()).isPresent();
        assertThat(stack.simulator().orElseThrow().tasksCreatedFor(id)).isEqualTo(1);
    }

    @Test
    void aKlingFailureRefundsTheWholeHold() {
        LocalStack stack = LocalStackExtension.stack();
        var account = LocalStackExtension.openAccount(Money.ofUsd("10"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        String name = "f" + UUID.randomUUID().toString().substring(0, 8);
        stack.simulator().orElseThrow().faults().failTask(name, "Failure to pass the risk control system");

        String id = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + name
                + "\",\"voice_url\":\"https://cdn.example.com/" + name + ".wav\"}}").json().get("request_id").asText();

        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/requests/" + id).json(),
                r -> r.at("/billing/state").asText().equals("refunded"));
        assertThat(done.get("status").asText()).isEqualTo("failed");
        assertThat(done.at("/outcome/error_code").asText()).isEqualTo("content_policy");
        assertThat(done.at("/billing/refunded_micros").asLong()).isEqualTo(70_000);
        assertThat(api.balanceConsistentWithLedger(10_000_000)).isEqualTo(10_000_000);
    }

    @Test
    void rateLimitedByKlingTheWorkerBacksOffThroughTheQueueAndCreatesOnce() {
        LocalStack stack = LocalStackExtension.stack();
        var account = LocalStackExtension.openAccount(Money.ofUsd("10"));
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        String name = "rl" + UUID.randomUUID().toString().substring(0, 8);
        stack.simulator().orElseThrow().faults().rateLimit(name, 2);

        String id = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + name
                + "\",\"voice_url\":\"https://cdn.example.com/" + name + ".wav\"}}").json().get("request_id").asText();

        await().atMost(Duration.ofSeconds(40)).until(() -> requests(stack).find(id).orElseThrow().klingTaskId(),
                Optional::isPresent);
        assertThat(stack.simulator().orElseThrow().createAttemptsFor(id)).isEqualTo(3);
        assertThat(stack.simulator().orElseThrow().tasksCreatedFor(id)).isEqualTo(1);
    }

    private static RequestStore requests(LocalStack stack) {
        return stack.function("ApiFunction").wiring().requestStore();
    }
}

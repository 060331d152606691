package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.config.Config;
import io.voicegate.domain.Money;
import io.voicegate.json.Json;
import io.voicegate.local.kling.CallbackFault;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.local.kling.RecordedRequest;
import io.voicegate.local.kling.SimulatorFaults;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edges of issue 9 through a whole local stack of its own: bytes and text the API must refuse, ids that cannot
 * exist, and Kling tasks that never end, are unknown, carry unusable units, or whose callbacks are all lost.
 */
class EdgesIT {

    private static final String AK = "edges-ak";
    private static final String SK = "edges-secret-key";

    private static LocalStack stack(KlingSimulator kling, Map<String, String> overrides) {
        return LocalStackExtension.ownStack(kling, AK, SK, overrides);
    }

    private static ApiClient account(LocalStack stack, String id) {
        return LocalStackExtension.ownAccount(stack, id, Money.ofUsd("1"));
    }

    private static String body(String name) {
        return "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + name
                + "\",\"voice_url\":\"https://cdn.example.com/" + name + ".mp3\"}}";
    }

    private static JsonNode terminal(ApiClient api, String id, Duration within) {
        return await().atMost(within).pollInterval(Duration.ofMillis(200)).until(() -> api.get("/requests/" + id)
                .json(), r -> r.at("/billing/state").asText().matches("settled|refunded"));
    }

    @Test
    void badBytesBadTextAndImpossibleIdsAreRefusedWithoutCharge() {
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).start();
             LocalStack stack = stack(kling, Map.of())) {
            ApiClient api = account(stack, "edges-input");
            byte[] latin1 = body("Zo\u00eb").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            ApiClient.Reply notUtf8 = api.sendBytes("POST", "/requests", "application/json", latin1);
            ApiClient.Reply surrogate = api.submit(body("ab\\ud800cd"));
            ApiClient.Reply nat64 = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\","
                    + "\"voice_url\":\"http://[64:ff9b::a9fe:a9fe]/h.mp3\"}}");
            ApiClient.Reply blank = api.submit(body("\\u00a0\\u00a0"));
            ApiClient.Reply longId = api.get("/requests/" + "r".repeat(2_049));
            ApiClient.Reply longVoice = api.send("DELETE", "/voices/" + "9".repeat(1_100), null, null);

            assertThat(notUtf8.status()).isEqualTo(400);
            assertThat(notUtf8.json().at("/errors/0/field").asText()).isEqualTo("body");
            assertThat(surrogate.status()).isEqualTo(400);
            assertThat(surrogate.json().at("/errors/0/field").asText()).isEqualTo("payload.voice_name");
            assertThat(nat64.status()).isEqualTo(400);
            assertThat(nat64.json().at("/errors/0/field").asText()).isEqualTo("payload.voice_url");
            assertThat(blank.json().at("/errors/0/field").asText()).isEqualTo("payload.voice_name");
            assertThat(longId.status()).isEqualTo(404);
            assertThat(longVoice.status()).isEqualTo(404);
            assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
            assertThat(kling.requests()).isEmpty();
        }
    }

    /** Kling keeps a task processing, or forgets it: past the processing deadline it fails and is refunded. */
    @Test
    void tasksThatNeverEndOrAreUnknownFailAtTheProcessingDeadline() {
        Map<String, String> fast = Map.of(Config.PROCESSING_DEADLINE_SECONDS, "6", Config.REQUERY_FIRST_SECONDS, "1",
                Config.REQUERY_MAX_INTERVAL_SECONDS, "2");
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK)
                .lifecycle(Duration.ofMillis(200), Duration.ofMillis(500)).start();
             LocalStack stack = stack(kling, fast)) {
            kling.faults().neverEnd("forever");
            kling.faults().forgetTask("unknown");
            ApiClient api = account(stack, "edges-deadline");

            String forever = api.submit(body("forever")).json().get("request_id").asText();
            String unknown = api.submit(body("unknown")).json().get("request_id").asText();

            for (String id : List.of(forever, unknown)) {
                JsonNode done = terminal(api, id, Duration.ofSeconds(30));
                assertThat(done.get("status").asText()).isEqualTo("failed");
                assertThat(done.at("/outcome/error_code").asText()).isEqualTo("processing_deadline_exceeded");
                assertThat(done.at("/billing/state").asText()).isEqualTo("refunded");
            }
            assertThat(api.get("/account").json().get("balance_micros").asLong()).isEqualTo(1_000_000);
        }
    }

    @Test
    void unusableUnitsLeaveTheHoldStandingAndTheVoiceRecorded() {
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK)
                .lifecycle(Duration.ofMillis(200), Duration.ofMillis(500)).start();
             LocalStack stack = stack(kling, Map.of())) {
            kling.faults().succeedWithUnits("abc-units", "abc");
            ApiClient api = account(stack, "edges-units");

            String id = api.submit(body("abc-units")).json().get("request_id").asText();

            JsonNode done = terminal(api, id, Duration.ofSeconds(30));
            assertThat(done.get("status").asText()).isEqualTo("success");
            assertThat(done.at("/outcome/voices")).hasSize(1);
            assertThat(done.at("/billing/charged_micros").asLong()).isEqualTo(70_000);
            assertThat(kling.callbacks()).isNotEmpty();
        }
    }

    /**
     * With default settings and every callback lost, a request is terminal within 60 s of Kling finishing its task,
     * with few re-queries. Kling's task takes about 12 s here; the checks come at 10 and 20 s.
     */
    @Test
    void aRequestWhoseCallbacksAreAllLostEndsWithinAMinuteOfKling() throws Exception {
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK)
                .lifecycle(Duration.ofMillis(500), Duration.ofSeconds(12)).start();
             LocalStack stack = stack(kling, Map.of())) {
            kling.faults().callbacks(SimulatorFaults.ANY, CallbackFault.DROP_ALL);
            ApiClient api = account(stack, "edges-lost");

            String id = api.submit(body("lost")).json().get("request_id").asText();
            JsonNode done = terminal(api, id, Duration.ofSeconds(90));

            JsonNode task = Json.mapper().readTree(kling.task(id).orElseThrow());
            Instant finished = Instant.ofEpochMilli(task.get("updated_at").asLong());
            Instant ended = Instant.ofEpochSecond(done.get("updated_at").asLong());
            long lagSeconds = Duration.between(finished, ended).toSeconds();
            long requeries = kling.requests().stream().filter(r -> r.method().equals("GET"))
                    .map(RecordedRequest::pathAndQuery).filter(p -> p.contains("/custom-voices/")).count();
            System.out.printf("every callback lost: terminal %d s after Kling finished, %d re-queries%n",
                    lagSeconds, requeries);
            assertThat(done.get("status").asText()).isEqualTo("success");
            assertThat(kling.callbacks()).isEmpty();
            assertThat(lagSeconds).isLessThanOrEqualTo(60);
            assertThat(requeries).isBetween(1L, 3L);
        }
    }
}

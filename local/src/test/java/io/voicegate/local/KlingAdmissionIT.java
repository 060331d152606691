package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.config.Config;
import io.voicegate.domain.Money;
import io.voicegate.local.kling.KlingSimulator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission to Kling through a whole local stack of its own, against a Kling that refuses creates beyond its
 * concurrency limit: a burst bigger than the limit is sent to Kling without one refusal, every request succeeds, and
 * the slots all come back; a request that cannot get a slot within the queue timeout fails with {@code queue_timeout},
 * refunded, without reaching Kling.
 */
class KlingAdmissionIT {

    private static final String AK = "admission-ak";
    private static final String SK = "admission-secret-key";

    private static LocalStack stack(KlingSimulator kling, Map<String, String> overrides) {
        return LocalStackExtension.ownStack(kling, AK, SK, overrides);
    }

    private static ApiClient account(LocalStack stack, String id) {
        return LocalStackExtension.ownAccount(stack, id, Money.ofUsd("5"));
    }

    private static String submit(ApiClient api, String name) {
        return api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + name
                + "\",\"voice_url\":\"https://cdn.example.com/" + name + ".mp3\"}}").json().get("request_id").asText();
    }

    private static JsonNode settled(ApiClient api, String id) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/requests/" + id).json(),
                        r -> r.at("/billing/state").asText().matches("settled|refunded"));
    }

    @Test
    void aBurstBeyondTheLimitReachesKlingWithoutARefusalAndEverySlotComesBack() {
        int limit = 3;
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).taskTime(Duration.ofMillis(600))
                .concurrencyLimit(limit).start();
             LocalStack stack = stack(kling, Map.of(Config.KLING_MAX_TASKS, Integer.toString(limit)))) {
            ApiClient api = account(stack, "admission-burst");

            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                ids.add(submit(api, "burst" + i));
            }

            for (String id : ids) {
                JsonNode record = settled(api, id);
                assertThat(record.get("status").asText()).as("request %s", id).isEqualTo("success");
            }
            assertThat(kling.concurrencyRefusals()).as("1303 answers").isZero();
            assertThat(kling.taskCount()).isEqualTo(12);
            await().atMost(Duration.ofSeconds(10)).until(() -> new io.voicegate.adapter.dynamodb.DynamoKlingSlots(
                    stack.dynamo(), stack.ref("AccountsTable")).leases().isEmpty());
        }
    }

    @Test
    void aRequestWithoutASlotWithinTheQueueTimeoutFailsRefundedAndNeverReachesKling() {
        try (KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).start();
             LocalStack stack = stack(kling, Map.of(Config.KLING_MAX_TASKS, "1",
                     Config.QUEUE_TIMEOUT_SECONDS, "2", Config.PROCESSING_DEADLINE_SECONDS, "3600"))) {
            kling.faults().neverEnd("holder");
            ApiClient api = account(stack, "admission-timeout");
            String holder = submit(api, "holder");
            await().atMost(Duration.ofSeconds(30)).until(() -> kling.taskCount() == 1);

            String waiting = submit(api, "waiting");
            JsonNode record = settled(api, waiting);

            assertThat(record.get("status").asText()).isEqualTo("failed");
            assertThat(record.at("/outcome/error_code").asText()).isEqualTo("queue_timeout");
            assertThat(record.at("/billing/state").asText()).isEqualTo("refunded");
            assertThat(kling.createAttemptsFor(waiting)).isZero();
            assertThat(api.get("/requests/" + holder).json().get("status").asText()).isEqualTo("processing");
        }
    }
}

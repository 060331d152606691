package io.voicegate.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.domain.Money;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /requests/{id}?wait=N} through the local front: it wakes on settlement and times out with the record. */
@ExtendWith(LocalStackExtension.class)
class LongPollIT {

    @Test
    void aWaitReturnsTheSettledRecordAsSoonAsTheMoneyIsSettled() {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient api = new ApiClient(stack.baseUrl(), LocalStackExtension.openAccount(Money.ofUsd("1")).apiKey());
        String id = api.submit(SubmitApiIT.VALID).json().get("request_id").asText();

        long started = System.nanoTime();
        ApiClient.Reply reply = api.get("/requests/" + id + "?wait=25");
        long millis = (System.nanoTime() - started) / 1_000_000;

        JsonNode record = reply.json();
        assertThat(reply.status()).isEqualTo(200);
        assertThat(record.get("status").asText()).isEqualTo("success");
        assertThat(record.at("/billing/state").asText()).isEqualTo("settled");
        assertThat(millis).isLessThan(15_000);
    }

    @Test
    void aWaitOnARequestThatDoesNotEndAnswersTheCurrentRecordAfterTheWait() {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient api = new ApiClient(stack.baseUrl(), LocalStackExtension.openAccount(Money.ofUsd("1")).apiKey());
        String name = "nv" + UUID.randomUUID().toString().substring(0, 8);
        stack.simulator().orElseThrow().faults().neverEnd(name);
        String id = api.submit("{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + name
                + "\",\"voice_url\":\"https://cdn.example.com/" + name + ".mp3\"}}").json().get("request_id").asText();

        long started = System.nanoTime();
        ApiClient.Reply reply = api.get("/requests/" + id + "?wait=2");
        long millis = (System.nanoTime() - started) / 1_000_000;
        ApiClient.Reply invalid = api.get("/requests/" + id + "?wait=26");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("status").asText()).isIn("dispatched", "processing");
        assertThat(millis).isBetween(1_900L, 4_000L);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().at("/errors/0/field").asText()).isEqualTo("wait");
    }
}

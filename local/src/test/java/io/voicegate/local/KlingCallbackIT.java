package io.voicegate.local;

import io.voicegate.port.TaskChecks;
import io.voicegate.port.Metrics;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.app.KlingAdmission;
import io.voicegate.app.AskKling;
import com.fasterxml.jackson.databind.JsonNode;
import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.JsonKlingTaskDecoder;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.app.ApplyKlingTask;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.ReceiveKlingCallback;
import io.voicegate.app.ReceiveKlingCallback.Callback;
import io.voicegate.app.ReceiveKlingCallback.Result;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.Money;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.local.kling.KlingSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kling callbacks on the real parts: the simulator's own callback body, re-queried over HTTP and applied on the local
 * DynamoDB engine, and the callback route through the local stack's HTTP front. Every branch of the use case (token,
 * signature, re-query, each status) is {@code ReceiveKlingCallbackTest} (shared, on the fakes).
 */
@ExtendWith(LocalStackExtension.class)
class KlingCallbackIT {

    private static final String AK = "callback-test-ak";
    private static final String SK = "callback-test-secret";
    private static final String SECRET = "callback-secret-for-the-tests";

    private final KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).manualLifecycle().start();
    private final Clock clock = Clock.systemUTC();
    private final HttpKlingClient client = new HttpKlingClient(kling.baseUrl(), KlingCredentials.accessKey(AK, SK,
            clock), Duration.ofSeconds(2), Duration.ofSeconds(2));
    private final CallbackTokens tokens = new CallbackTokens(SECRET);
    private final LocalStackExtension.TestAccount account = LocalStackExtension.openAccount(Money.ofUsd("1"));

    @AfterEach
    void stop() {
        kling.close();
    }

    private ReceiveKlingCallback receiver(Optional<String> webhookSecret, boolean requery) {
        ApplyKlingTask apply = new ApplyKlingTask(Requests.store(), clock);
        return new ReceiveKlingCallback(tokens, () -> webhookSecret, requery, Requests.store(),
                new AskKling(client), apply, clock);
    }

    /** A request the worker sent to the simulator: processing, with a Kling task still {@code submitted}. */
    private Request processing(String voiceName) {
        Request request = Requests.dispatched(account.accountId(), voiceName, Instant.now());
        new DispatchRequest(Requests.store(), client, tokens, "https://gw.example.com", TaskChecks.NONE,
                RequeryPlan.DEFAULTS, KlingAdmission.unlimited(Duration.ofMinutes(15)), clock, Metrics.NONE)
                .dispatch(request.requestId(), false);
        return Requests.reload(request);
    }

    private Callback callback(Request request, String body) {
        return new Callback(request.requestId(), tokens.tokenFor(request.requestId()), Optional.empty(),
                Optional.empty(), Optional.empty(), body, JsonKlingTaskDecoder::decode);
    }

    private String taskBody(Request request) {
        return kling.task(request.requestId()).orElseThrow();
    }

    private void finish(Request request) {
        kling.advance(request.requestId());
        kling.advance(request.requestId());
    }

    @Test
    void successIsTakenFromTheRequeryWithVoicesAndUnits() {
        Request request = processing("ada");
        finish(request);

        Result result = receiver(Optional.empty(), true).receive(callback(request, taskBody(request)));

        assertThat(result).isEqualTo(Result.APPLIED);
        Request after = Requests.reload(request);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome().orElseThrow().voices()).singleElement()
                .satisfies(v -> assertThat(v.voiceName()).isEqualTo("ada"));
        assertThat(after.klingUnits()).contains(new java.math.BigDecimal("0.05"));
    }

    @Test
    void throughTheHttpFrontAWrongTokenIs404AndTheLocalStackCompletesRequests() {
        LocalStack stack = LocalStackExtension.stack();
        ApiClient api = new ApiClient(stack.baseUrl(), account.apiKey());
        String id = api.submit(SubmitApiIT.VALID).json().get("request_id").asText();

        ApiClient.Reply forged = new ApiClient(stack.baseUrl(), null).send("POST",
                "/callbacks/kling/" + id + "/not-the-token", "application/json", "{}");

        assertThat(forged.status()).isEqualTo(404);
        JsonNode done = await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/requests/" + id).json(),
                r -> r.get("status").asText().equals("success"));
        assertThat(done.at("/outcome/voices/0/voice_id").asText()).isNotBlank();
    }
}

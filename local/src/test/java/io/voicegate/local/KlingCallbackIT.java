package io.voicegate.local;

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
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.local.kling.KlingSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kling callbacks: the token, the optional signature, the re-query, and every status the answer can carry. */
@ExtendWith(LocalStackExtension.class)
class KlingCallbackIT {

    private static final String AK = "callback-test-ak";
    private static final String SK = "callback-test-secret";
    private static final String SECRET = "callback-secret-for-the-tests";
    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

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
        return new ReceiveKlingCallback(tokens, webhookSecret, requery, Requests.store(), client,
                new JsonKlingTaskDecoder(), new ApplyKlingTask(Requests.store(), clock), clock);
    }

    /** A request the worker sent to the simulator: processing, with a Kling task still {@code submitted}. */
    private Request processing(String voiceName) {
        Request request = Requests.dispatched(account.accountId(), voiceName, Instant.now());
        new DispatchRequest(Requests.store(), client, tokens, "https://gw.example.com", Duration.ofMinutes(15), clock)
                .dispatch(request.requestId(), false);
        return Requests.reload(request);
    }

    private Callback callback(Request request, String body) {
        return new Callback(request.requestId(), tokens.tokenFor(request.requestId()), Optional.empty(),
                Optional.empty(), Optional.empty(), body);
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
        assertThat(after.klingUnits()).contains("0.05");
    }

    @Test
    void theBodyIsOnlyAHint() {
        Request request = processing("hint");
        String forged = taskBody(request).replace("\"submitted\"", "\"succeed\"");

        Result result = receiver(Optional.empty(), true).receive(callback(request, forged));

        assertThat(result).isEqualTo(Result.UNCHANGED);
        assertThat(Requests.reload(request).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aWrongTokenChangesNothing() {
        Request request = processing("token");
        finish(request);
        Callback forged = new Callback(request.requestId(), tokens.tokenFor("another-request"), Optional.empty(),
                Optional.empty(), Optional.empty(), taskBody(request));

        assertThat(receiver(Optional.empty(), true).receive(forged)).isEqualTo(Result.NOT_FOUND);
        assertThat(Requests.reload(request).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void duplicateLateAndOutOfOrderCallbacksChangeNothing() {
        Request request = processing("dup");
        String processingBody = taskBody(request);
        finish(request);
        ReceiveKlingCallback receiver = receiver(Optional.empty(), true);
        receiver.receive(callback(request, taskBody(request)));
        Request settledOutcome = Requests.reload(request);

        Result duplicate = receiver.receive(callback(request, taskBody(request)));
        Result late = receiver.receive(callback(request, processingBody));

        assertThat(duplicate).isEqualTo(Result.UNCHANGED);
        assertThat(late).isEqualTo(Result.UNCHANGED);
        Request after = Requests.reload(request);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome()).isEqualTo(settledOutcome.outcome());
        assertThat(after.updatedAt()).isEqualTo(settledOutcome.updatedAt());
    }

    @Test
    void successWithoutVoicesIsASuccessWithTheNoVoicesError() {
        kling.faults().succeedWithoutVoices("novoice");
        Request request = processing("novoice");
        finish(request);

        receiver(Optional.empty(), true).receive(callback(request, taskBody(request)));

        Request after = Requests.reload(request);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome().orElseThrow().error()).contains(Outcome.NO_VOICES);
        assertThat(after.outcome().orElseThrow().errorCode()).isEmpty();
    }

    @Test
    void aFailedTaskCarriesKlingsMessage() {
        kling.faults().failTask("policy", "Failure to pass the content security policy");
        Request request = processing("policy");
        finish(request);

        receiver(Optional.empty(), true).receive(callback(request, taskBody(request)));

        Request after = Requests.reload(request);
        assertThat(after.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(after.outcome().orElseThrow().error()).contains("Failure to pass the content security policy");
        assertThat(after.outcome().orElseThrow().errorCode()).contains("content_policy");
    }

    @Test
    void whenKlingCannotBeAskedNothingChanges() {
        Request request = processing("down");
        finish(request);
        kling.faults().serverError(request.klingTaskId().orElseThrow(), 5);

        Result result = receiver(Optional.empty(), true).receive(callback(request, taskBody(request)));

        assertThat(result).isEqualTo(Result.KLING_UNAVAILABLE);
        assertThat(Requests.reload(request).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void withoutRequeryTheBodyIsTrusted() {
        Request request = processing("trust");
        finish(request);
        kling.clearRequests();

        Result result = receiver(Optional.empty(), false).receive(callback(request, taskBody(request)));

        assertThat(result).isEqualTo(Result.APPLIED);
        assertThat(Requests.reload(request).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(kling.requests()).isEmpty();
    }

    @Test
    void aConfiguredWebhookSecretRequiresAValidSignature() {
        Request request = processing("signed");
        finish(request);
        String body = taskBody(request);
        long now = Instant.now().getEpochSecond();
        String id = "msg_" + UUID.randomUUID();
        ReceiveKlingCallback receiver = receiver(Optional.of(WEBHOOK_SECRET), true);
        String token = tokens.tokenFor(request.requestId());

        Result unsigned = receiver.receive(callback(request, body));
        Result stale = receiver.receive(new Callback(request.requestId(), token, Optional.of(id),
                Optional.of(Long.toString(now - 600)), Optional.of(StandardWebhooks.sign(WEBHOOK_SECRET, id,
                now - 600, body)), body));
        Result signed = receiver.receive(new Callback(request.requestId(), token, Optional.of(id),
                Optional.of(Long.toString(now)), Optional.of(StandardWebhooks.sign(WEBHOOK_SECRET, id, now, body)),
                body));

        assertThat(unsigned).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(stale).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(signed).isEqualTo(Result.APPLIED);
    }

    @Test
    void aCallbackThatOvertakesTheWorkerStillRecordsTheTask() {
        Request request = Requests.dispatched(account.accountId(), "race", Instant.now());
        var task = client.createVoice(new io.voicegate.domain.kling.CreateVoice("race", Optional.of(
                "https://cdn.example.com/race.mp3"), Optional.empty(), "https://gw.example.com/cb",
                request.requestId()));
        finish(request);

        Result result = receiver(Optional.empty(), true).receive(callback(request, taskBody(request)));

        assertThat(result).isEqualTo(Result.APPLIED);
        Request after = Requests.reload(request);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.klingTaskId()).contains(task.taskId());
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

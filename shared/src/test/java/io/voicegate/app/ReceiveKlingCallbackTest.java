package io.voicegate.app;

import io.voicegate.adapter.kling.JsonKlingTaskDecoder;
import io.voicegate.app.ReceiveKlingCallback.Callback;
import io.voicegate.app.ReceiveKlingCallback.Result;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.StandardWebhooks;
import io.voicegate.domain.VoiceNames;
import io.voicegate.domain.kling.CreateVoice;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kling callbacks on the fakes: the token, the optional signature, the re-query, and every status the answer can
 * carry. Late successes after the processing deadline are {@code RefreshKlingTaskTest}'s.
 */
class ReceiveKlingCallbackTest {

    private static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private final Gateway gateway = new Gateway();

    private ReceiveKlingCallback receiver(Optional<String> webhookSecret, boolean requery) {
        return new ReceiveKlingCallback(new CallbackTokens("test-callback-secret-0123456789abcdef"), () -> webhookSecret,
                requery, gateway.store, new AskKling(gateway.kling), gateway.applyKlingTask(),
                gateway.clock);
    }

    private Callback callback(String id, String body) {
        return new Callback(id, gateway.callbackToken(id), Optional.empty(), Optional.empty(), Optional.empty(),
                body, JsonKlingTaskDecoder::decode);
    }

    private Request stored(String id) {
        return gateway.store.find(id).orElseThrow();
    }

    /** Kling's task finishes: the clock passes its task time. */
    private void finish() {
        gateway.clock.advance(gateway.kling.taskTime);
    }

    @Test
    void aSuccessIsTakenFromTheRequeryWithItsVoicesAndUnits() {
        String id = gateway.processing();
        finish();

        Result result = gateway.receiveKlingCallback().receive(callback(id, gateway.kling.callbackBody(id)));

        assertThat(result).isEqualTo(Result.APPLIED);
        Request after = stored(id);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome().orElseThrow().voices()).singleElement()
                .satisfies(v -> assertThat(v.voiceId()).isEqualTo("v-" + gateway.kling.taskOf(id).taskId()));
        assertThat(after.klingUnits()).contains(new java.math.BigDecimal("0.05"));
    }

    @Test
    void theBodyIsOnlyAHint() {
        String id = gateway.processing();
        String forged = gateway.kling.callbackBody(id).replace("\"processing\"", "\"succeed\"");

        Result result = gateway.receiveKlingCallback().receive(callback(id, forged));

        assertThat(result).isEqualTo(Result.UNCHANGED);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void aWrongTokenIsNotFoundAndReadsNothing() {
        String id = gateway.processing();
        finish();
        int before = gateway.storageCalls();
        Callback forged = new Callback(id, gateway.callbackToken("another-request"), Optional.empty(),
                Optional.empty(), Optional.empty(), gateway.kling.callbackBody(id), body -> {
                    throw new AssertionError("a body behind a wrong token is never read");
                });

        assertThat(gateway.receiveKlingCallback().receive(forged)).isEqualTo(Result.NOT_FOUND);
        assertThat(gateway.storageCalls()).isEqualTo(before);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void duplicateLateAndOutOfOrderCallbacksChangeNothing() {
        String id = gateway.processing();
        String processingBody = gateway.kling.callbackBody(id);
        finish();
        ReceiveKlingCallback receiver = gateway.receiveKlingCallback();
        receiver.receive(callback(id, gateway.kling.callbackBody(id)));
        Request applied = stored(id);
        gateway.clock.advance(Duration.ofSeconds(30));

        Result duplicate = receiver.receive(callback(id, gateway.kling.callbackBody(id)));
        Result late = receiver.receive(callback(id, processingBody));

        assertThat(duplicate).isEqualTo(Result.UNCHANGED);
        assertThat(late).isEqualTo(Result.UNCHANGED);
        assertThat(stored(id)).isEqualTo(applied);
    }

    @Test
    void aSuccessWithoutVoicesIsASuccessWithTheNoVoicesError() {
        String id = gateway.submitted();
        gateway.kling.succeedWithoutVoices(id);
        gateway.dispatchRequest().dispatch(id, false);
        finish();

        gateway.receiveKlingCallback().receive(callback(id, gateway.kling.callbackBody(id)));

        Request after = stored(id);
        assertThat(after.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(after.outcome().orElseThrow().error()).contains(Outcome.NO_VOICES);
        assertThat(after.outcome().orElseThrow().errorCode()).isEmpty();
    }

    @Test
    void aFailedTaskCarriesKlingsMessageAndAStableCode() {
        String id = gateway.submitted();
        gateway.kling.failTask(id, "Failure to pass the content security policy");
        gateway.dispatchRequest().dispatch(id, false);
        finish();

        gateway.receiveKlingCallback().receive(callback(id, gateway.kling.callbackBody(id)));

        Request after = stored(id);
        assertThat(after.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(after.outcome().orElseThrow().error()).contains("Failure to pass the content security policy");
        assertThat(after.outcome().orElseThrow().errorCode()).contains("content_policy");
    }

    @Test
    void whenKlingCannotBeAskedNothingChanges() {
        String id = gateway.processing();
        finish();
        String body = gateway.kling.callbackBody(id);
        gateway.kling.unavailable = true;

        Result result = gateway.receiveKlingCallback().receive(callback(id, body));

        assertThat(result).isEqualTo(Result.KLING_UNAVAILABLE);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.PROCESSING);
    }

    @Test
    void withoutTheRequeryTheBodyIsTrustedAndKlingIsNotAsked() {
        String id = gateway.processing();
        finish();
        String body = gateway.kling.callbackBody(id);
        int queries = gateway.kling.queries.get();

        Result result = receiver(Optional.empty(), false).receive(callback(id, body));

        assertThat(result).isEqualTo(Result.APPLIED);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(gateway.kling.queries).hasValue(queries);
    }

    @Test
    void aConfiguredWebhookSecretRequiresAFreshValidSignature() {
        String id = gateway.processing();
        finish();
        String body = gateway.kling.callbackBody(id);
        long now = gateway.clock.instant().getEpochSecond();
        String messageId = "msg_1";
        String token = gateway.callbackToken(id);
        ReceiveKlingCallback receiver = receiver(Optional.of(WEBHOOK_SECRET), true);

        Result unsigned = receiver.receive(callback(id, body));
        Result stale = receiver.receive(new Callback(id, token, Optional.of(messageId),
                Optional.of(Long.toString(now - 600)), Optional.of(StandardWebhooks.sign(WEBHOOK_SECRET, messageId,
                now - 600, body)), body, JsonKlingTaskDecoder::decode));
        Result otherSecret = receiver.receive(new Callback(id, token, Optional.of(messageId),
                Optional.of(Long.toString(now)), Optional.of(StandardWebhooks.sign("whsec_dGVzdA==", messageId, now,
                body)), body, JsonKlingTaskDecoder::decode));
        Result signed = receiver.receive(new Callback(id, token, Optional.of(messageId),
                Optional.of(Long.toString(now)), Optional.of(StandardWebhooks.sign(WEBHOOK_SECRET, messageId, now,
                body)), body, JsonKlingTaskDecoder::decode));

        assertThat(unsigned).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(stale).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(otherSecret).isEqualTo(Result.BAD_SIGNATURE);
        assertThat(signed).isEqualTo(Result.APPLIED);
    }

    @Test
    void aCallbackThatOvertakesTheWorkerStillRecordsTheTask() {
        String id = gateway.submitted();
        String taskId = gateway.kling.createVoice(new CreateVoice(VoiceNames.klingName(id), Optional.of(
                "https://cdn.example.com/ada.mp3"), Optional.empty(), "https://gw.example.com/cb", id)).taskId();
        finish();

        Result result = gateway.receiveKlingCallback().receive(callback(id, gateway.kling.callbackBody(id)));

        assertThat(result).isEqualTo(Result.APPLIED);
        assertThat(stored(id).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(stored(id).klingTaskId()).contains(taskId);
    }

    @Test
    void aCallbackNamingAnotherRequestsTaskChangesNothing() {
        String mine = gateway.processing();
        String theirs = gateway.processing();
        finish();

        Result result = gateway.receiveKlingCallback().receive(callback(mine, gateway.kling.callbackBody(theirs)));

        // the re-query asks about the task the callback names, which is another request's: nothing is written (this
        // request's own end comes with its own callback or its scheduled re-query)
        assertThat(result).isEqualTo(Result.UNCHANGED);
        assertThat(stored(mine).status()).isEqualTo(RequestStatus.PROCESSING);
        assertThat(stored(mine).klingTaskId()).contains(gateway.kling.taskOf(mine).taskId());
        assertThat(stored(theirs).status()).isEqualTo(RequestStatus.PROCESSING);
    }
}

package io.voicegate.app;

import io.voicegate.domain.ApiKeys;
import io.voicegate.domain.DeliveryAttempt;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Source;
import io.voicegate.domain.Transition;
import io.voicegate.http.ApiResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every webhook attempt is recorded (answer or error class, duration, number, when the next is due), a client reads
 * them, and re-sends the final record as a manual attempt, also after the automatic attempts ran out.
 */
class DeliveryHistoryTest {

    private final Gateway gateway = new Gateway();
    private final DeliverFinalRecord deliver = gateway.deliverFinalRecord();

    private String settledWithWebhook() {
        String body = "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"ada\",\"voice_url\":"
                + "\"https://cdn.example.com/ada.mp3\"},\"webhook\":{\"url\":\"https://client.example.com/hooks\"}}";
        String id = gateway.submitRequest().submit(new SubmitCommand(Gateway.ACCOUNT, Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(body), Optional.empty())).request().requestId();
        gateway.store.advance(id, Transition.failed(Outcome.dispatchDeadlineExceeded()), gateway.clock.instant());
        gateway.settleRequest().settle(id);
        return id;
    }

    @Test
    void retriesAreRecordedWithTheirAnswerAndWhenTheNextIsDue() {
        String id = settledWithWebhook();
        gateway.webhooks.answer(500, -1, 204);

        DeliverFinalRecord.Delivery first = deliver.deliver(id, 1);
        DeliverFinalRecord.Delivery second = deliver.deliver(id, 2);
        DeliverFinalRecord.Delivery third = deliver.deliver(id, 3);

        List<DeliveryAttempt> attempts = gateway.deliveryLog.attempts(id);
        assertThat(first.result()).isEqualTo(DeliverFinalRecord.Result.RETRY);
        assertThat(second.result()).isEqualTo(DeliverFinalRecord.Result.RETRY);
        assertThat(third.result()).isEqualTo(DeliverFinalRecord.Result.DELIVERED);
        assertThat(attempts).extracting(DeliveryAttempt::attempt).containsExactly(1, 2, 3);
        assertThat(attempts).extracting(DeliveryAttempt::trigger).containsOnly(DeliveryAttempt.Trigger.RETRY);
        assertThat(attempts).extracting(DeliveryAttempt::status)
                .containsExactly(Optional.of(500), Optional.empty(), Optional.of(204));
        assertThat(attempts.get(1).error()).contains(DeliveryAttempt.UNREACHABLE);
        assertThat(attempts.get(0).nextAttemptAt()).contains(gateway.clock.instant().plus(first.retryIn().get()));
        assertThat(attempts.get(2).nextAttemptAt()).isEmpty();
        assertThat(gateway.webhooks.posts).extracting(h -> h.get(DeliverFinalRecord.ATTEMPT_HEADER))
                .containsExactly("1", "2", "3");
    }

    @Test
    void aGoneWebhookIsParkedWithItsReasonAndCanStillBeResent() {
        String id = settledWithWebhook();
        gateway.webhooks.answer(410, 200);

        DeliverFinalRecord.Delivery gone = deliver.deliver(id, 1);
        DeliveryAttempt manual = deliver.resend(Gateway.ACCOUNT, id).orElseThrow();

        assertThat(gone.result()).isEqualTo(DeliverFinalRecord.Result.GONE);
        assertThat(gone.retryIn()).isEmpty();
        assertThat(gateway.goneDeliveries).containsExactly(id + ": the webhook receiver answered 410 Gone");
        assertThat(gateway.deliveryLog.attempts(id).get(0).status()).contains(410);
        assertThat(manual.status()).contains(200);
        assertThat(gateway.goneDeliveries).as("a manual re-send never parks").hasSize(1);
    }

    @Test
    void aManualResendAnsweredGoneIsNotParked() {
        String id = settledWithWebhook();
        gateway.webhooks.answer(410);

        deliver.resend(Gateway.ACCOUNT, id);

        assertThat(gateway.goneDeliveries).isEmpty();
    }

    @Test
    void theLastAttemptAnnouncesNoNextAndAManualResendFollowsItWithTheSameWebhookId() {
        String id = settledWithWebhook();
        gateway.webhooks.answer(500, 500, 500);
        deliver.deliver(id, 1);
        deliver.deliver(id, 2);
        deliver.deliver(id, 3);
        gateway.clock.advance(java.time.Duration.ofDays(1));

        DeliveryAttempt manual = deliver.resend(Gateway.ACCOUNT, id).orElseThrow();

        assertThat(gateway.deliveryLog.attempts(id).get(2).nextAttemptAt()).isEmpty();
        assertThat(manual.attempt()).isEqualTo(4);
        assertThat(manual.trigger()).isEqualTo(DeliveryAttempt.Trigger.MANUAL);
        assertThat(manual.status()).contains(200);
        assertThat(manual.nextAttemptAt()).isEmpty();
        assertThat(gateway.webhooks.posts).extracting(h -> h.get("webhook-id")).containsOnly(
                DeliverFinalRecord.webhookId(id));
        assertThat(gateway.webhooks.posts.get(3).get("webhook-timestamp"))
                .isNotEqualTo(gateway.webhooks.posts.get(2).get("webhook-timestamp"));
    }

    @Test
    void aRequestStillOpenCannotBeResentAndAnotherAccountsIsNotFound() {
        String open = gateway.submitRequest().submit(new SubmitCommand(Gateway.ACCOUNT, Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(Gateway.body("open")), Optional.empty())).request().requestId();
        gateway.accounts.create("globex", Money.ofMicros(Gateway.OPENING), ApiKeys.hash("vg_other"), "last",
                "whsec_y", gateway.clock.instant());
        String settled = settledWithWebhook();

        assertThatThrownBy(() -> deliver.resend(Gateway.ACCOUNT, open))
                .isInstanceOf(DeliverFinalRecord.NotResendableException.class);
        assertThat(deliver.resend("globex", settled)).isEmpty();
        assertThat(deliver.attempts("globex", settled)).isEmpty();
        assertThat(gateway.webhooks.posts).isEmpty();
    }

    @Test
    void overHttpTheHistoryIsListedAndAResendIs202Or409() {
        String id = settledWithWebhook();
        String open = gateway.submitRequest().submit(new SubmitCommand(Gateway.ACCOUNT, Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(Gateway.body("open")), Optional.empty())).request().requestId();
        gateway.webhooks.answer(503);
        deliver.deliver(id, 1);

        ApiResponse resent = call("POST", id);
        ApiResponse listed = call("GET", id);
        ApiResponse tooEarly = call("POST", open);
        ApiResponse unknown = call("GET", "01a20b19-82a4-765b-a8d9-4225553092f6");

        assertThat(resent.status()).isEqualTo(202);
        assertThat(resent.body()).contains("\"trigger\":\"manual\"").contains("\"attempt\":2");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).startsWith("{\"deliveries\":[{\"attempt\":1,\"at\":")
                .contains("\"trigger\":\"retry\",\"status\":503,\"error\":null,\"duration_ms\":0,\"next_attempt_at\":")
                .contains("\"attempt\":2");
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.body()).contains("not-resendable");
        assertThat(unknown.status()).isEqualTo(404);
    }

    private ApiResponse call(String method, String id) {
        return gateway.call(method + " /requests/{request_id}/deliveries", "/requests/" + id + "/deliveries",
                Map.of("request_id", id), Map.of("authorization", "Bearer " + Gateway.API_KEY), "");
    }

    /** A re-send answers with the attempt it made, also when another re-send overtakes it. */
    @Test
    void aResendAnswersWithItsOwnAttemptWhenAnotherOvertakesIt() {
        String id = settledWithWebhook();
        List<DeliveryAttempt> overtaking = new java.util.ArrayList<>();
        gateway.webhooks.duringNextPost = () -> overtaking.add(deliver.resend(Gateway.ACCOUNT, id).orElseThrow());

        DeliveryAttempt overtaken = deliver.resend(Gateway.ACCOUNT, id).orElseThrow();

        assertThat(overtaking).singleElement().extracting(DeliveryAttempt::attempt).isEqualTo(2);
        assertThat(overtaken.attempt()).isEqualTo(1);
        assertThat(gateway.deliveryLog.attempts(id)).extracting(DeliveryAttempt::attempt).containsExactly(1, 2);
    }
}

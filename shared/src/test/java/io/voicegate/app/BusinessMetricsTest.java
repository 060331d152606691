package io.voicegate.app;

import io.voicegate.domain.Source;
import io.voicegate.domain.kling.CreateVoice;
import io.voicegate.domain.kling.KlingOperatorException;
import io.voicegate.domain.kling.KlingRetryableException;
import io.voicegate.domain.kling.KlingTask;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each business event an operator counts is reported once by the use case where it happens, and a replay that changes
 * nothing reports nothing (the events, as {@link RecordingMetrics} writes them).
 */
class BusinessMetricsTest {

    private final Gateway gateway = new Gateway();

    private static String bodyWithWebhook(String voiceName) {
        return "{\"model\":\"kling-custom-voice\",\"payload\":{\"voice_name\":\"" + voiceName
                + "\",\"voice_url\":\"https://cdn.example.com/ada.mp3\"},"
                + "\"webhook\":{\"url\":\"https://client.example.com/hooks\"}}";
    }

    /** A request Kling finished with these units, not settled yet; the events so far are forgotten. */
    private String succeededWith(String units) {
        String id = gateway.succeededWith(units);
        gateway.metrics.clear();
        return id;
    }

    @Test
    void aNewRequestIsCountedOnceAndItsReplayIsNot() {
        gateway.submit(Gateway.body("ada"), Optional.of("order-1"));
        gateway.submit(Gateway.body("ada"), Optional.of("order-1"));
        gateway.submit(Gateway.body("bea"), Optional.empty());

        assertThat(gateway.metrics.events()).containsExactly("requestSubmitted", "requestSubmitted");
    }

    @Test
    void anSqsMessageRecordedAsAFailedRequestIsCountedByItsErrorCodeOnce() {
        gateway.accounts.allowPrincipal(Gateway.ACCOUNT, "AIDAEXAMPLE");
        IntakeMessage invalid = new IntakeMessage("m-1", Optional.of("AIDAEXAMPLE"),
                io.voicegate.json.JsonBodyDecoder.read("{\"model\":\"nope\"}"),
                Optional.empty());

        gateway.acceptIntakeMessage().accept(invalid);
        gateway.acceptIntakeMessage().accept(invalid);

        assertThat(gateway.metrics.events()).containsExactly("requestFailed invalid_request");
    }

    @Test
    void aSuccessIsCountedWithWhatItChargedAndRefundedOnce() {
        String id = succeededWith("0.05");
        SettleRequest settle = gateway.settleRequest();

        settle.settle(id);
        settle.settle(id);

        assertThat(gateway.metrics.events()).containsExactly("settled charged=7000 refunded=63000");
    }

    @Test
    void aFailureIsCountedByItsErrorCodeWhenItIsRefunded() {
        String id = gateway.submitted();
        new CancelRequest(gateway.store, gateway.clock).cancel(Gateway.ACCOUNT, id);
        gateway.metrics.clear();

        gateway.settleRequest().settle(id);
        gateway.settleRequest().settle(id);

        assertThat(gateway.metrics.events()).containsExactly("settled charged=0 refunded=70000",
                "requestFailed canceled");
    }

    @Test
    void aSuccessWithoutUsableUnitsIsCountedAndTheHoldIsItsCharge() {
        String id = succeededWith("abc");

        gateway.settleRequest().settle(id);

        assertThat(gateway.metrics.events()).containsExactly("settled charged=70000 refunded=0",
                "settledWithoutUnits");
    }

    @Test
    void aSettlementThatLeavesTheBalanceBelowZeroIsCounted() {
        gateway.store.withBalance(Gateway.ACCOUNT, 70_000);
        String id = succeededWith("1");

        gateway.settleRequest().settle(id);

        assertThat(gateway.metrics.events()).containsExactly("settled charged=140000 refunded=0",
                "balanceWentNegative");
    }

    @Test
    void eachDispatchRetryIsCountedByWhetherKlingWasUnavailableOrRefusedOurAccount() {
        Deque<RuntimeException> answers = new ArrayDeque<>(List.of(
                new KlingRetryableException("parallel task over resource pack limit", 1303, Optional.empty()),
                new KlingOperatorException("account balance not enough", 1102, Optional.empty())));
        ScriptedKling kling = new ScriptedKling(gateway.clock) {
            @Override
            public synchronized KlingTask createVoice(CreateVoice command) {
                if (!answers.isEmpty()) {
                    throw answers.poll();
                }
                return super.createVoice(command);
            }
        };
        String id = gateway.submitted();
        gateway.metrics.clear();
        DispatchRequest dispatch = gateway.dispatchRequest(gateway.store, kling, "https://gw.example.com",
                gateway.taskChecks(), gateway.admission());

        List<DispatchRequest.Result> results = List.of(dispatch.dispatch(id, false), dispatch.dispatch(id, true),
                dispatch.dispatch(id, true));

        assertThat(results).containsExactly(DispatchRequest.Result.RETRY, DispatchRequest.Result.RETRY,
                DispatchRequest.Result.DONE);
        assertThat(gateway.metrics.events()).containsExactly("dispatchRetried kling_unavailable",
                "dispatchRetried kling_account");
    }

    @Test
    void everyWebhookAttemptIsCountedAndAGoneOrExhaustedDeliveryIsCountedAsParked() {
        String gone = settledWithWebhook("ada");
        String exhausted = settledWithWebhook("bea");
        gateway.webhooks.answer(410, 500, 500, 500, 200);

        gateway.deliverFinalRecord().deliver(gone, 1);
        for (int receives = 1; receives <= 3; receives++) {
            gateway.deliverFinalRecord().deliver(exhausted, receives);
        }
        gateway.deliverFinalRecord().resend(Gateway.ACCOUNT, exhausted);

        assertThat(gateway.metrics.events()).containsExactly(
                "webhookAttempted failed", "deliveryParked gone",
                "webhookAttempted failed", "webhookAttempted failed",
                "webhookAttempted failed", "deliveryParked attempts_exhausted",
                "webhookAttempted delivered");
    }

    @Test
    void aTerminalRequestTheSweeperFindsUnsettledIsCounted() {
        String id = succeededWith("0.05");
        gateway.clock.advance(Duration.ofMinutes(6));

        gateway.sweeper().sweep();

        assertThat(gateway.metrics.events()).containsExactly("unsettledRequestFound",
                "settled charged=7000 refunded=63000");
        assertThat(gateway.store.find(id).orElseThrow().billing().charged().micros()).isEqualTo(7_000);
    }

    /** A request with a webhook, submitted, failed by a cancel and refunded; the events so far are forgotten. */
    private String settledWithWebhook(String voiceName) {
        String id = gateway.submitRequest().submit(new SubmitCommand(Gateway.ACCOUNT, Source.HTTP,
                io.voicegate.json.JsonBodyDecoder.read(bodyWithWebhook(voiceName)), Optional.empty())).request().requestId();
        new CancelRequest(gateway.store, gateway.clock).cancel(Gateway.ACCOUNT, id);
        gateway.settleRequest().settle(id);
        gateway.metrics.clear();
        return id;
    }
}

package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.kling.KlingTask;
import io.voicegate.domain.kling.KlingTaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SettleRequestTest {

    private final Gateway gateway = new Gateway();

    private String succeededWith(String units) {
        return gateway.succeededWith(units);
    }

    @Test
    void aSuccessSettlesToKlingsUnitsOnceAndItsDeliveryIsQueuedOnEveryRun() {
        String id = succeededWith("0.05");
        SettleRequest settle = gateway.settleRequest();

        SettleRequest.Result first = settle.settle(id);
        SettleRequest.Result replay = settle.settle(id);

        assertThat(first).isEqualTo(SettleRequest.Result.SETTLED);
        assertThat(replay).isEqualTo(SettleRequest.Result.ALREADY_SETTLED);
        assertThat(gateway.delivered).as("a replay queues the delivery again: it may have been lost")
                .containsExactly(id, id);
        var billing = gateway.store.find(id).orElseThrow().billing();
        assertThat(billing.state()).isEqualTo(BillingState.SETTLED);
        assertThat(billing.charged().micros()).isEqualTo(7_000);
        assertThat(billing.refunded().micros()).isEqualTo(63_000);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 7_000);
        assertThat(gateway.accounts.snapshot(Gateway.ACCOUNT, 10).orElseThrow().recentEntries())
                .extracting(e -> e.entryId(), e -> e.amount().micros())
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(id + "#hold", -70_000L),
                        org.assertj.core.groups.Tuple.tuple(id + "#settle", 63_000L));
        assertThat(settle.settlementsWithoutUnits()).isZero();
    }

    @Test
    void aFailureRefundsTheWholeHold() {
        String id = gateway.submitted();
        gateway.store.advance(id, io.voicegate.domain.Transition.failed(io.voicegate.domain.Outcome.failure(
                "upstream_failed", "no")), gateway.clock.instant());

        SettleRequest.Result result = gateway.settleRequest().settle(id);

        assertThat(result).isEqualTo(SettleRequest.Result.SETTLED);
        var billing = gateway.store.find(id).orElseThrow().billing();
        assertThat(billing.state()).isEqualTo(BillingState.REFUNDED);
        assertThat(billing.refunded().micros()).isEqualTo(70_000);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
        assertThat(gateway.accounts.snapshot(Gateway.ACCOUNT, 10).orElseThrow().recentEntries())
                .extracting(e -> e.entryId()).containsExactlyInAnyOrder(id + "#hold", id + "#refund");
    }

    @Test
    void openAndUnknownRequestsAreNotSettledNorDelivered() {
        String open = gateway.submitted();

        assertThat(gateway.settleRequest().settle(open)).isEqualTo(SettleRequest.Result.NOT_TERMINAL);
        assertThat(gateway.settleRequest().settle("no-such-request"))
                .isEqualTo(SettleRequest.Result.UNKNOWN);
        assertThat(gateway.delivered).isEmpty();
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    /** 6. Units that cannot be settled: the outcome is stored as reported, the hold stands, once. */
    @ParameterizedTest(name = "units {0}")
    @ValueSource(strings = {"abc", "-0.05", "1e999999999", "100000", "0x10", "NaN"})
    void unusableUnitsNeverBlockTheRequest(String units) {
        String id = succeededWith(units);
        SettleRequest settle = gateway.settleRequest();

        SettleRequest.Result first = settle.settle(id);
        SettleRequest.Result replay = settle.settle(id);

        var request = gateway.store.find(id).orElseThrow();
        assertThat(request.status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(request.outcome().orElseThrow().voices()).hasSize(1);
        assertThat(first).isEqualTo(SettleRequest.Result.SETTLED);
        assertThat(replay).isEqualTo(SettleRequest.Result.ALREADY_SETTLED);
        assertThat(request.billing().state()).isEqualTo(BillingState.SETTLED);
        assertThat(request.billing().charged().micros()).isEqualTo(70_000);
        assertThat(settle.settlementsWithoutUnits()).isEqualTo(1);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 70_000);
    }

    /** 6. The callback path: a body with units "abc" is answered and applied, not refused with a 5xx. */
    @Test
    void aCallbackWithUnusableUnitsIsApplied() {
        gateway.kling.units = "abc";
        gateway.kling.taskTime = Duration.ofSeconds(1);
        String id = gateway.processing();
        gateway.clock.advance(Duration.ofSeconds(2));
        KlingTask task = gateway.kling.succeeded(gateway.kling.taskOf(id));
        String body = "{\"task_id\":\"" + task.taskId() + "\",\"task_status\":\"succeed\",\"created_at\":1,"
                + "\"final_unit_deduction\":\"abc\"}";

        ReceiveKlingCallback.Result result = gateway.receiveKlingCallback().receive(new ReceiveKlingCallback.Callback(
                id, gateway.callbackToken(id), Optional.empty(), Optional.empty(), Optional.empty(), body,
                io.voicegate.adapter.kling.JsonKlingTaskDecoder::decode));

        assertThat(result).isEqualTo(ReceiveKlingCallback.Result.APPLIED);
        assertThat(gateway.store.find(id).orElseThrow().klingUnits()).as("units that are not a decimal are none")
                .isEmpty();
        assertThat(task.status()).isEqualTo(KlingTaskStatus.SUCCEED);
    }

    /** 12. Units costing more than the hold can take the balance below zero: kept, and counted. */
    @Test
    void aSettlementBeyondTheHoldMayLeaveANegativeBalanceWhichIsCounted() {
        gateway.store.withBalance(Gateway.ACCOUNT, 70_000);
        String id = succeededWith("1");
        SettleRequest settle = gateway.settleRequest();

        settle.settle(id);

        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(-70_000);
        assertThat(gateway.store.find(id).orElseThrow().billing().charged().micros()).isEqualTo(140_000);
        assertThat(settle.negativeBalances()).isEqualTo(1);
    }

    @Test
    void aSettlementBeyondTheHoldThatLeavesTheBalancePositiveIsNotCounted() {
        String id = succeededWith("1");
        SettleRequest settle = gateway.settleRequest();

        settle.settle(id);

        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING - 140_000);
        assertThat(settle.negativeBalances()).isZero();
    }
}

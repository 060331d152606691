package io.voicegate.local;

import io.voicegate.app.ReconcileRequest;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.LedgerEntry;
import io.voicegate.domain.LedgerEntryKind;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import io.voicegate.port.AccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settlement on the real engines: one transaction, deterministic entry ids, replays change nothing. The local
 * stack's own stream-driven settlement runs on these requests too, as the stream and the sweeper would in AWS, so
 * the tests assert that exactly one settlement happened, whoever made it.
 */
@ExtendWith(LocalStackExtension.class)
class ReconcileIT {

    private final LocalStackExtension.TestAccount account = LocalStackExtension.openAccount(Money.ofUsd("1"));
    private final List<String> deliveries = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ReconcileRequest reconcile = new ReconcileRequest(Requests.store(), deliveries::add,
            Money.ofMicros(140_000), Clock.systemUTC());

    private Request terminal(RequestStatus status, Optional<String> units) {
        Request request = Requests.dispatched(account.accountId(), "ada", Instant.now());
        Requests.store().advance(request.requestId(), Transition.processing("task-" + request.requestId()),
                Instant.now());
        Outcome outcome = status == RequestStatus.SUCCESS ? Outcome.voices(List.of())
                : Outcome.failure("upstream_failed", "no");
        Requests.store().advance(request.requestId(), new Transition(status, Optional.empty(), Optional.of(outcome),
                units), Instant.now());
        return Requests.reload(request);
    }

    private AccountStore.AccountSnapshot snapshot() {
        return LocalStackExtension.stack().function("ApiFunction").wiring().accountStore()
                .snapshot(account.accountId(), 50).orElseThrow();
    }

    @Test
    void aSuccessSettlesToKlingsUnitsOnce() {
        Request request = terminal(RequestStatus.SUCCESS, Optional.of("0.05"));

        ReconcileRequest.Result first = reconcile.reconcile(request.requestId());
        ReconcileRequest.Result replay = reconcile.reconcile(request.requestId());

        assertThat(first).isIn(ReconcileRequest.Result.SETTLED, ReconcileRequest.Result.ALREADY_SETTLED);
        assertThat(replay).isEqualTo(ReconcileRequest.Result.ALREADY_SETTLED);
        assertThat(deliveries).as("delivery queued on the settlement and again on the replay")
                .containsExactly(request.requestId(), request.requestId());
        Request after = Requests.reload(request);
        assertThat(after.billing().state()).isEqualTo(BillingState.SETTLED);
        assertThat(after.billing().charged()).isEqualTo(Money.ofMicros(7_000));
        assertThat(after.billing().refunded()).isEqualTo(Money.ofMicros(63_000));
        assertThat(snapshot().balance()).isEqualTo(Money.ofMicros(1_000_000 - 7_000));
        assertThat(snapshot().recentEntries()).extracting(LedgerEntry::entryId, LedgerEntry::amount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(request.requestId() + "#hold", Money.ofMicros(-70_000)),
                        org.assertj.core.groups.Tuple.tuple(request.requestId() + "#settle", Money.ofMicros(63_000)));
    }

    @Test
    void aFailureRefundsTheWholeHold() {
        Request request = terminal(RequestStatus.FAILED, Optional.empty());

        reconcile.reconcile(request.requestId());

        Request after = Requests.reload(request);
        assertThat(after.billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(after.billing().refunded()).isEqualTo(Money.ofMicros(70_000));
        assertThat(snapshot().balance()).isEqualTo(Money.ofUsd("1"));
        assertThat(snapshot().recentEntries()).extracting(LedgerEntry::kind)
                .containsExactlyInAnyOrder(LedgerEntryKind.HOLD, LedgerEntryKind.REFUND);
    }

    @Test
    void missingUnitsLeaveTheHoldStandingAndAreCounted() {
        Request request = terminal(RequestStatus.SUCCESS, Optional.empty());
        long before = reconcile.settlementsWithoutUnits();

        ReconcileRequest.Result result = reconcile.reconcile(request.requestId());

        assertThat(reconcile.settlementsWithoutUnits())
                .isEqualTo(result == ReconcileRequest.Result.SETTLED ? before + 1 : before);
        assertThat(Requests.reload(request).billing().charged()).isEqualTo(Money.ofMicros(70_000));
        assertThat(snapshot().balance()).isEqualTo(Money.ofMicros(1_000_000 - 70_000));
    }

    @Test
    void concurrentReconcilesSettleExactlyOnce() throws Exception {
        Request request = terminal(RequestStatus.SUCCESS, Optional.of("0.05"));

        List<ReconcileRequest.Result> results = ConcurrencyIT.race(8, () -> reconcile.reconcile(request.requestId()));

        assertThat(results).filteredOn(r -> r == ReconcileRequest.Result.SETTLED).hasSizeLessThanOrEqualTo(1);
        assertThat(results).allMatch(r -> r == ReconcileRequest.Result.SETTLED
                || r == ReconcileRequest.Result.ALREADY_SETTLED);
        assertThat(snapshot().recentEntries()).filteredOn(e -> e.kind() == LedgerEntryKind.SETTLE).hasSize(1);
        assertThat(snapshot().balance()).isEqualTo(Money.ofMicros(1_000_000 - 7_000));
    }

    @Test
    void openRequestsAreNotSettled() {
        Request request = Requests.dispatched(account.accountId(), "open", Instant.now());

        assertThat(reconcile.reconcile(request.requestId())).isEqualTo(ReconcileRequest.Result.NOT_TERMINAL);
        assertThat(reconcile.reconcile("no-such-request")).isEqualTo(ReconcileRequest.Result.UNKNOWN);
        assertThat(deliveries).isEmpty();
    }
}

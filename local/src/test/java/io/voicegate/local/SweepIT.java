package io.voicegate.local;

import io.voicegate.adapter.kling.HttpKlingClient;
import io.voicegate.adapter.kling.KlingCredentials;
import io.voicegate.app.ApplyKlingTask;
import io.voicegate.app.DispatchRequest;
import io.voicegate.app.ReconcileRequest;
import io.voicegate.app.RefreshKlingTask;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.CallbackTokens;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.domain.Transition;
import io.voicegate.local.kling.KlingSimulator;
import io.voicegate.port.DispatchQueue;
import io.voicegate.port.RequestStore;
import io.voicegate.port.TaskChecks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper over the open-requests index. Requests are created far in the past (by the clock they carry), so
 * only this test's requests are old enough for a sweep run "now".
 */
@ExtendWith(LocalStackExtension.class)
class SweepIT {

    private static final String AK = "sweep-ak";
    private static final String SK = "sweep-secret";

    private final KlingSimulator kling = KlingSimulator.builder().accessKey(AK, SK).manualLifecycle().start();
    private final LocalStackExtension.TestAccount account = LocalStackExtension.openAccount(Money.ofUsd("1"));
    private final List<String> enqueued = new ArrayList<>();
    private final Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");

    @AfterEach
    void stop() {
        kling.close();
    }

    private HttpKlingClient client(Clock clock) {
        return new HttpKlingClient(kling.baseUrl(), KlingCredentials.accessKey(AK, SK, clock), Duration.ofSeconds(2),
                Duration.ofSeconds(2));
    }

    private SweepOpenRequests sweeper(Instant now, Duration deadline) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        DispatchQueue recording = (id, recheck) -> enqueued.add(id + (recheck ? " recheck" : ""));
        RefreshKlingTask refresh = new RefreshKlingTask(Requests.store(), client(Clock.systemUTC()),
                new ApplyKlingTask(Requests.store(), clock), TaskChecks.NONE, RequeryPlan.DEFAULTS, clock);
        return new SweepOpenRequests(Requests.store(), refresh, recording,
                new ReconcileRequest(Requests.store(), id -> { }, Money.ofMicros(140_000), clock),
                new SweepOpenRequests.Thresholds(Duration.ofMinutes(2), Duration.ofMinutes(10), deadline,
                        Duration.ofMinutes(5)), clock);
    }

    @Test
    void aProcessingRequestWhoseCallbacksWereLostIsCompletedFromKling() {
        Request request = Requests.dispatched(account.accountId(), "lost", longAgo);
        new DispatchRequest(Requests.store(), client(Clock.systemUTC()), new CallbackTokens("sweep-callback-secret"),
                "https://gw.example.com", Duration.ofDays(365 * 100), Clock.fixed(longAgo.plusSeconds(30),
                ZoneOffset.UTC)).dispatch(request.requestId(), false);
        kling.advance(request.requestId());
        kling.advance(request.requestId());

        sweeper(longAgo.plus(Duration.ofMinutes(3)), Duration.ofMinutes(15)).sweep();

        assertThat(Requests.reload(request).status()).isEqualTo(RequestStatus.SUCCESS);
        assertThat(Requests.reload(request).klingUnits()).contains("0.05");
    }

    @Test
    void aDispatchedRequestIsRedispatchedThenExpiredPastTheDeadline() {
        Request request = Requests.dispatched(account.accountId(), "stuck", longAgo);

        sweeper(longAgo.plus(Duration.ofMinutes(11)), Duration.ofMinutes(15)).sweep();
        Request afterFirst = Requests.reload(request);
        sweeper(longAgo.plus(Duration.ofMinutes(16)), Duration.ofMinutes(15)).sweep();

        assertThat(afterFirst.status()).isEqualTo(RequestStatus.DISPATCHED);
        assertThat(enqueued).contains(request.requestId() + " recheck");
        Request expired = Requests.reload(request);
        assertThat(expired.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(expired.outcome().flatMap(Outcome::errorCode)).contains("dispatch_deadline_exceeded");
    }

    /** The stack's stream settles the same request concurrently, as in AWS: exactly one refund either way. */
    @Test
    void aTerminalRequestLeftUnsettledIsSettledExactlyOnce() {
        Request request = Requests.dispatched(account.accountId(), "unsettled", longAgo);
        Requests.store().advance(request.requestId(), Transition.failed(Outcome.failure("upstream_failed", "x")),
                longAgo);

        sweeper(longAgo.plus(Duration.ofMinutes(6)), Duration.ofMinutes(15)).sweep();

        assertThat(Requests.reload(request).billing().state()).isEqualTo(BillingState.REFUNDED);
        var entries = LocalStackExtension.stack().function("ApiFunction").wiring().accountStore()
                .snapshot(account.accountId(), 10).orElseThrow().recentEntries();
        assertThat(entries).extracting(e -> e.kind().wireName()).containsExactlyInAnyOrder("hold", "refund");
        assertThat(Requests.store().open(RequestStore.OpenState.UNSETTLED,
                longAgo.plusSeconds(1), 100)).extracting(o -> o.requestId()).doesNotContain(request.requestId());
    }

    /** Kling keeps the task processing for ever: the sweep fails it at the processing deadline, refunded. */
    @Test
    void aProcessingRequestPastTheProcessingDeadlineFailsAndIsRefunded() {
        Request request = Requests.dispatched(account.accountId(), "forever", longAgo);
        new DispatchRequest(Requests.store(), client(Clock.systemUTC()), new CallbackTokens("sweep-callback-secret"),
                "https://gw.example.com", Duration.ofDays(365 * 100), Clock.fixed(longAgo, ZoneOffset.UTC))
                .dispatch(request.requestId(), false);
        kling.advance(request.requestId());

        sweeper(longAgo.plus(Duration.ofMinutes(9)), Duration.ofMinutes(15)).sweep();
        RequestStatus before = Requests.reload(request).status();
        sweeper(longAgo.plus(Duration.ofMinutes(10)), Duration.ofMinutes(15)).sweep();

        assertThat(before).isEqualTo(RequestStatus.PROCESSING);
        Request expired = Requests.reload(request);
        assertThat(expired.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(expired.outcome().flatMap(Outcome::errorCode)).contains("processing_deadline_exceeded");
    }

    /** The open index is keyed by when a request entered its open state, not by when it was created. */
    @Test
    void openRequestsAreFoundByWhenTheyEnteredTheirState() {
        Request request = Requests.dispatched(account.accountId(), "slow", longAgo);
        Instant accepted = longAgo.plus(Duration.ofMinutes(20));
        Requests.store().advance(request.requestId(), Transition.processing("t-slow"), accepted);

        var before = Requests.store().open(RequestStore.OpenState.PROCESSING, accepted, 100);
        var after = Requests.store().open(RequestStore.OpenState.PROCESSING, accepted.plusSeconds(1), 100);

        assertThat(before).extracting(RequestStore.OpenRequest::requestId).doesNotContain(request.requestId());
        assertThat(after).filteredOn(o -> o.requestId().equals(request.requestId())).singleElement()
                .satisfies(o -> assertThat(o.since()).isEqualTo(accepted));
    }

    @Test
    void youngRequestsAreLeftAlone() {
        Instant now = Instant.now();
        Request request = Requests.dispatched(account.accountId(), "young", now);

        sweeper(now.plusSeconds(30), Duration.ofMinutes(15)).sweep();

        assertThat(enqueued).doesNotContain(request.requestId() + " recheck");
        assertThat(Requests.reload(request).status()).isIn(RequestStatus.DISPATCHED, RequestStatus.PROCESSING);
    }
}

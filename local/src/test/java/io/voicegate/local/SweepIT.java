package io.voicegate.local;

import io.voicegate.port.Metrics;
import io.voicegate.domain.ModelCatalog;
import io.voicegate.app.KlingAdmission;
import io.voicegate.app.ApplyKlingTask;
import io.voicegate.app.AskKling;
import io.voicegate.app.SettleRequest;
import io.voicegate.app.RefreshKlingTask;
import io.voicegate.app.ScriptedKling;
import io.voicegate.app.SweepOpenRequests;
import io.voicegate.domain.BillingState;
import io.voicegate.domain.Money;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequeryPlan;
import io.voicegate.domain.Transition;
import io.voicegate.port.RequestStore;
import io.voicegate.port.TaskChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper on the whole local stack, where the requests table's stream settles the same requests concurrently,
 * as in AWS. Requests are created far in the past (by the clock they carry), so only this test's requests are old
 * enough for a sweep run "now". The sweeper's branches are {@code SweepOpenRequestsTest} (shared, on the fakes).
 */
@ExtendWith(LocalStackExtension.class)
class SweepIT {

    private final LocalStackExtension.TestAccount account = LocalStackExtension.openAccount(Money.ofUsd("1"));
    private final Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");

    private SweepOpenRequests sweeper(Instant now) {
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        // no request here is processing: Kling is never asked
        RefreshKlingTask refresh = new RefreshKlingTask(Requests.store(), new AskKling(new ScriptedKling(clock)),
                new ApplyKlingTask(Requests.store(), clock), TaskChecks.NONE, RequeryPlan.DEFAULTS, clock);
        return new SweepOpenRequests(Requests.store(), refresh, (id, taskMayExist) -> { },
                new SettleRequest(Requests.store(), id -> { }, a -> Optional.empty(), (a, n, r) -> { },
                        Optional.empty(), ModelCatalog.standard(Money.ofMicros(70_000), Money.ofMicros(140_000)),
                        clock, Metrics.NONE),
                KlingAdmission.unlimited(Duration.ofMinutes(15)),
                new SweepOpenRequests.Thresholds(Duration.ofMinutes(2), Duration.ofMinutes(10),
                        Duration.ofMinutes(5)), clock, Metrics.NONE);
    }

    /** The stack's stream settles the same request concurrently, as in AWS: exactly one refund either way. */
    @Test
    void aTerminalRequestLeftUnsettledIsSettledExactlyOnce() {
        Request request = Requests.dispatched(account.accountId(), "unsettled", longAgo);
        Requests.store().advance(request.requestId(), Transition.failed(Outcome.failure("upstream_failed", "x")),
                longAgo);

        sweeper(longAgo.plus(Duration.ofMinutes(6))).sweep();

        assertThat(Requests.reload(request).billing().state()).isEqualTo(BillingState.REFUNDED);
        var entries = LocalStackExtension.stack().function("ApiFunction").wiring().accountStore()
                .snapshot(account.accountId(), 10).orElseThrow().recentEntries();
        assertThat(entries).extracting(e -> e.kind().wireName()).containsExactlyInAnyOrder("hold", "refund");
        assertThat(Requests.store().open(RequestStore.OpenState.UNSETTLED,
                longAgo.plusSeconds(1), 100)).extracting(o -> o.requestId()).doesNotContain(request.requestId());
    }
}

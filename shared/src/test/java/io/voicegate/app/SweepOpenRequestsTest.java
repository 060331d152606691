package io.voicegate.app;

import io.voicegate.domain.BillingState;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Settlement;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Request;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweeper's branches on the fakes: what it does with each kind of open request, by how long it has been open.
 * That the sweep and the stream settle a request exactly once between them is {@code SweepIT}'s (local engines).
 */
class SweepOpenRequestsTest {

    private final Gateway gateway = new Gateway();

    @Test
    void aProcessingRequestWhoseCallbacksWereLostIsCompletedFromKling() {
        String id = gateway.processing();
        gateway.clock.advance(Duration.ofMinutes(3));

        SweepOpenRequests.Report report = gateway.sweeper().sweep();

        Request after = gateway.store.find(id).orElseThrow();
        assertThat(after.status()).isEqualTo(io.voicegate.domain.RequestStatus.SUCCESS);
        assertThat(after.klingUnits()).contains(new java.math.BigDecimal("0.05"));
        assertThat(report.failed()).isZero();
    }

    @Test
    void aDispatchedRequestIsSentAgainToRecheckThenExpiredPastTheDispatchDeadline() {
        String id = gateway.submitted();

        gateway.clock.advance(Duration.ofMinutes(11));
        gateway.sweeper().sweep();
        Request afterFirst = gateway.store.find(id).orElseThrow();
        gateway.clock.advance(Duration.ofMinutes(5));
        SweepOpenRequests.Report second = gateway.sweeper().sweep();

        assertThat(afterFirst.status()).isEqualTo(io.voicegate.domain.RequestStatus.DISPATCHED);
        assertThat(gateway.taskMayExistHints).containsExactly(id);
        Request expired = gateway.store.find(id).orElseThrow();
        assertThat(expired.status()).isEqualTo(io.voicegate.domain.RequestStatus.FAILED);
        assertThat(expired.outcome().flatMap(Outcome::errorCode)).contains("dispatch_deadline_exceeded");
        assertThat(second.expired()).isEqualTo(1);
    }

    @Test
    void aProcessingRequestPastTheProcessingDeadlineFailsAndIsThenRefunded() {
        gateway.kling.neverFinish = true;
        String id = gateway.processing();

        gateway.clock.advance(gateway.plan.processingDeadline().minusMinutes(1));
        gateway.sweeper().sweep();
        Request before = gateway.store.find(id).orElseThrow();
        gateway.clock.advance(Duration.ofMinutes(1));
        gateway.sweeper().sweep();
        Request expired = gateway.store.find(id).orElseThrow();
        gateway.clock.advance(Duration.ofMinutes(6));
        gateway.sweeper().sweep();

        assertThat(before.status()).isEqualTo(io.voicegate.domain.RequestStatus.PROCESSING);
        assertThat(expired.status()).isEqualTo(io.voicegate.domain.RequestStatus.FAILED);
        assertThat(expired.outcome().flatMap(Outcome::errorCode)).contains("processing_deadline_exceeded");
        assertThat(gateway.store.find(id).orElseThrow().billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.balance(Gateway.ACCOUNT)).isEqualTo(Gateway.OPENING);
    }

    @Test
    void youngRequestsAreLeftAlone() {
        String dispatched = gateway.submitted();
        String processing = gateway.processing();
        int queries = gateway.kling.queries.get();
        gateway.clock.advance(Duration.ofSeconds(30));

        SweepOpenRequests.Report report = gateway.sweeper().sweep();

        assertThat(gateway.dispatched).containsOnlyOnce(dispatched, processing);
        assertThat(gateway.kling.queries).hasValue(queries);
        assertThat(report.expired()).isZero();
        assertThat(gateway.store.find(dispatched).orElseThrow().status())
                .isEqualTo(io.voicegate.domain.RequestStatus.DISPATCHED);
    }

    /** 11. A slow but healthy request is not "unsettled" just because it was created long ago. */
    @Test
    void theUnsettledCheckCountsFromTheTerminalMoment() {
        String id = gateway.submitted();
        gateway.store.advance(id, Transition.processing("t-1"), gateway.clock.instant());
        gateway.clock.advance(Duration.ofMinutes(9));
        gateway.store.advance(id, Transition.failed(Outcome.failure("upstream_failed", "no")),
                gateway.clock.instant());

        gateway.clock.advance(Duration.ofMinutes(1));
        SweepOpenRequests.Report justTerminal = gateway.sweeper().sweep();
        gateway.clock.advance(Duration.ofMinutes(5));
        SweepOpenRequests.Report longUnsettled = gateway.sweeper().sweep();

        assertThat(justTerminal.unsettled()).isZero();
        assertThat(longUnsettled.unsettled()).isEqualTo(1);
        assertThat(gateway.store.find(id).orElseThrow().billing().state()).isEqualTo(BillingState.REFUNDED);
    }

    /** 6. One request whose settlement throws is skipped with its reason; the sweep goes on with the others. */
    @Test
    void aRequestThatFailsToSettleDoesNotStopTheSweep() {
        String first = gateway.submitted();
        String second = gateway.submitted();
        for (String id : List.of(first, second)) {
            gateway.store.advance(id, Transition.failed(Outcome.failure("upstream_failed", "no")),
                    gateway.clock.instant());
        }
        InMemoryRequestStore failing = new InMemoryRequestStore() {
            @Override
            public RequestStore.Settle settle(Request request, Settlement settlement, Instant now) {
                if (request.requestId().equals(first)) {
                    throw new IllegalStateException("the account item is missing");
                }
                return gateway.store.settle(request, settlement, now);
            }

            @Override
            public java.util.Optional<Request> find(String requestId) {
                return gateway.store.find(requestId);
            }

            @Override
            public List<RequestStore.OpenRequest> open(RequestStore.OpenState state, Instant before, int limit) {
                return gateway.store.open(state, before, limit);
            }
        };
        SettleRequest settle = new SettleRequest(failing, gateway.delivered::add, a -> Optional.empty(),
                (a, n, r) -> { }, Optional.empty(), gateway.catalog, gateway.clock, io.voicegate.port.Metrics.NONE);
        SweepOpenRequests sweeper = new SweepOpenRequests(failing, gateway.refreshKlingTask(),
                gateway.dispatchQueue(), settle, gateway.admission(), new SweepOpenRequests.Thresholds(
                Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(5)), gateway.clock,
                io.voicegate.port.Metrics.NONE);
        gateway.clock.advance(Duration.ofMinutes(6));

        SweepOpenRequests.Report report = sweeper.sweep();

        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.unsettled()).isEqualTo(2);
        assertThat(gateway.store.find(second).orElseThrow().billing().state()).isEqualTo(BillingState.REFUNDED);
        assertThat(gateway.store.find(first).orElseThrow().billing().state()).isEqualTo(BillingState.HELD);
    }
}

package io.voicegate.app;

import io.voicegate.domain.ErrorCodes;
import io.voicegate.domain.Outcome;
import io.voicegate.domain.Request;
import io.voicegate.domain.RequestStatus;
import io.voicegate.domain.Transition;
import io.voicegate.domain.Voice;
import io.voicegate.port.KlingSlots;
import io.voicegate.port.RequestStore;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.voicegate.domain.RequestBuilder.aRequest;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request store as the use cases that end requests see it, on the fakes: each write that ends a request (a move
 * to success or failed, by {@code advance} or {@code tryAdvance}, or a cancel) gives its Kling slot back once; a write
 * that does not end it, or is refused, gives nothing back; a release that fails does not undo the end.
 */
class SlotReleasingRequestsTest {

    private static final int LIMIT = 2;
    private static final String TASK = "t-1";

    private final Gateway gateway = new Gateway();
    private final InMemoryKlingSlots slots = new InMemoryKlingSlots();
    private final RequestStore ending = ending(slots);

    private SlotReleasingRequests ending(KlingSlots pool) {
        return new SlotReleasingRequests(gateway.store, new KlingAdmission(pool,
                KlingAdmission.Policy.of(LIMIT, Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofMinutes(40)),
                (requestId, delay) -> { }, pause -> gateway.clock.advance(pause), new Random(7), gateway.clock));
    }

    /** A request stored as built, holding a Kling slot. */
    private Request holding(Request request) {
        gateway.store.insert(request, Optional.empty(), Optional.empty());
        assertThat(slots.acquire(request.requestId(), gateway.clock.instant(), LIMIT, Optional.empty()))
                .isInstanceOf(KlingSlots.Granted.class);
        return request;
    }

    private Instant now() {
        return gateway.clock.instant();
    }

    private RequestStatus status(Request request) {
        return gateway.store.find(request.requestId()).orElseThrow().status();
    }

    private static Transition success() {
        return new Transition(RequestStatus.SUCCESS, Optional.of(TASK),
                Optional.of(Outcome.voices(List.of(new Voice("v-1", "ada", "https://kling.example/v.mp3")))),
                Optional.of(new BigDecimal("0.05")));
    }

    private static Transition failure() {
        return new Transition(RequestStatus.FAILED, Optional.of(TASK),
                Optional.of(Outcome.failure(ErrorCodes.UPSTREAM_FAILED, "boom")), Optional.empty());
    }

    @Test
    void advancingToSuccessGivesTheSlotBackOnce() {
        Request request = holding(aRequest().processing(TASK).build());

        boolean moved = ending.advance(request.requestId(), success(), now());
        boolean again = ending.advance(request.requestId(), success(), now());

        assertThat(moved).isTrue();
        assertThat(again).isFalse();
        assertEndedWithItsSlotGivenBackOnce(request, RequestStatus.SUCCESS);
    }

    @Test
    void advancingToFailedGivesTheSlotBack() {
        Request request = holding(aRequest().build());

        boolean moved = ending.advance(request.requestId(), Transition.failed(Outcome.dispatchDeadlineExceeded()),
                now());

        assertThat(moved).isTrue();
        assertEndedWithItsSlotGivenBackOnce(request, RequestStatus.FAILED);
    }

    @Test
    void movingToProcessingKeepsTheSlot() {
        Request request = holding(aRequest().build());

        boolean moved = ending.advance(request.requestId(), Transition.processing(TASK), now());
        RequestStore.Advance tried = ending.tryAdvance(request.requestId(), Transition.processing(TASK), now());

        assertThat(moved).isTrue();
        assertThat(tried.moved()).isFalse();
        assertThat(status(request)).isEqualTo(RequestStatus.PROCESSING);
        assertThat(slots.holds(request.requestId())).isTrue();
        assertThat(slots.releases).hasValue(0);
    }

    @Test
    void anEndingTryAdvanceGivesTheSlotBackOnceAndAnswersAsTheStoreDid() {
        Request request = holding(aRequest().processing(TASK).build());

        RequestStore.Advance first = ending.tryAdvance(request.requestId(), failure(), now());
        RequestStore.Advance duplicate = ending.tryAdvance(request.requestId(), failure(), now());

        assertThat(first).isEqualTo(RequestStore.Advance.made());
        assertThat(duplicate.moved()).isFalse();
        assertThat(duplicate.refusedBy().map(Request::status)).contains(RequestStatus.FAILED);
        assertSlotGivenBackOnce(request);
    }

    @Test
    void aRefusedEndingWriteReleasesNothing() {
        Request other = holding(aRequest().processing("t-other").build());
        Request dispatched = holding(aRequest().voiceName("bea").build());

        RequestStore.Advance foreign = ending.tryAdvance(other.requestId(), success(), now());
        boolean skipped = ending.advance(dispatched.requestId(), success(), now());
        boolean unknown = ending.advance("req-unknown", failure(), now());

        assertThat(foreign.moved()).isFalse();
        assertThat(foreign.refusedBy()).contains(other);
        assertThat(skipped).as("success only follows processing").isFalse();
        assertThat(unknown).isFalse();
        assertThat(slots.holds(other.requestId())).isTrue();
        assertThat(slots.holds(dispatched.requestId())).isTrue();
        assertThat(slots.releases).hasValue(0);
    }

    @Test
    void aCancelGivesTheSlotBackOnce() {
        Request request = holding(aRequest().build());

        boolean canceled = ending.cancel(request.requestId(), Outcome.canceled(), now());
        boolean again = ending.cancel(request.requestId(), Outcome.canceled(), now());

        assertThat(canceled).isTrue();
        assertThat(again).isFalse();
        assertEndedWithItsSlotGivenBackOnce(request, RequestStatus.FAILED);
    }

    @Test
    void aRefusedCancelKeepsTheSlot() {
        Request processing = holding(aRequest().processing(TASK).build());
        Request attempted = holding(aRequest().voiceName("bea").build());
        gateway.store.markCreateAttempted(attempted.requestId(), now());

        boolean first = ending.cancel(processing.requestId(), Outcome.canceled(), now());
        boolean second = ending.cancel(attempted.requestId(), Outcome.canceled(), now());

        assertThat(first).isFalse();
        assertThat(second).isFalse();
        assertThat(slots.held()).isEqualTo(2);
        assertThat(slots.releases).hasValue(0);
    }

    @Test
    void onlyTheEndingRequestsSlotIsGivenBackAndAWaitingRequestCanTakeIt() {
        Request ends = holding(aRequest().processing(TASK).build());
        Request stays = holding(aRequest().processing("t-2").voiceName("bea").build());
        assertThat(slots.acquire("req-waiting", now(), LIMIT, Optional.empty()))
                .isInstanceOf(KlingSlots.Refused.class);

        ending.advance(ends.requestId(), success(), now());

        assertThat(slots.holds(stays.requestId())).isTrue();
        assertThat(slots.acquire("req-waiting", now(), LIMIT, Optional.empty()))
                .isInstanceOf(KlingSlots.Granted.class);
    }

    @Test
    void aReleaseThatFailsLeavesTheEndStandingAndThrowsNothing() {
        Request request = holding(aRequest().processing(TASK).build());
        InMemoryKlingSlots failing = new InMemoryKlingSlots() {
            @Override
            public synchronized void release(String requestId) {
                throw new IllegalStateException("scripted: slots table throttled");
            }
        };

        boolean moved = ending(failing).advance(request.requestId(), success(), now());

        assertThat(moved).isTrue();
        assertThat(status(request)).isEqualTo(RequestStatus.SUCCESS);
        assertThat(slots.holds(request.requestId())).as("the sweeper takes it back later").isTrue();
    }

    @Test
    void writesThatEndNothingPassThroughWithoutTouchingTheSlots() {
        Request request = aRequest().build();

        ending.insert(request, Optional.empty(), Optional.empty());
        Optional<Request> found = ending.find(request.requestId());
        Optional<Request> marked = ending.markCreateAttempted(request.requestId(), now());

        assertThat(found).contains(request);
        assertThat(marked).contains(request);
        assertThat(gateway.store.all()).containsExactly(request);
        assertThat(slots.releases).hasValue(0);
        assertThat(slots.acquisitions).hasValue(0);
    }

    private void assertEndedWithItsSlotGivenBackOnce(Request request, RequestStatus ended) {
        assertThat(status(request)).isEqualTo(ended);
        assertSlotGivenBackOnce(request);
    }

    private void assertSlotGivenBackOnce(Request request) {
        assertThat(slots.holds(request.requestId())).as("the slot held").isFalse();
        assertThat(slots.releases).as("releases").hasValue(1);
    }
}
